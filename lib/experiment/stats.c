#include "stats.h"

#include <math.h>
#include <stdio.h>

#include "student_t.h"

ts_stat ts_stat_of(const double *v, int n) {
    ts_stat s = {.mean = NAN, .std = NAN, .min = NAN, .max = NAN};
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            sum += v[i];
            s.min = s.n == 0 || v[i] < s.min ? v[i] : s.min;
            s.max = s.n == 0 || v[i] > s.max ? v[i] : s.max;
            s.n++;
        }
    if (s.n == 0) return s;
    s.mean = sum / s.n;
    double sq = 0.0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) sq += (v[i] - s.mean) * (v[i] - s.mean);
    s.std = s.n > 1 ? sqrt(sq / (s.n - 1)) : 0.0;
    return s;
}

void ts_stat_format(ts_stat s, double scale, int digits, char *buf, int len) {
    if (s.n == 0) snprintf(buf, (size_t)len, "n/a");
    else if (s.n == 1) snprintf(buf, (size_t)len, "%.*f", digits, s.mean * scale);
    else snprintf(buf, (size_t)len, "%.*f ± %.*f", digits, s.mean * scale, digits, s.std * scale);
}

ts_welch ts_t_test_of_estimate(double estimate, double se, double df) {
    ts_welch w = {.diff = estimate, .se = se, .df = df, .t = NAN, .p = NAN, .lo = NAN, .hi = NAN};
    if (isnan(se) || !(df > 0.0)) return w;
    if (se == 0.0) { /* no spread: the estimate is exact */
        w.t = estimate == 0.0 ? 0.0 : copysign(INFINITY, estimate);
        w.p = estimate == 0.0 ? 1.0 : 0.0;
        w.lo = w.hi = estimate;
        return w;
    }
    w.t = estimate / se;
    w.p = ts_student_t_two_sided(w.t, df);
    const double half = ts_student_t_quantile(0.975, df) * se;
    w.lo = estimate - half;
    w.hi = estimate + half;
    return w;
}

ts_welch ts_welch_test(ts_stat a, ts_stat b) {
    if (a.n < 2 || b.n < 2) return ts_t_test_of_estimate(a.mean - b.mean, NAN, NAN);
    const double va = a.std * a.std / a.n, vb = b.std * b.std / b.n;
    const double se = sqrt(va + vb);
    /* Welch–Satterthwaite; with no spread on either side, the pooled n_a + n_b − 2 */
    const double df = se == 0.0 ? a.n + b.n - 2 : (va + vb) * (va + vb) / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    return ts_t_test_of_estimate(a.mean - b.mean, se, df);
}

void ts_holm(const double *p, int m, double *adjusted) {
    int order[m > 0 ? m : 1], tested = 0;
    for (int i = 0; i < m; i++)
        if (!isnan(p[i])) order[tested++] = i;
    for (int i = 1; i < tested; i++) /* insertion sort of the indices by p: m is a handful */
        for (int j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
            const int swap = order[j];
            order[j] = order[j - 1];
            order[j - 1] = swap;
        }
    double sorted[m > 0 ? m : 1];
    for (int j = 0; j < tested; j++) sorted[j] = p[order[j]];
    for (int i = 0; i < m; i++)
        if (isnan(p[i])) adjusted[i] = NAN;
    double running = 0.0; /* the max over i ≤ j keeps the adjusted values in the order of p */
    for (int j = 0; j < tested; j++) {
        running = fmax(running, fmin(1.0, (tested - j) * sorted[j]));
        adjusted[order[j]] = running;
    }
}
