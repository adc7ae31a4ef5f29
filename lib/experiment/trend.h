/* A trend: does a measure rise (or fall) with a quantity that differs between variants —
 * the input scale, a learning rate, a dropout rate? A ts_verdict compares arms with a
 * baseline; a trend asks one question across all of them, with one test.
 *
 *   enum { SMALL, MEDIUM, LARGE, NVARIANTS };
 *   static const double LOG2_WIDTH[NVARIANTS] = {4, 5, 6};
 *   static const ts_trend WIDER_IS_BETTER = {
 *       .claim = "wider networks reach a higher accuracy",
 *       .measure = {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"},
 *       .x_name = "log2 of the width", .x = LOG2_WIDTH, .per = "per doubling of the width",
 *       .variants = {SMALL, MEDIUM, LARGE}, .nvariants = 3,
 *       .expect = +1,
 *       .confirmed = "…", .contradicted = "…", .no_difference = "…"};
 *   ts_trend_report(L, &report, &study, &WIDER_IS_BETTER);
 *
 * The rule, ts_verdict's in the form a trend needs: every run of the listed variants is a
 * point (its variant's x, its measure); the least-squares slope of the measure on x is
 * tested against 0 by a two-sided t-test with n − 2 degrees of freedom (the textbook test of
 * a regression slope: scipy.stats.linregress), and counts when p < TS_ALPHA. The outcome:
 * confirmed when the slope counts with the sign of .expect, contradicted with the other
 * sign, no difference when it does not count (with .expect = 0, no slope is the
 * confirmation). Fewer than 3 runs of some variant: "indicative", never a finding. The
 * slope says nothing of the shape — a rise that levels off has a positive slope too; the
 * report's table shows each variant's mean beside it. */
#ifndef TS_TREND_H
#define TS_TREND_H

#include "verdict.h"

typedef struct {
    const char *claim;
    ts_measure measure;
    const char *x_name;           /* "log2 of the inputs' std" */
    const double *x;              /* x[v] for variant index v of the study (may be filled at run time) */
    const char *per;              /* the slope's unit of x in words: "per doubling of the width" */
    int variants[TS_VERDICT_MAX_ARMS];
    int nvariants;
    int expect;                   /* the sign of the slope the claim expects; 0: no trend */
    const char *confirmed, *contradicted, *no_difference;
} ts_trend;

/* The least-squares slope of y on x over n points, as a t-test of slope = 0: diff is the
 * slope, se its standard error, df = n − 2, t = slope/se, p two-sided, [lo, hi] its 95%
 * confidence interval. Fewer than 3 points with finite y, or no spread in x: p and the CI
 * are NAN. Points with a non-finite y (a diverged run) are left out. */
ts_welch ts_slope_test(const double *x, const double *y, int n);

/* The rule applied to a study: no output. */
ts_judgement ts_trend_judge(const ts_study *s, const ts_trend *t, ts_welch *slope);

/* Judges and writes: a table (each variant's x and measure), the slope with its CI and p,
 * the sentence into the report and KEY.md, one line into the narration. */
ts_outcome ts_trend_report(ts_lesson *L, ts_report *r, const ts_study *s, const ts_trend *t);

#endif
