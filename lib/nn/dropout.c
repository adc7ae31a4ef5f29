#include "dropout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"

static int dropout_infer(ts_layer *l, ts_shape in) {
    const ts_dropout_layer *d = (const ts_dropout_layer *)l;
    if (!(d->p >= 0.0f && d->p <= 1.0f))
        return ts_fail("dropout probability has to be between 0 and 1, but got %g", d->p);
    l->out = in;
    return TS_OK;
}

static size_t group_size(const ts_layer *l) {
    const ts_dropout_layer *d = (const ts_dropout_layer *)l;
    return d->per_channel ? (size_t)l->in.h * l->in.w : 1;
}

/* Saved: one scale (0 or 1/(1 − p)) per unit. */
static size_t dropout_saved_bytes(const ts_layer *l, int n) {
    return ts_shape_numel(l->in) / group_size(l) * (size_t)n * sizeof(float);
}

void ts_dropout_apply(float *y, const float *x, const float *scale, size_t units, size_t group) {
    for (size_t u = 0; u < units; u++)
        for (size_t i = 0; i < group; i++) y[u * group + i] = x[u * group + i] * scale[u];
}

static int dropout_forward(ts_layer *l, const ts_pass *p) {
    const ts_dropout_layer *d = (const ts_dropout_layer *)l;
    const size_t total = ts_shape_numel(l->in) * (size_t)p->n;
    if (!p->training || d->p == 0.0f) {
        memcpy(p->out, p->in, total * sizeof(float));
        return TS_OK;
    }
    if (!p->rng) return ts_fail("dropout in train mode needs a random generator");
    const size_t group = group_size(l), units = total / group;
    const float keep = 1.0f - d->p, scale = keep > 0.0f ? 1.0f / keep : 0.0f;
    float *mask = p->saved;
    for (size_t u = 0; u < units; u++) mask[u] = ts_rng_uniform(p->rng) < keep ? scale : 0.0f;
    ts_dropout_apply(p->out, p->in, mask, units, group);
    return TS_OK;
}

static void dropout_backward(ts_layer *l, const ts_pass *p) {
    if (!p->din) return;
    const ts_dropout_layer *d = (const ts_dropout_layer *)l;
    const size_t total = ts_shape_numel(l->in) * (size_t)p->n;
    if (!p->training || d->p == 0.0f) {
        memcpy(p->din, p->dout, total * sizeof(float));
        return;
    }
    const size_t group = group_size(l);
    ts_dropout_apply(p->din, p->dout, p->saved, total / group, group);
}

static void dropout_describe(const ts_layer *l, char *buf, size_t len) {
    snprintf(buf, len, "%s(p=%g)", l->ops->name, ((const ts_dropout_layer *)l)->p);
}

static const ts_layer_ops dropout_ops = {
    .name = "Dropout", .size = sizeof(ts_dropout_layer), .infer = dropout_infer,
    .saved_bytes = dropout_saved_bytes, .forward = dropout_forward,
    .backward = dropout_backward, .describe = dropout_describe};
static const ts_layer_ops dropout2d_ops = {
    .name = "Dropout2d", .size = sizeof(ts_dropout_layer), .infer = dropout_infer,
    .saved_bytes = dropout_saved_bytes, .forward = dropout_forward,
    .backward = dropout_backward, .describe = dropout_describe};

static ts_layer *make(const ts_layer_ops *ops, float p, int per_channel) {
    ts_dropout_layer *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->base.ops = ops;
    d->p = p;
    d->per_channel = per_channel;
    return &d->base;
}

ts_layer *ts_dropout(float p) { return make(&dropout_ops, p, 0); }
ts_layer *ts_dropout2d(float p) { return make(&dropout2d_ops, p, 1); }
