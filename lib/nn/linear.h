/* Linear: y = x·Wᵀ + b, as torch.nn.Linear. W is stored (out_features, in_features).
 *   out (N, O) = in (N, I) · Wᵀ (I, O) + b
 * Backward:  dW (O, I) += doutᵀ · in     db += Σ_n dout     din (N, I) = dout · W
 * (I and O are Din and Dout in the code: complex.h, pulled in by cblas.h, defines I.)
 * Accepts any input shape and treats it as a flat vector of I = C·H·W features. */
#ifndef TS_LINEAR_H
#define TS_LINEAR_H

#include "layer.h"

typedef struct {
    ts_layer base;
    int in_features, out_features, has_bias;
} ts_linear_layer;

/* nn.Linear(in_features, out_features, bias) */
ts_layer *ts_linear(int in_features, int out_features, int bias);

#endif
