#include "linear.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../core/threads.h"

static int linear_infer(ts_layer *l, ts_shape in) {
    ts_linear_layer *li = (ts_linear_layer *)l;
    if (li->in_features <= 0 || li->out_features <= 0) return ts_fail("features must be positive");
    if (ts_shape_numel(in) != (size_t)li->in_features)
        return ts_fail("expected %d input features, got %zu", li->in_features, ts_shape_numel(in));
    l->out = ts_shape_vec(li->out_features);
    l->weight_ndim = 2;
    l->weight_shape[0] = li->out_features;
    l->weight_shape[1] = li->in_features;
    l->weight_numel = (size_t)li->out_features * (size_t)li->in_features;
    l->bias_numel = li->has_bias ? (size_t)li->out_features : 0;
    l->nparams = l->weight_numel + l->bias_numel;
    return TS_OK;
}

/* The batch rows (forward, din) or the output features (dW) are split over the threads;
   each share is its own single-threaded GEMM and writes disjoint memory. */
static int linear_forward(ts_layer *l, const ts_pass *p) {
    const ts_linear_layer *li = (const ts_linear_layer *)l;
    const int Din = li->in_features, Dout = li->out_features;
    const float *bias = ts_layer_bias(l);
#pragma omp parallel num_threads(p->threads)
    {
        int lo, hi;
        ts_thread_share(p->n, &lo, &hi);
        for (int n = lo; n < hi; n++)
            for (int o = 0; o < Dout; o++) p->out[(size_t)n * Dout + o] = bias ? bias[o] : 0.0f;
        /* out[lo:hi] (rows, O) += in[lo:hi] (rows, I) · Wᵀ (I, O) */
        if (hi > lo)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, hi - lo, Dout, Din, 1.0f,
                        p->in + (size_t)lo * Din, Din, l->params, Din, 1.0f, p->out + (size_t)lo * Dout, Dout);
    }
    return TS_OK;
}

static void linear_backward(ts_layer *l, const ts_pass *p) {
    const ts_linear_layer *li = (const ts_linear_layer *)l;
    const int Din = li->in_features, Dout = li->out_features;
#pragma omp parallel num_threads(p->threads)
    {
        int lo, hi;
        /* dW[lo:hi] (rows of O, I) += dout[:, lo:hi]ᵀ · in;  db[lo:hi] += Σ_n dout[:, lo:hi] */
        ts_thread_share(Dout, &lo, &hi);
        if (hi > lo)
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, hi - lo, Din, p->n, 1.0f, p->dout + lo,
                        Dout, p->in, Din, 1.0f, l->grads + (size_t)lo * Din, Din);
        if (li->has_bias) {
            float *db = l->grads + l->weight_numel;
            for (int n = 0; n < p->n; n++)
                for (int o = lo; o < hi; o++) db[o] += p->dout[(size_t)n * Dout + o];
        }
        /* din[lo:hi] (rows, I) = dout[lo:hi] (rows, O) · W (O, I) */
        ts_thread_share(p->n, &lo, &hi);
        if (p->din && hi > lo)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, hi - lo, Din, Dout, 1.0f,
                        p->dout + (size_t)lo * Dout, Dout, l->params, Din, 0.0f, p->din + (size_t)lo * Din, Din);
    }
}

static void linear_describe(const ts_layer *l, char *buf, size_t len) {
    const ts_linear_layer *li = (const ts_linear_layer *)l;
    snprintf(buf, len, "Linear(in_features=%d, out_features=%d%s)", li->in_features,
             li->out_features, li->has_bias ? "" : ", bias=False");
}

static const ts_layer_ops linear_ops = {
    .name = "Linear", .size = sizeof(ts_linear_layer), .infer = linear_infer,
    .reset = ts_layer_reset_parameters, .forward = linear_forward, .backward = linear_backward,
    .describe = linear_describe};

ts_layer *ts_linear(int in_features, int out_features, int bias) {
    ts_linear_layer *li = calloc(1, sizeof *li);
    if (!li) return NULL;
    li->base.ops = &linear_ops;
    li->in_features = in_features;
    li->out_features = out_features;
    li->has_bias = bias != 0;
    return &li->base;
}
