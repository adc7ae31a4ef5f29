/* Is gradient accumulation exact? From one model's weights, the gradient of a batch of
 * k·b samples against the sum of k micro-batches of b whose losses are each scaled by 1/k
 * (the seed's `loss / accum_iter`; every micro-batch is full, so this is also n_i/S):
 *
 *   ts_accum_check c;
 *   ts_accum_check_run(model, x, y, 8, 4, &c);   // x, y: 32 samples
 *   c.relative                                   // max|g_accum − g_batch| / max|g_batch|
 *
 * Without BatchNorm the two are the same sum in another order: they differ by float
 * round-off, a few ε = 1.2e-7 relative at most (measured about 3e-8 on the seed CNN).
 * With BatchNorm each micro-batch is normalised with its own statistics — another
 * function of the weights — and the gradients differ by a large fraction of themselves;
 * the running statistics, updated by every forward pass in train mode, differ too
 * (k updates from b-sample statistics against one from k·b). The model itself is not
 * touched: both sides run on copies. Dropout would draw different masks on the two sides;
 * check a model without it. */
#ifndef TS_ACCUM_CHECK_H
#define TS_ACCUM_CHECK_H

#include "../nn/sequential.h"

typedef struct {
    double grad_diff;   /* max |g_accum − g_batch| over the parameters */
    double grad_max;    /* max |g_batch| */
    double relative;    /* grad_diff / grad_max */
    double buffer_diff; /* max |Δ| of the running statistics afterwards; 0 for a model without */
} ts_accum_check;

/* x: (micro·k, in), y: micro·k labels. TS_ERR + message when out of memory or on a bad label. */
int ts_accum_check_run(const ts_model *m, const float *x, const int *y, int micro, int k, ts_accum_check *out);

#endif
