#include "maxpool2d.h"

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

/* Without padding every window lies inside the image: scan the k·k window positions in
   the outer loops and a whole output row in the inner one (long, vectorisable loops). */
static void pool_plane_unpadded(float *y, int32_t *am, const float *x, int W, int Ho, int Wo, int k, int s) {
    for (int oy = 0; oy < Ho; oy++) {
        float *yr = y + oy * Wo;
        int32_t *ar = am + oy * Wo;
        for (int ox = 0; ox < Wo; ox++) {
            ar[ox] = oy * s * W + ox * s;
            yr[ox] = x[ar[ox]];
        }
        for (int i = 0; i < k; i++)
            for (int j = i == 0 ? 1 : 0; j < k; j++) {
                const int base = (oy * s + i) * W + j;
                for (int ox = 0; ox < Wo; ox++) {
                    const float v = x[base + ox * s];
                    TAKE_IF_GREATER(yr[ox], ar[ox], v, base + ox * s);
                }
            }
    }
}

/* With padding, clip each window to the image (padding counts as −∞). */
static void pool_plane_padded(float *y, int32_t *am, const float *x, int H, int W, int Ho, int Wo,
                              int k, int s, int pad) {
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
    const int planes = p->n * l->in.c;
    int32_t *argmax = p->saved;
#pragma omp parallel for schedule(static)
    for (int plane = 0; plane < planes; plane++) {
        const float *x = p->in + (size_t)plane * H * W;
        float *y = p->out + (size_t)plane * Ho * Wo;
        int32_t *am = argmax + (size_t)plane * Ho * Wo;
        if (pad == 0) pool_plane_unpadded(y, am, x, W, Ho, Wo, k, s);
        else pool_plane_padded(y, am, x, H, W, Ho, Wo, k, s, pad);
    }
    return TS_OK;
}

static void pool_backward(ts_layer *l, const ts_pass *p) {
    if (!p->din) return;
    const int HW = l->in.h * l->in.w, P = l->out.h * l->out.w;
    const int planes = p->n * l->in.c;
    const int32_t *argmax = p->saved;
#pragma omp parallel for schedule(static)
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
    .saved_bytes = pool_saved_bytes, .forward = pool_forward, .backward = pool_backward,
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
