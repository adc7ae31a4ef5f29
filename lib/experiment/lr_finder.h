/* An LR finder over seeds: the LR range test (lib/train/lr_range.h) of a run configuration,
 * once per seed from fresh weights, with torch-lr-finder's suggestion for each seed and one
 * suggestion over the seeds, so that a lesson can show the test and then train at its answer:
 *
 *   ts_lr_finder f;
 *   if (ts_lr_finder_run(&f, &config, &train, 5, o) != TS_OK) ...
 *   study.base.lr = (float)f.suggestion;                   // train at the suggestion
 *   ts_lr_finder_table(&report, &f, &o, 64);               // the method, | seed | steps | suggestions |
 *   ts_lr_finder_chart(&f, dir, "lr-range-test", &best_lr, &label, 1);
 *   ts_lr_finder_free(&f);
 *
 * Seed k (1-based) initialises the weights and shuffles the batches as run seed k does
 * (ts_run_init). A seed's suggestion is the steepest descent of its smoothed loss, skipping
 * the first 10 and the last 5 points (torch-lr-finder); the suggestion over the seeds is the
 * geometric mean of the seeds' finite ones — the tests of different seeds can disagree by a
 * factor of several, which the table shows. */
#ifndef TS_LR_FINDER_H
#define TS_LR_FINDER_H

#include "../plot/report.h"
#include "../train/lr_range.h"
#include "run.h"

typedef struct {
    int seeds;
    int *n;                   /* [seed]: the steps its test ran before it stopped */
    double **lrs, **losses;   /* [seed][step]: the lr and the smoothed loss */
    double *steepest, *min10; /* [seed]: the steepest-descent and the minimum/10 rules (NAN: none) */
    double suggestion;        /* the geometric mean of the finite steepest-descent lrs; NAN: none */
} ts_lr_finder;

/* Runs the test for seeds 1..seeds on c's model, optimizer and training data (c->lr and
 * c->schedule are not used: the test sets the lr). On failure everything is freed. */
int ts_lr_finder_run(ts_lr_finder *f, const ts_run_config *c, const ts_dataset *train, int seeds, ts_lr_range_options o);
void ts_lr_finder_free(ts_lr_finder *f);

/* Into the report: what was run (o, the batch size) in a paragraph, then the per-seed table. */
void ts_lr_finder_table(ts_report *r, const ts_lr_finder *f, const ts_lr_range_options *o, int batch_size);

/* Each seed's smoothed loss against the lr (log x), a dashed vertical line at the suggestion
 * and one at each of the nmarks marks (labelled), into dir/name.{dat,gp,png}. */
int ts_lr_finder_chart(const ts_lr_finder *f, const char *dir, const char *name, const double *marks,
                       const char *const *mark_labels, int nmarks);

#endif
