#include "conv2d.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../init/init.h"

static ts_conv_geom geometry(const ts_conv2d_layer *cv, int n) {
    const ts_layer *l = &cv->base;
    return (ts_conv_geom){.n = n, .c = l->in.c, .h = l->in.h, .w = l->in.w, .k = cv->kernel_size,
                          .stride = cv->stride, .pad = cv->padding, .ho = l->out.h, .wo = l->out.w};
}

/* Output columns x whose input column x·s + j − p lies inside [0, W): [lo, hi). */
static void valid_range(int j, const ts_conv_geom *g, int *lo, int *hi) {
    const int first = g->pad - j; /* x·s ≥ p − j */
    *lo = first <= 0 ? 0 : (first + g->stride - 1) / g->stride;
    const int last = g->w - 1 + g->pad - j; /* x·s ≤ W − 1 + p − j */
    *hi = last < 0 ? 0 : last / g->stride + 1;
    if (*hi > g->wo) *hi = g->wo;
    if (*lo > *hi) *lo = *hi;
}

/* Row (c, i, j) of col holds, for every sample and output pixel (y, x), the input
   pixel in[c, y·s + i − p, x·s + j − p], 0 outside. Rows are independent: one per thread.
   Within a row of output pixels the valid part is a strided copy (a memcpy for s = 1). */
void ts_im2col(float *col, const float *in, const ts_conv_geom *g) {
    const int K = g->c * g->k * g->k, P = g->ho * g->wo;
    const size_t NP = (size_t)g->n * (size_t)P;
#pragma omp parallel for schedule(static)
    for (int row = 0; row < K; row++) {
        const int c = row / (g->k * g->k), i = row / g->k % g->k, j = row % g->k;
        int lo, hi;
        valid_range(j, g, &lo, &hi);
        float *dst = col + (size_t)row * NP;
        for (int n = 0; n < g->n; n++) {
            const float *plane = in + ((size_t)n * g->c + c) * (size_t)(g->h * g->w);
            for (int y = 0; y < g->ho; y++, dst += g->wo) {
                const int iy = y * g->stride + i - g->pad;
                if (iy < 0 || iy >= g->h) {
                    memset(dst, 0, sizeof(float) * (size_t)g->wo);
                    continue;
                }
                const float *src = plane + (size_t)iy * g->w;
                const int shift = j - g->pad; /* input column = x·s + shift */
                for (int x = 0; x < lo; x++) dst[x] = 0.0f;
                if (g->stride == 1)
                    memcpy(dst + lo, src + lo + shift, sizeof(float) * (size_t)(hi - lo));
                else
                    for (int x = lo; x < hi; x++) dst[x] = src[x * g->stride + shift];
                for (int x = hi; x < g->wo; x++) dst[x] = 0.0f;
            }
        }
    }
}

/* The adjoint of im2col: each input channel sums its k·k rows back; channels are
   independent, so one thread per channel writes disjoint memory (deterministic). */
void ts_col2im(float *din, const float *col, const ts_conv_geom *g) {
    const int P = g->ho * g->wo, HW = g->h * g->w;
    const size_t NP = (size_t)g->n * (size_t)P;
#pragma omp parallel for schedule(static)
    for (int c = 0; c < g->c; c++) {
        for (int n = 0; n < g->n; n++) memset(din + ((size_t)n * g->c + c) * HW, 0, sizeof(float) * (size_t)HW);
        for (int i = 0; i < g->k; i++)
            for (int j = 0; j < g->k; j++) {
                int lo, hi;
                valid_range(j, g, &lo, &hi);
                const float *src = col + ((size_t)(c * g->k + i) * g->k + j) * NP;
                for (int n = 0; n < g->n; n++) {
                    float *plane = din + ((size_t)n * g->c + c) * HW;
                    for (int y = 0; y < g->ho; y++, src += g->wo) {
                        const int iy = y * g->stride + i - g->pad;
                        if (iy < 0 || iy >= g->h) continue;
                        float *dst = plane + (size_t)iy * g->w;
                        for (int x = lo; x < hi; x++) dst[x * g->stride + j - g->pad] += src[x];
                    }
                }
            }
    }
}

static int conv_infer(ts_layer *l, ts_shape in) {
    ts_conv2d_layer *cv = (ts_conv2d_layer *)l;
    if (in.c != cv->in_channels)
        return ts_fail("expected %d input channels, got %d", cv->in_channels, in.c);
    const int k = cv->kernel_size, s = cv->stride, p = cv->padding;
    if (k <= 0 || s <= 0 || p < 0 || cv->out_channels <= 0)
        return ts_fail("kernel_size, stride and out_channels must be positive and padding >= 0");
    const int ho = (in.h + 2 * p - k) / s + 1, wo = (in.w + 2 * p - k) / s + 1;
    if (in.h + 2 * p < k || in.w + 2 * p < k || ho <= 0 || wo <= 0)
        return ts_fail("kernel %d is larger than the padded input %dx%d", k, in.h + 2 * p, in.w + 2 * p);
    l->out = ts_shape_chw(cv->out_channels, ho, wo);
    l->weight_ndim = 4;
    l->weight_shape[0] = cv->out_channels;
    l->weight_shape[1] = in.c;
    l->weight_shape[2] = l->weight_shape[3] = k;
    l->weight_numel = (size_t)cv->out_channels * (size_t)in.c * (size_t)(k * k);
    l->bias_numel = cv->has_bias ? (size_t)cv->out_channels : 0;
    l->nparams = l->weight_numel + l->bias_numel;
    return TS_OK;
}

static void conv_reset(ts_layer *l, ts_rng *rng) { ts_init_default(l, rng); }

static size_t col_floats(const ts_layer *l, int n) {
    return (size_t)l->in.c * (size_t)(l->weight_shape[2] * l->weight_shape[3]) * (size_t)n *
           (size_t)(l->out.h * l->out.w);
}

static size_t conv_saved_bytes(const ts_layer *l, int n) { return col_floats(l, n) * sizeof(float); }

static size_t conv_scratch_floats(const ts_layer *l, int n) {
    /* forward: tmp (C_out, N·P); backward: dT (C_out, N·P) then dcol (K, N·P) */
    return ts_shape_numel(l->out) * (size_t)n + col_floats(l, n);
}

static int conv_forward(ts_layer *l, const ts_pass *pass) {
    ts_conv2d_layer *cv = (ts_conv2d_layer *)l;
    const ts_conv_geom g = geometry(cv, pass->n);
    const int K = g.c * g.k * g.k, P = g.ho * g.wo, O = cv->out_channels;
    const int NP = g.n * P;
    float *col = pass->saved, *tmp = pass->scratch;
    const float *bias = ts_layer_bias(l);
    ts_im2col(col, pass->in, &g);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, O, NP, K, 1.0f, l->params, K, col, NP,
                0.0f, tmp, NP);
    /* (C_out, N, P) → (N, C_out, P), adding the bias */
#pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < g.n; n++)
        for (int o = 0; o < O; o++) {
            const float *src = tmp + (size_t)o * NP + (size_t)n * P;
            float *dst = pass->out + ((size_t)n * O + o) * P;
            const float b = bias ? bias[o] : 0.0f;
            for (int p = 0; p < P; p++) dst[p] = src[p] + b;
        }
    return TS_OK;
}

static void conv_backward(ts_layer *l, const ts_pass *pass) {
    ts_conv2d_layer *cv = (ts_conv2d_layer *)l;
    const ts_conv_geom g = geometry(cv, pass->n);
    const int K = g.c * g.k * g.k, P = g.ho * g.wo, O = cv->out_channels;
    const int NP = g.n * P;
    const float *col = pass->saved;
    float *dT = pass->scratch, *dcol = pass->scratch + (size_t)O * NP;
    float *dbias = cv->has_bias ? l->grads + l->weight_numel : NULL;
    /* dT (C_out, N·P) ← dout (N, C_out, P); db[o] += Σ dT[o, :] */
#pragma omp parallel for schedule(static)
    for (int o = 0; o < O; o++) {
        double sum = 0.0;
        for (int n = 0; n < g.n; n++) {
            const float *src = pass->dout + ((size_t)n * O + o) * P;
            float *dst = dT + (size_t)o * NP + (size_t)n * P;
            for (int p = 0; p < P; p++) {
                dst[p] = src[p];
                sum += src[p];
            }
        }
        if (dbias) dbias[o] += (float)sum;
    }
    /* dW (C_out, K) += dT · colᵀ */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, O, K, NP, 1.0f, dT, NP, col, NP, 1.0f,
                l->grads, K);
    if (!pass->din) return;
    /* dcol (K, N·P) = Wᵀ · dT, then scatter back to the input pixels */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, NP, O, 1.0f, l->params, K, dT, NP, 0.0f,
                dcol, NP);
    ts_col2im(pass->din, dcol, &g);
}

static void conv_describe(const ts_layer *l, char *buf, size_t len) {
    const ts_conv2d_layer *cv = (const ts_conv2d_layer *)l;
    snprintf(buf, len, "Conv2d(%d, %d, %d, stride=%d, padding=%d%s)", cv->in_channels,
             cv->out_channels, cv->kernel_size, cv->stride, cv->padding, cv->has_bias ? "" : ", bias=False");
}

static const ts_layer_ops conv2d_ops = {
    .name = "Conv2d", .size = sizeof(ts_conv2d_layer), .infer = conv_infer, .reset = conv_reset,
    .saved_bytes = conv_saved_bytes, .scratch_floats = conv_scratch_floats,
    .forward = conv_forward, .backward = conv_backward, .describe = conv_describe};

ts_layer *ts_conv2d(int in_channels, int out_channels, int kernel_size, int stride, int padding,
                    int bias) {
    ts_conv2d_layer *cv = calloc(1, sizeof *cv);
    if (!cv) return NULL;
    cv->base.ops = &conv2d_ops;
    cv->in_channels = in_channels;
    cv->out_channels = out_channels;
    cv->kernel_size = kernel_size;
    cv->stride = stride;
    cv->padding = padding;
    cv->has_bias = bias != 0;
    return &cv->base;
}
