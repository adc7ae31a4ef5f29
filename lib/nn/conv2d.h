/* Conv2d: 2-D convolution (cross-correlation), as torch.nn.Conv2d with dilation 1, groups 1.
 *
 *   out[n,o,y,x] = b[o] + Σ_{c,i,j} W[o,c,i,j] · in[n, c, y·s + i − p, x·s + j − p]
 *   H_out = ⌊(H + 2p − k)/s⌋ + 1 (same for W)
 *
 * Computed per sample as im2col + GEMM, the samples of a batch spread over the threads:
 *   col (K, P)          K = C_in·k·k rows, P = H_out·W_out columns: the input patches
 *   out_n (C_out, P)    = W (C_out, K) · col + b        (already NCHW: no transpose)
 * Backward, for each sample, with dout_n (C_out, P):
 *   dWᵀ += col · dout_nᵀ     db += Σ_p dout_n      dcol = Wᵀ · dout_n,  din_n = col2im(dcol)
 * dW is accumulated transposed, (K, C_out): the same product, which OpenBLAS runs faster
 * in that orientation on the seed's shapes (conv 16→32, one thread: 91 against 80 GFLOP/s).
 * col is recomputed in backward rather than saved: it is cheap, and one sample's col
 * and dcol (≤ 0.5 MB each for the seed CNN) stay in the core's cache.
 *
 * Why per sample and not one GEMM over the whole batch: measured on the seed CNN
 * (conv 16→32 on 28×28, batch 64, one thread), the batched GEMM (32 × 50176 × 144) ran
 * at 57 GFLOP/s, the per-sample ones (32 × 784 × 144) at 91 — the batched col matrix
 * (29 MB) streams through memory, the per-sample one stays in L2. Each thread keeps its
 * own dWᵀ/db partial sums, added (and transposed) in thread order at the end
 * (deterministic).
 *
 * im2col/col2im have a fast path for stride 1 with 2p = k − 1 (the seed's 3×3, padding 1):
 * a col row is then the whole input plane shifted by a constant, so each row is one long
 * copy / vectorised add instead of H short ones (see conv2d.c). */
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
    int c, h, w;        /* input (C, H, W) of one sample */
    int k, stride, pad; /* square kernel */
    int ho, wo;         /* output H_out, W_out */
} ts_conv_geom;

/* col (C·k·k, H_out·W_out) ← in (C, H, W) of one sample; zero where the window overhangs. */
void ts_im2col(float *col, const float *in, const ts_conv_geom *g);
/* din (C, H, W) ← for each input pixel, the sum of the col entries it was copied to
 * (the adjoint of im2col; overwrites din). The entries of col that im2col sets to 0
 * (the window over the padding) are ignored, and may be zeroed in col. */
void ts_col2im(float *din, float *col, const ts_conv_geom *g);

#endif
