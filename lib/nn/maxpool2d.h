/* MaxPool2d: the maximum of each k×k window, as torch.nn.MaxPool2d (dilation 1,
 * ceil_mode False).  stride defaults to kernel_size in PyTorch; pass it explicitly here.
 *   out[n,c,y,x] = max_{i,j} in[n, c, y·s + i − p, x·s + j − p]   (padding counts as −∞)
 *   H_out = ⌊(H + 2p − k)/s⌋ + 1
 * Forward saves the argmax of each window (an int32 per output); backward routes each
 * output gradient to that one input (the first maximum wins ties, as in PyTorch; NaN
 * propagates). */
#ifndef TS_MAXPOOL2D_H
#define TS_MAXPOOL2D_H

#include "layer.h"

typedef struct {
    ts_layer base;
    int kernel_size, stride, padding;
} ts_maxpool2d_layer;

ts_layer *ts_maxpool2d(int kernel_size, int stride, int padding);

#endif
