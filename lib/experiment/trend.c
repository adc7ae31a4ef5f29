#include "trend.h"

#include <math.h>
#include <stdio.h>

#include "student_t.h"

ts_welch ts_slope_test(const double *x, const double *y, int n) {
    ts_welch w = {.diff = NAN, .se = NAN, .df = NAN, .t = NAN, .p = NAN, .lo = NAN, .hi = NAN};
    double sx = 0.0, sy = 0.0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(y[i])) {
            sx += x[i];
            sy += y[i];
            m++;
        }
    if (m < 3) return w;
    const double mx = sx / m, my = sy / m;
    double sxx = 0.0, sxy = 0.0;
    for (int i = 0; i < n; i++)
        if (isfinite(y[i])) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
    if (!(sxx > 0.0)) return w;
    w.diff = sxy / sxx;
    double rss = 0.0; /* residual sum of squares around the line */
    for (int i = 0; i < n; i++)
        if (isfinite(y[i])) {
            const double r = y[i] - my - w.diff * (x[i] - mx);
            rss += r * r;
        }
    return ts_t_test_of_estimate(w.diff, sqrt(rss / (m - 2) / sxx), m - 2);
}

ts_judgement ts_trend_judge(const ts_study *s, const ts_trend *t, ts_welch *slope) {
    ts_judgement j = {.outcome = TS_UNTESTED, .min_n = s->seeds};
    const int n = t->nvariants * s->seeds;
    double x[n], y[n];
    for (int i = 0; i < t->nvariants; i++) {
        const int v = t->variants[i];
        ts_study_measure_values(s, v, &t->measure, y + i * s->seeds);
        for (int k = 0; k < s->seeds; k++) x[i * s->seeds + k] = t->x[v];
        j.arm[i] = ts_stat_of(y + i * s->seeds, s->seeds);
        if (j.arm[i].n < j.min_n) j.min_n = j.arm[i].n;
    }
    *slope = ts_slope_test(x, y, n);
    j.indicative = j.min_n < 3;
    if (isnan(slope->p)) return j;
    const int direction = slope->p < TS_ALPHA ? (slope->diff > 0 ? 1 : -1) : 0;
    if (t->expect == 0) j.outcome = direction ? TS_CONTRADICTED : TS_CONFIRMED;
    else j.outcome = direction == t->expect ? TS_CONFIRMED : direction ? TS_CONTRADICTED : TS_NO_DIFFERENCE;
    return j;
}

ts_outcome ts_trend_report(ts_lesson *L, ts_report *r, const ts_study *s, const ts_trend *t) {
    ts_welch w;
    const ts_judgement j = ts_trend_judge(s, t, &w);
    const double scale = t->measure.scale ? t->measure.scale : 1.0;
    const int digits = t->measure.digits ? t->measure.digits : 1;
    const char *unit = ts_measure_difference_unit(&t->measure);
    ts_report_printf(r, "**Claim: %s.** Measure: %s, against %s; the claim's direction: %s.\n\n", t->claim,
                     t->measure.name, t->x_name, t->expect > 0 ? "rising" : t->expect < 0 ? "falling" : "flat");
    ts_report_printf(r, "| variant | %s | %s |\n|---|---|---|\n", t->x_name, t->measure.name);
    for (int i = 0; i < t->nvariants; i++) {
        char value[96];
        ts_stat_format(j.arm[i], scale, digits, value, sizeof value);
        ts_report_printf(r, "| %s | %.2f | %s |\n", s->variants[t->variants[i]].label, t->x[t->variants[i]], value);
    }
    char slope[160] = "n/a (fewer than 3 finished runs, or x does not vary)";
    if (!isnan(w.p))
        snprintf(slope, sizeof slope, "%+.*f %s %s, 95%% CI [%+.*f, %+.*f], p %s%.3g", digits + 1, w.diff * scale,
                 unit, t->per ? t->per : "per unit of x", digits + 1, w.lo * scale, digits + 1, w.hi * scale,
                 w.p < 0.001 ? "< " : "= ", w.p < 0.001 ? 0.001 : w.p);
    ts_report_printf(r, "\nLeast-squares slope over the %d runs (t-test on n − 2 degrees of freedom): %s.\n\n",
                     t->nvariants * s->seeds, slope);
    const ts_verdict words = {.expect = t->expect};
    const char *name = ts_outcome_name(&words, j.outcome);
    const char *sentence = j.outcome == TS_UNTESTED ? "fewer than 3 finished runs, so no test."
                           : j.outcome == TS_CONTRADICTED ? t->contradicted
                           : j.outcome == TS_CONFIRMED && t->expect != 0 ? t->confirmed
                                                                         : t->no_difference;
    ts_report_outcome(r, t->claim, &j, name, sentence);
    ts_say(L, "  %s: %s%s (slope %s)\n", t->claim, j.indicative && j.outcome != TS_UNTESTED ? "indicative, leaning " : "",
           name, slope);
    return j.outcome;
}
