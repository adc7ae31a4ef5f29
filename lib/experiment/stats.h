/* Statistics across seeds, and the comparison a verdict is computed from. */
#ifndef TS_STATS_H
#define TS_STATS_H

typedef struct {
    double mean, std; /* std: sample standard deviation (n − 1); 0 when n < 2 */
    double min, max;
    int n;            /* finite values used */
} ts_stat;

/* Over the finite values of v[0..n) (NaN/Inf, e.g. of diverged runs, are skipped). */
ts_stat ts_stat_of(const double *v, int n);

/* Welch's two-sided t-test of mean_a − mean_b (Welch 1947), for samples of unequal
 * variance and size, as scipy.stats.ttest_ind(a, b, equal_var=False):
 *   se² = s_a²/n_a + s_b²/n_b,   t = (mean_a − mean_b)/se,
 *   ν  = se⁴ / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))   (Welch–Satterthwaite)
 *   p  = P(|T_ν| ≥ |t|),   95% CI = diff ± t_{0.975,ν}·se.
 * Both samples without spread (deterministic runs): p = 0 when the means differ, 1 when
 * they are equal. Fewer than 2 values on either side: no test, p and the CI are NAN. */
typedef struct {
    double diff;     /* mean_a − mean_b */
    double se, df, t;
    double p;        /* two-sided */
    double lo, hi;   /* 95% confidence interval of diff */
} ts_welch;
ts_welch ts_welch_test(ts_stat a, ts_stat b);

/* The same t-test of any estimate with its standard error and degrees of freedom (a slope,
 * say): t = estimate/se, two-sided p, 95% CI; se = 0 makes the estimate exact; NAN se: no test. */
ts_welch ts_t_test_of_estimate(double estimate, double se, double df);

/* Holm's step-down correction (Holm 1979) for m tests made together, as one verdict that
 * compares several variants with a baseline: sort the p-values, p_(1) ≤ … ≤ p_(m); the
 * adjusted value of the j-th is max_{i≤j} min(1, (m − i + 1)·p_(i)). A test counts when its
 * adjusted p is below the level; the family's chance of any false finding stays below it.
 * NAN entries (no test) are left NAN and do not count in m. adjusted may alias p. */
void ts_holm(const double *p, int m, double *adjusted);

/* The significance level of every verdict. */
#define TS_ALPHA 0.05

/* "0.912 ± 0.004" with `digits` decimals (scaled by `scale`, e.g. 100 for percent). */
void ts_stat_format(ts_stat s, double scale, int digits, char *buf, int len);

#endif
