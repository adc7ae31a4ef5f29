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

/* Is a − b larger than the seed-to-seed noise? With standard errors s_a = std_a/√n_a,
 * the difference counts as real when |a − b| > 2·√(s_a² + s_b²) (about a 95% Welch
 * interval for normal data); with a single seed on either side it never does.
 * Returns +1 (a larger), −1 (b larger) or 0 (within noise). */
int ts_stat_compare(ts_stat a, ts_stat b);

/* The words for a comparison's outcome: `larger` for +1, `smaller` for −1, `same` for 0 —
 * but with fewer than two seeds there is no noise estimate, and the text says so instead
 * of claiming "no difference". */
const char *ts_compare_text(int seeds, int cmp, const char *larger, const char *smaller, const char *same);

/* "0.912 ± 0.004" with `digits` decimals (scaled by `scale`, e.g. 100 for percent). */
void ts_stat_format(ts_stat s, double scale, int digits, char *buf, int len);

#endif
