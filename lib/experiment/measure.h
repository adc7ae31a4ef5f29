/* A measure: which number of a run a table row or a verdict reads, and how it is shown.
 *
 *   static const ts_measure FINAL_TEST = {"final test accuracy", "test", "accuracy", TS_READ_FINAL,
 *                                         .scale = 100, .unit = "%"};
 *   double v = ts_measure_read(&rec, &FINAL_TEST);        // one run: 0.874
 *   ts_stat s = ts_study_measure(&study, BN, &FINAL_TEST); // across the seeds of a variant
 *
 * A gap is read on the clean split: "train_eval" (an eval-mode pass over the un-augmented
 * training subset) minus "test". The running "train" accuracy is taken during the epoch in
 * train mode, with dropout on and augmentation applied, so it is not the accuracy the
 * network has on its training data. */
#ifndef TS_MEASURE_H
#define TS_MEASURE_H

#include "record.h"
#include "stats.h"

typedef enum {
    TS_READ_FINAL, /* the last epoch's value */
    TS_READ_EPOCH, /* the value at .epoch */
    TS_READ_BEST,  /* the highest value over the epochs */
    TS_READ_SUM,   /* the sum over the epochs (seconds, say) */
    TS_READ_GAP,   /* the last value on .split minus the last on .minus_split */
} ts_reading;

typedef struct {
    const char *name;          /* "final test accuracy": the words a report uses */
    const char *split, *metric;
    ts_reading reading;
    int epoch;                 /* TS_READ_EPOCH */
    const char *minus_split;   /* TS_READ_GAP */
    double scale;              /* shown as value·scale: 100 shows a fraction in percent (0: 1) */
    const char *unit;          /* "%": then differences are "points"; NULL: no unit */
    int digits;                /* decimals shown (0: 1) */
} ts_measure;

/* The measure of one run; NAN when the run lacks it: an epoch it did not reach, or the final
 * value or gap of a run that diverged (its last recorded epoch is not an end). */
double ts_measure_read(const ts_record *r, const ts_measure *m);

/* "points" for a percentage, else the unit itself ("" when none). */
const char *ts_measure_difference_unit(const ts_measure *m);

/* value·scale with the measure's digits (and no unit), into buf. */
void ts_measure_format(const ts_measure *m, double value, char *buf, int len);

#endif
