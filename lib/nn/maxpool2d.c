#include "maxpool2d.h"

#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"

static int pool_infer(ts_layer *l, ts_shape in) {
    const ts_maxpool2d_layer *mp = (const ts_maxpool2d_layer *)l;
    const int k = mp->kernel_size, s = mp->stride, p = mp->padding;
    if (k <= 0 || s <= 0 || p < 0) return ts_fail("kernel_size and stride must be positive, padding >= 0");
    if (2 * p > k) return ts_fail("padding should be at most half of kernel size, got padding=%d, kernel_size=%d", p, k);
    const int ho = (in.h + 2 * p - k) / s + 1, wo = (in.w + 2 * p - k) / s + 1;
    if (in.h + 2 * p < k || in.w + 2 * p < k) return ts_fail("kernel %d is larger than the input %dx%d", k, in.h, in.w);
    l->out = ts_shape_chw(in.c, ho, wo);
    return TS_OK;
}

static int fast_2x2(const ts_layer *l) {
    const ts_maxpool2d_layer *mp = (const ts_maxpool2d_layer *)l;
    return mp->kernel_size == 2 && mp->stride == 2 && mp->padding == 0 && l->in.h % 2 == 0 &&
           l->in.w % 2 == 0;
}

/* Scratch of the 2×2 path: h and its indices, per thread. */
static size_t pool_scratch_floats(const ts_layer *l, int n, int threads) {
    return fast_2x2(l) ? 2 * (size_t)l->in.h * (size_t)l->out.w * (size_t)threads : 0;
}

static size_t pool_saved_bytes(const ts_layer *l, int n) {
    return ts_shape_numel(l->out) * (size_t)n * sizeof(int32_t);
}

/* One window's maximum and where it is. Comparing with `v > best || v != v` keeps the
   first maximum on ties (windows are scanned row by row) and lets a NaN win, as
   PyTorch's CPU kernel does; written as selects, so it compiles without branches. */
#define TAKE_IF_GREATER(best, where, v, index)     \
    do {                                           \
        const int take_ = (v > best) | (v != v);   \
        best = take_ ? v : best;                   \
        where = take_ ? (index) : where;           \
    } while (0)

/* The seed's MaxPool2d(2, 2) on an even-sized plane, in two passes of long loops the
   compiler vectorises (a per-window loop of 4 compares mispredicts a branch on every
   other window of ReLU output, and a 14-wide row leaves most of it to scalar code):
     1. horizontal pairs, flat over the plane: h[j] = max(x[2j], x[2j+1]) and where it is
        (rows have an even width, so a pair never straddles two rows);
     2. vertical pairs of h rows, which finishes each 2×2 window.
   Scanning the left/right pair first and the top/bottom pair second is the row-major
   order PyTorch uses, so ties and NaNs resolve the same way. h and its indices live in
   `tmp` (2·H·W_out floats). The vertical rows are short (14 and 7 in the seed): left to
   itself GCC vectorises them 16 wide and runs all of a row in its scalar remainder, with
   a branch per select; simdlen(4) keeps most of each row in vectors (pool forward 2×
   faster, measured). */
static void pool_plane_2x2(float *restrict y, int32_t *restrict am, const float *restrict x,
                           float *restrict tmp, int H, int W) {
    const int Ho = H / 2, Wo = W / 2;
    float *restrict h = tmp;
    int32_t *restrict hidx = (int32_t *)(tmp + (size_t)H * Wo);
#pragma omp simd
    for (int j = 0; j < H * Wo; j++) {
        const float left = x[2 * j], right = x[2 * j + 1];
        const int take = (right > left) | (right != right);
        h[j] = take ? right : left;
        hidx[j] = 2 * j + take;
    }
    for (int oy = 0; oy < Ho; oy++) {
        const float *top = h + 2 * oy * Wo, *bottom = top + Wo;
        const int32_t *top_idx = hidx + 2 * oy * Wo, *bottom_idx = top_idx + Wo;
#pragma omp simd simdlen(4)
        for (int ox = 0; ox < Wo; ox++) {
            const int take = (bottom[ox] > top[ox]) | (bottom[ox] != bottom[ox]);
            y[oy * Wo + ox] = take ? bottom[ox] : top[ox];
            am[oy * Wo + ox] = take ? bottom_idx[ox] : top_idx[ox];
        }
    }
}

/* Any window: clipped to the image (padding counts as −∞), scanned row by row. */
static void pool_plane(float *restrict y, int32_t *restrict am, const float *restrict x, int H, int W,
                       int Ho, int Wo, int k, int s, int pad) {
    for (int oy = 0; oy < Ho; oy++) {
        const int y0 = oy * s - pad, ylo = y0 < 0 ? 0 : y0, yhi = y0 + k > H ? H : y0 + k;
        for (int ox = 0; ox < Wo; ox++) {
            const int x0 = ox * s - pad, xlo = x0 < 0 ? 0 : x0, xhi = x0 + k > W ? W : x0 + k;
            int32_t where = ylo * W + xlo;
            float best = x[where];
            for (int iy = ylo; iy < yhi; iy++)
                for (int ix = xlo; ix < xhi; ix++) TAKE_IF_GREATER(best, where, x[iy * W + ix], iy * W + ix);
            y[oy * Wo + ox] = best;
            am[oy * Wo + ox] = where;
        }
    }
}

static int pool_forward(ts_layer *l, const ts_pass *p) {
    const ts_maxpool2d_layer *mp = (const ts_maxpool2d_layer *)l;
    const int H = l->in.h, W = l->in.w, Ho = l->out.h, Wo = l->out.w;
    const int k = mp->kernel_size, s = mp->stride, pad = mp->padding;
    const int planes = p->n * l->in.c, fast = fast_2x2(l);
    int32_t *argmax = p->saved;
#pragma omp parallel num_threads(p->threads)
    {
        float *tmp = fast ? p->scratch + 2 * (size_t)H * Wo * (size_t)omp_get_thread_num() : NULL;
#pragma omp for schedule(static)
        for (int plane = 0; plane < planes; plane++) {
            const float *x = p->in + (size_t)plane * H * W;
            float *y = p->out + (size_t)plane * Ho * Wo;
            int32_t *am = argmax + (size_t)plane * Ho * Wo;
            if (fast) pool_plane_2x2(y, am, x, tmp, H, W);
            else pool_plane(y, am, x, H, W, Ho, Wo, k, s, pad);
        }
    }
    return TS_OK;
}

static void pool_backward(ts_layer *l, const ts_pass *p) {
    if (!p->din) return;
    const int HW = l->in.h * l->in.w, P = l->out.h * l->out.w;
    const int planes = p->n * l->in.c;
    const int32_t *argmax = p->saved;
#pragma omp parallel for schedule(static) num_threads(p->threads)
    for (int plane = 0; plane < planes; plane++) {
        float *dx = p->din + (size_t)plane * HW;
        const float *dy = p->dout + (size_t)plane * P;
        const int32_t *am = argmax + (size_t)plane * P;
        memset(dx, 0, sizeof(float) * (size_t)HW);
        for (int i = 0; i < P; i++) dx[am[i]] += dy[i];
    }
}

static void pool_describe(const ts_layer *l, char *buf, size_t len) {
    const ts_maxpool2d_layer *mp = (const ts_maxpool2d_layer *)l;
    snprintf(buf, len, "MaxPool2d(kernel_size=%d, stride=%d, padding=%d)", mp->kernel_size,
             mp->stride, mp->padding);
}

static const ts_layer_ops maxpool2d_ops = {
    .name = "MaxPool2d", .size = sizeof(ts_maxpool2d_layer), .infer = pool_infer,
    .saved_bytes = pool_saved_bytes, .scratch_floats = pool_scratch_floats, .forward = pool_forward, .backward = pool_backward,
    .describe = pool_describe};

ts_layer *ts_maxpool2d(int kernel_size, int stride, int padding) {
    ts_maxpool2d_layer *mp = calloc(1, sizeof *mp);
    if (!mp) return NULL;
    mp->base.ops = &maxpool2d_ops;
    mp->kernel_size = kernel_size;
    mp->stride = stride;
    mp->padding = padding;
    return &mp->base;
}
