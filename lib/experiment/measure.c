#include "measure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double ts_measure_read(const ts_record *r, const ts_measure *m) {
    const int last = ts_record_last_epoch(r, m->split, m->metric);
    /* a diverged run has epochs recorded up to its divergence, but no end: no final value */
    const int diverged = isfinite(ts_record_get(r, "train", "diverged_step", -1));
    switch (m->reading) {
    case TS_READ_FINAL: return diverged ? NAN : ts_record_get(r, m->split, m->metric, -1);
    case TS_READ_EPOCH: return ts_record_get(r, m->split, m->metric, m->epoch);
    case TS_READ_GAP:
        return diverged ? NAN : ts_record_get(r, m->split, m->metric, -1) - ts_record_get(r, m->minus_split, m->metric, -1);
    case TS_READ_BEST: {
        double best = NAN;
        for (int e = 1; e <= last; e++) {
            const double x = ts_record_get(r, m->split, m->metric, e);
            if (!(best >= x)) best = x; /* NAN never wins over a number */
        }
        return best;
    }
    case TS_READ_SUM: {
        double sum = 0.0;
        for (int e = 1; e <= last; e++) {
            const double x = ts_record_get(r, m->split, m->metric, e);
            if (isfinite(x)) sum += x;
        }
        return sum;
    }
    }
    return NAN;
}

const char *ts_measure_difference_unit(const ts_measure *m) {
    if (!m->unit) return "";
    return strcmp(m->unit, "%") == 0 ? "points" : m->unit;
}

void ts_measure_format(const ts_measure *m, double value, char *buf, int len) {
    if (isnan(value)) snprintf(buf, (size_t)len, "n/a");
    else snprintf(buf, (size_t)len, "%.*f", m->digits ? m->digits : 1, value * (m->scale ? m->scale : 1.0));
}
