/* A computed fact: a deterministic check — an exact gradient comparison, a byte count, a
 * derived ratio — that gives the same answer on every run of the same code and data. It is
 * said once, with the quantity it measured and the tolerance it allows, and is not dressed
 * as a replicated result: seeds do not make it more true, and a t-test has nothing to test.
 * A claim about a noisy outcome (accuracy, time) is a verdict instead (verdict.h).
 *
 *   static const ts_fact EXACT = {
 *       .claim = "4 micro-batches of 8 give the gradient of one batch of 32",
 *       .quantity = "max|Δg| / max|g|", .tolerance = 1e-5,      // holds when value ≤ 1e-5
 *       .holds = "the same gradient up to float round-off.",
 *       .fails = "more than round-off: something besides the order of the additions differs."};
 *   ts_fact_report(L, &report, &EXACT, relative);
 *
 * The report and KEY.md get "- **claim** — **holds** (computed once, not a statistic):
 * max|Δg| / max|g| = 3.1e-08 (holds when ≤ 1e-05): the same gradient up to float round-off."
 * and the narration one line. */
#ifndef TS_FACT_H
#define TS_FACT_H

#include "../plot/report.h"
#include "ablation.h"

typedef struct {
    const char *claim;
    const char *quantity;  /* what the value is */
    const char *unit;      /* printed after the value and the tolerance; NULL: none */
    double tolerance;
    int above;             /* 0: the fact holds when value ≤ tolerance; 1: when value > tolerance */
    const char *holds, *fails; /* one sentence each */
} ts_fact;

/* 1 when the fact holds for `value`, 0 when not (NaN: not measured, 0). */
int ts_fact_holds(const ts_fact *f, double value);

/* Writes the fact into the report (and KEY.md) and the narration; returns ts_fact_holds. */
int ts_fact_report(ts_lesson *L, ts_report *r, const ts_fact *f, double value);

/* The same for a fact whose check is not one value against a tolerance (a whole lr
 * sequence, two counts): the caller decides `holds` and says what it measured (printf
 * format); .quantity, .tolerance and .above are not used. Returns holds (0 or 1). */
int ts_fact_report_checked(ts_lesson *L, ts_report *r, const ts_fact *f, int holds, const char *measured_fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
