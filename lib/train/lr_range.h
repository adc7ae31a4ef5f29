/* The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural
 * Networks", 2017, §3.3), in the form of fastai's lr_find and torch-lr-finder's LRFinder:
 * train from the current weights for num_iter steps while the lr grows exponentially,
 *   lr_i = start_lr·(end_lr/start_lr)^(i/(num_iter − 1)),
 * record the loss of every step, smoothed by an exponential moving average
 *   s_i = smooth·loss_i + (1 − smooth)·s_{i−1}       (s_0 = loss_0),
 * and stop early once s_i > diverge_th·min(s). The loss first barely moves (lr too small),
 * then falls, then explodes (lr too large); a good lr lies on the falling part. The
 * trainer's model and optimizer are changed by the test: use a fresh run. */
#ifndef TS_LR_RANGE_H
#define TS_LR_RANGE_H

#include "train.h"

/* torch-lr-finder's defaults: exponential mode, smooth_f 0.05, diverge_th 5. */
typedef struct {
    double start_lr, end_lr;
    int num_iter;
    double smooth, diverge_th;
} ts_lr_range_options;
#define TS_LR_RANGE_DEFAULTS \
    ((ts_lr_range_options){.start_lr = 1e-5, .end_lr = 10.0, .num_iter = 100, .smooth = 0.05, .diverge_th = 5.0})

/* Runs the test on the loader's batches (as many epochs as needed). lrs and losses hold
 * num_iter values; *n gets how many steps ran before the stop (or a non-finite loss).
 * Steps no scheduler: t->scheduler must be NULL. */
int ts_lr_range_test(ts_trainer *t, ts_loader *ld, ts_lr_range_options o, double *lrs, double *losses, int *n);

/* torch-lr-finder's suggestion: the lr where the smoothed loss falls fastest — the most
 * negative np.gradient of losses over steps, ignoring the first skip_start and the last
 * skip_end points (10 and 5 there). NAN when fewer than 2 points remain. */
double ts_lr_range_steepest(const double *lrs, const double *losses, int n, int skip_start, int skip_end);

/* fastai's older rule of thumb: the lr of the minimum smoothed loss, divided by 10. */
double ts_lr_range_min_over_10(const double *lrs, const double *losses, int n);

#endif
