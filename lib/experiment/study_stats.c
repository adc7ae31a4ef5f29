/* A study's numbers across seeds (ablation.h): one statistic per variant, from the runs' records. */
#include "ablation.h"

#include <math.h>

ts_stat ts_study_stat(const ts_study *s, int v, const char *split, const char *metric, int epoch) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .epoch = epoch,
                                                .reading = epoch < 0 ? TS_READ_FINAL : TS_READ_EPOCH});
}

ts_stat ts_study_epochs_to(const ts_study *s, int v, const char *split, const char *metric, double threshold) {
    double values[128];
    const int n = s->seeds < 128 ? s->seeds : 128;
    for (int k = 0; k < n; k++) {
        const ts_record *r = &s->records[v * s->seeds + k];
        values[k] = NAN;
        for (int e = 1; e <= ts_record_last_epoch(r, split, metric); e++)
            if (ts_record_get(r, split, metric, e) >= threshold) {
                values[k] = e;
                break;
            }
    }
    return ts_stat_of(values, n);
}

void ts_study_measure_values(const ts_study *s, int v, const ts_measure *m, double *values) {
    for (int k = 0; k < s->seeds; k++) values[k] = ts_measure_read(&s->records[v * s->seeds + k], m);
}

ts_stat ts_study_measure(const ts_study *s, int v, const ts_measure *m) {
    double values[s->seeds];
    ts_study_measure_values(s, v, m, values);
    return ts_stat_of(values, s->seeds);
}

ts_stat ts_study_best(const ts_study *s, int v, const char *split, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .reading = TS_READ_BEST});
}

ts_stat ts_study_sum(const ts_study *s, int v, const char *split, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .reading = TS_READ_SUM});
}

ts_stat ts_study_gap(const ts_study *s, int v, const char *split_a, const char *split_b, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split_a, .metric = metric, .reading = TS_READ_GAP,
                                                .minus_split = split_b});
}

int ts_study_diverged(const ts_study *s, int v) {
    int count = 0;
    for (int k = 0; k < s->seeds; k++)
        count += isfinite(ts_record_get(&s->records[v * s->seeds + k], "train", "diverged_step", -1));
    return count;
}

int ts_study_failed(const ts_study *s, int v, double below) {
    int count = 0;
    for (int k = 0; k < s->seeds; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        count += isfinite(ts_record_get(rec, "train", "diverged_step", -1)) ||
                 !(ts_record_get(rec, "test", "accuracy", -1) >= below);
    }
    return count;
}
