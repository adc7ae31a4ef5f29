/* Conv2d: 2-D convolution (cross-correlation), as torch.nn.Conv2d with dilation 1, groups 1.
 *
 *   out[n,o,y,x] = b[o] + Σ_{c,i,j} W[o,c,i,j] · in[n, c, y·s + i − p, x·s + j − p]
 *   H_out = ⌊(H + 2p − k)/s⌋ + 1 (same for W)
 *
 * Computed as im2col + one GEMM for the whole batch (so the GEMM is big):
 *   col (K, N·P)        K = C_in·k·k rows, one column per output pixel of every sample
 *   tmp (C_out, N·P)    = W (C_out, K) · col
 *   out (N, C_out, P)   = tmp transposed per sample, + b
 * Backward, with dT (C_out, N·P) the transposed dout:
 *   dW += dT · colᵀ        db += Σ_columns dT        dcol = Wᵀ · dT,  din = col2im(dcol)
 * col is saved by forward for backward: K·N·P floats (memory for speed). */
#ifndef TS_CONV2D_H
#define TS_CONV2D_H

#include "layer.h"

typedef struct {
    ts_layer base;
    int in_channels, out_channels, kernel_size, stride, padding, has_bias;
} ts_conv2d_layer;

/* nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias) */
ts_layer *ts_conv2d(int in_channels, int out_channels, int kernel_size, int stride, int padding,
                    int bias);

/* The geometry of one convolution, shared by the kernels below. */
typedef struct {
    int n, c, h, w;     /* input (N, C, H, W) */
    int k, stride, pad; /* square kernel */
    int ho, wo;         /* output H_out, W_out */
} ts_conv_geom;

/* col (C·k·k, N·H_out·W_out) ← in (N, C, H, W); zero where the window overhangs. */
void ts_im2col(float *col, const float *in, const ts_conv_geom *g);
/* din (N, C, H, W) ← Σ of col entries that came from each input pixel (overwrites din). */
void ts_col2im(float *din, const float *col, const ts_conv_geom *g);

#endif
