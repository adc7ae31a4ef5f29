/* Element-wise activations, as torch.nn.ReLU / LeakyReLU / Tanh / Sigmoid.
 *   ReLU       y = max(0, x)                 dy/dx = [y > 0]   (PyTorch: 0 at x = 0)
 *   LeakyReLU  y = x if x > 0 else s·x       dy/dx = 1 or s    (s = negative_slope, default 0.01)
 *   Tanh       y = tanh x                    dy/dx = 1 − y²
 *   Sigmoid    y = 1/(1 + e^−x)              dy/dx = y(1 − y)
 * The derivative is written with y where possible, as PyTorch's backward does. */
#ifndef TS_ACTIVATIONS_H
#define TS_ACTIVATIONS_H

#include "layer.h"

ts_layer *ts_relu(void);
ts_layer *ts_leaky_relu(float negative_slope);
ts_layer *ts_tanh(void);
ts_layer *ts_sigmoid(void);

#endif
