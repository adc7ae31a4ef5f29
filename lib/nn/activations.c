#include "activations.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"

typedef enum { RELU, LEAKY_RELU, TANH, SIGMOID } kind;

typedef struct {
    ts_layer base;
    kind kind;
    float negative_slope;
} activation_layer;

static int act_infer(ts_layer *l, ts_shape in) {
    l->out = in;
    return TS_OK;
}

static int act_forward(ts_layer *l, const ts_pass *p) {
    const activation_layer *a = (const activation_layer *)l;
    const size_t n = ts_shape_numel(l->in) * (size_t)p->n;
    const float *x = p->in, s = a->negative_slope;
    float *y = p->out;
    /* element-wise: the range is split over the threads, each part vectorised */
    switch (a->kind) {
    case RELU:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
        break;
    case LEAKY_RELU:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : s * x[i];
        break;
    case TANH:
#pragma omp parallel for schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) y[i] = tanhf(x[i]);
        break;
    case SIGMOID:
#pragma omp parallel for schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + expf(-x[i]));
        break;
    }
    return TS_OK;
}

static void act_backward(ts_layer *l, const ts_pass *p) {
    if (!p->din) return;
    const activation_layer *a = (const activation_layer *)l;
    const size_t n = ts_shape_numel(l->in) * (size_t)p->n;
    const float *x = p->in, *y = p->out, *g = p->dout, s = a->negative_slope;
    float *dx = p->din;
    switch (a->kind) {
    case RELU:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? g[i] : 0.0f;
        break;
    case LEAKY_RELU:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) dx[i] = x[i] > 0.0f ? g[i] : s * g[i];
        break;
    case TANH:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) dx[i] = g[i] * (1.0f - y[i] * y[i]);
        break;
    case SIGMOID:
#pragma omp parallel for simd schedule(static) num_threads(p->threads)
        for (size_t i = 0; i < n; i++) dx[i] = g[i] * y[i] * (1.0f - y[i]);
        break;
    }
}

static void act_describe(const ts_layer *l, char *buf, size_t len) {
    const activation_layer *a = (const activation_layer *)l;
    if (a->kind == LEAKY_RELU) snprintf(buf, len, "LeakyReLU(negative_slope=%g)", a->negative_slope);
    else snprintf(buf, len, "%s()", l->ops->name);
}

#define ACTIVATION_OPS(var, pyname)                                                              \
    static const ts_layer_ops var = {.name = pyname, .size = sizeof(activation_layer),         \
                                     .infer = act_infer, .forward = act_forward,               \
                                     .backward = act_backward, .describe = act_describe}
ACTIVATION_OPS(relu_ops, "ReLU");
ACTIVATION_OPS(leaky_relu_ops, "LeakyReLU");
ACTIVATION_OPS(tanh_ops, "Tanh");
ACTIVATION_OPS(sigmoid_ops, "Sigmoid");

static ts_layer *make(const ts_layer_ops *ops, kind k, float slope) {
    activation_layer *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->base.ops = ops;
    a->kind = k;
    a->negative_slope = slope;
    return &a->base;
}

ts_layer *ts_relu(void) { return make(&relu_ops, RELU, 0.0f); }
ts_layer *ts_leaky_relu(float negative_slope) { return make(&leaky_relu_ops, LEAKY_RELU, negative_slope); }
ts_layer *ts_tanh(void) { return make(&tanh_ops, TANH, 0.0f); }
ts_layer *ts_sigmoid(void) { return make(&sigmoid_ops, SIGMOID, 0.0f); }
