/* A verdict: a claim of the study note tested on a study's runs, declared as data.
 *
 *   enum { NO_BN, BN };
 *   static const ts_verdict FASTER = {
 *       .claim = "BN trains faster",
 *       .measure = {"test accuracy after epoch 1", "test", "accuracy", TS_READ_EPOCH, .epoch = 1,
 *                   .scale = 100, .unit = "%"},
 *       .baseline = TS_ARM(NO_BN), .arms = {TS_ARM(BN)}, .narms = 1,
 *       .expect = +1,    // the textbook expects BN − no BN > 0
 *       .confirmed = "BN is ahead after one epoch.",
 *       .contradicted = "the plain network is ahead after one epoch.",
 *       .no_difference = "no difference after one epoch beyond the seed-to-seed noise."};
 *   ts_verdict_report(L, &report, &study, &FASTER);
 *
 * One engine applies one rule to every verdict of every lesson:
 *   - each arm is compared with the baseline by Welch's two-sided t-test (stats.h) on the
 *     per-seed values of the measure;
 *   - with several arms, Holm's correction across them; a comparison counts when its
 *     (adjusted) p < TS_ALPHA;
 *   - the outcome: confirmed when some arm differs in the expected direction and none in
 *     the other, contradicted for the reverse, mixed for both, no difference for neither.
 *     With .expect = 0 (the note expects no effect) no difference is the confirmation;
 *   - with fewer than 3 values on a side the verdict is printed as "indicative (n = 2)",
 *     never as a finding: at 2 seeds a t-test has 1 degree of freedom and almost no power.
 * The report gets a table (each comparison's difference, its 95% confidence interval, p)
 * and the outcome's sentence; KEY.md and the narration get the sentence.
 *
 * An arm is a variant, or a change between two variants of the same seed:
 * TS_CHANGE(BN_LR10, BN) reads, per seed, value(BN_LR10) − value(BN). Comparing two changes
 * asks whether a factor's effect differs between arms (an interaction): "does raising the
 * lr hurt the plain network more than the BN network?" */
#ifndef TS_VERDICT_H
#define TS_VERDICT_H

#include "../plot/report.h"
#include "ablation.h"

typedef struct {
    int variant;
    int minus; /* −1: the variant itself; else the change variant − minus, per seed */
} ts_arm;
#define TS_ARM(v) ((ts_arm){(v), -1})
#define TS_CHANGE(v, from) ((ts_arm){(v), (from)})

enum { TS_VERDICT_MAX_ARMS = 8 };

typedef struct {
    const char *claim;          /* the claim under test, as the note puts it */
    ts_measure measure;
    ts_arm baseline;
    ts_arm arms[TS_VERDICT_MAX_ARMS];
    int narms;
    int expect;                 /* the sign of arm − baseline the textbook expects; 0: no effect */
    /* one sentence per outcome, completing "<outcome>: …" */
    const char *confirmed, *contradicted, *no_difference;
} ts_verdict;

typedef enum {
    TS_NO_DIFFERENCE, /* no comparison counts */
    TS_CONFIRMED,     /* as expected (with expect 0: no difference) */
    TS_CONTRADICTED,
    TS_MIXED,         /* arms differ in both directions */
    TS_UNTESTED,      /* no comparison had 2 values on each side (runs diverged, one seed) */
} ts_outcome;

typedef struct {
    ts_outcome outcome;
    int indicative;             /* fewer than 3 values on some side */
    int min_n;                  /* the fewest values on any side */
    ts_stat baseline, arm[TS_VERDICT_MAX_ARMS];
    ts_welch test[TS_VERDICT_MAX_ARMS];
    double p_adjusted[TS_VERDICT_MAX_ARMS]; /* Holm across the arms (the raw p with one arm) */
    int direction[TS_VERDICT_MAX_ARMS];     /* +1 / −1 when that comparison counts, else 0 */
} ts_judgement;

/* The rule, applied: no output. */
ts_judgement ts_verdict_judge(const ts_study *s, const ts_verdict *v);

/* The rule applied to per-seed values given directly (values[arm][seed], n_arm values
 * each; index 0 the baseline): what ts_verdict_judge does once the study is read. */
ts_judgement ts_verdict_judge_values(const ts_verdict *v, const double *const *values, const int *n);

/* Judges and writes: the table and the sentence into the report (the sentence into KEY.md
 * too) and one line into the narration. Returns the outcome. */
ts_outcome ts_verdict_report(ts_lesson *L, ts_report *r, const ts_study *s, const ts_verdict *v);

/* The line every verdict ends with, into the report and KEY.md: "- **claim** — **outcome**:
 * sentence", or under 3 seeds "- **claim** — *indicative (n = 2), not a finding*: …". */
void ts_report_outcome(ts_report *r, const char *claim, const ts_judgement *j, const char *name, const char *sentence);

/* The outcome's words: "confirmed", "contradicted", "no difference beyond the noise", … */
const char *ts_outcome_name(const ts_verdict *v, ts_outcome o);

/* Verdicts side by side, after each has been reported: a table row per verdict,
 * "| questions[i] | claim | outcome |", the outcome prefixed "indicative, leaning:" under 3 seeds. */
void ts_report_verdict_summary(ts_report *r, const ts_study *s, const char *const *questions, const ts_verdict *v,
                               int n);

/* Of the n variants given, the one with the highest mean of the measure (the first on a tie):
 * the baseline of a verdict "against the best of a grid". It is picked on the same runs it is
 * then compared with, which favours it; a report should say so. */
int ts_study_best_variant(const ts_study *s, const int *variants, int n, const ts_measure *m);

#endif
