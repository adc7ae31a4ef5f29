/* Dropout and Dropout2d (Srivastava et al. 2014), inverted as in PyTorch:
 *   train: y = x · mask / (1 − p),  mask ~ Bernoulli(1 − p)   (so E[y] = x)
 *   eval:  y = x
 * Dropout draws one mask value per element; Dropout2d one per (sample, channel) and
 * zeroes whole feature maps (Tompson et al. 2015). p = 1 zeroes everything.
 * Backward: dx = dy · mask / (1 − p) with the mask of the forward (saved). */
#ifndef TS_DROPOUT_H
#define TS_DROPOUT_H

#include "layer.h"

typedef struct {
    ts_layer base;
    float p;
    int per_channel; /* 1 for Dropout2d */
} ts_dropout_layer;

ts_layer *ts_dropout(float p);
ts_layer *ts_dropout2d(float p);

/* The kernel, for tests that fix the mask: y = x · scale[unit], one scale per group of
 * `group` consecutive elements (1 for Dropout, H·W for Dropout2d). */
void ts_dropout_apply(float *y, const float *x, const float *scale, size_t units, size_t group);

#endif
