/* A fact: a claim that a deterministic measurement settles once — a scheduler's lr sequence,
 * what the lr does when step() is never called — declared as data, like a verdict
 * (verdict.h), but with no seeds and no test: the measurement is the same on every run, so
 * repeating it would only count the same thing again.
 *
 *   static const ts_fact COMPOUNDS = {
 *       .claim = "MultiplicativeLR compounds its factors",
 *       .holds = "the factors multiply up to 0.95^(e(e+1)/2).",
 *       .fails = "it does not follow 0.95^(e(e+1)/2): check the library."};
 *   ts_fact_report(L, &report, &COMPOUNDS, deviation < 1e-9, "largest deviation %.1e", deviation);
 *
 * The report (and KEY.md) get "- **claim** — shown once (deterministic): <measured>; <sentence>",
 * the narration one line. */
#ifndef TS_FACT_H
#define TS_FACT_H

#include "ablation.h"

typedef struct {
    const char *claim; /* the claim, as the note (or the lesson) puts it */
    const char *holds; /* the sentence when the measurement shows the claim */
    const char *fails; /* the sentence when it does not */
} ts_fact;

/* Writes the fact with what was measured (printf format) and the sentence for `holds`;
 * returns holds (0 or 1). */
int ts_fact_report(ts_lesson *L, ts_report *r, const ts_fact *f, int holds, const char *measured_fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
