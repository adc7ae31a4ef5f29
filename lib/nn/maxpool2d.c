#include "maxpool2d.h"

#include <math.h>
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
        for (int oy = 0; oy < Ho; oy++)
            for (int ox = 0; ox < Wo; ox++) {
                float best = -INFINITY;
                int32_t where = -1;
                for (int i = 0; i < k; i++) {
                    const int iy = oy * s + i - pad;
                    if (iy < 0 || iy >= H) continue;
                    for (int j = 0; j < k; j++) {
                        const int ix = ox * s + j - pad;
                        if (ix < 0 || ix >= W) continue;
                        const float v = x[iy * W + ix];
                        if (v > best || isnan(v) || where < 0) {
                            best = v;
                            where = iy * W + ix;
                            if (isnan(v)) goto done;
                        }
                    }
                }
            done:
                y[oy * Wo + ox] = best;
                am[oy * Wo + ox] = where;
            }
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
