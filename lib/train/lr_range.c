#include "lr_range.h"

#include <math.h>

#include "../core/error.h"

int ts_lr_range_test(ts_trainer *t, ts_loader *ld, ts_lr_range_options o, double *lrs, double *losses, int *n) {
    *n = 0;
    if (!(o.start_lr > 0.0 && o.end_lr > o.start_lr) || o.num_iter < 2 || !(o.smooth > 0.0 && o.smooth <= 1.0) ||
        !(o.diverge_th > 1.0))
        return ts_fail("lr range test: need 0 < start_lr < end_lr, num_iter >= 2, 0 < smooth <= 1, diverge_th > 1");
    if (t->scheduler) return ts_fail("lr range test: the trainer must not have a scheduler");
    int epoch = 0;
    double best = INFINITY;
    ts_loader_start_epoch(ld, epoch);
    for (int i = 0; i < o.num_iter; i++) {
        const float *x;
        const int *y;
        int size = ts_loader_next(ld, &x, &y);
        if (size <= 0) { /* the next epoch */
            ts_loader_start_epoch(ld, ++epoch);
            if ((size = ts_loader_next(ld, &x, &y)) <= 0) return ts_fail("lr range test: the loader is empty");
        }
        const double lr = o.start_lr * pow(o.end_lr / o.start_lr, (double)i / (double)(o.num_iter - 1));
        t->optimizer->lr = (float)lr;
        float loss;
        int correct;
        if (ts_train_step(t, x, y, size, &loss, &correct) != TS_OK) return TS_ERR;
        if (!isfinite(loss)) break;
        const double smoothed = i == 0 ? loss : o.smooth * loss + (1.0 - o.smooth) * losses[i - 1];
        lrs[i] = lr, losses[i] = smoothed;
        *n = i + 1;
        if (smoothed < best) best = smoothed;
        if (smoothed > o.diverge_th * best) break;
    }
    return TS_OK;
}

double ts_lr_range_steepest(const double *lrs, const double *losses, int n, int skip_start, int skip_end) {
    const int lo = skip_start, hi = n - skip_end; /* the window [lo, hi) */
    if (hi - lo < 2) return NAN;
    int best = lo;
    double steepest = INFINITY;
    for (int i = lo; i < hi; i++) {
        /* np.gradient over the window: one-sided at its ends, central inside */
        const double g = i == lo ? losses[i + 1] - losses[i]
                         : i == hi - 1 ? losses[i] - losses[i - 1]
                                       : (losses[i + 1] - losses[i - 1]) / 2.0;
        if (g < steepest) steepest = g, best = i;
    }
    return lrs[best];
}

double ts_lr_range_min_over_10(const double *lrs, const double *losses, int n) {
    if (n < 1) return NAN;
    int best = 0;
    for (int i = 1; i < n; i++)
        if (losses[i] < losses[best]) best = i;
    return lrs[best] / 10.0;
}
