#include "stats.h"

#include <math.h>
#include <stdio.h>

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

int ts_stat_compare(ts_stat a, ts_stat b) {
    if (a.n < 2 || b.n < 2) return 0;
    const double noise = 2.0 * sqrt(a.std * a.std / a.n + b.std * b.std / b.n);
    const double diff = a.mean - b.mean;
    if (diff > noise) return 1;
    if (-diff > noise) return -1;
    return 0;
}

const char *ts_compare_text(int seeds, int cmp, const char *larger, const char *smaller, const char *same) {
    if (seeds < 2) return "only one seed per variant, so no noise estimate and no verdict (use --seeds 2 or more).";
    return cmp > 0 ? larger : cmp < 0 ? smaller : same;
}

void ts_stat_format(ts_stat s, double scale, int digits, char *buf, int len) {
    if (s.n == 0) snprintf(buf, (size_t)len, "n/a");
    else if (s.n == 1) snprintf(buf, (size_t)len, "%.*f", digits, s.mean * scale);
    else snprintf(buf, (size_t)len, "%.*f ± %.*f", digits, s.mean * scale, digits, s.std * scale);
}
