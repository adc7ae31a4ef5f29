#include "flatten.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"

static int flatten_infer(ts_layer *l, ts_shape in) {
    l->out = ts_shape_vec((int)ts_shape_numel(in));
    return TS_OK;
}

static int flatten_forward(ts_layer *l, const ts_pass *p) {
    memcpy(p->out, p->in, ts_shape_numel(l->in) * (size_t)p->n * sizeof(float));
    return TS_OK;
}

static void flatten_backward(ts_layer *l, const ts_pass *p) {
    if (p->din) memcpy(p->din, p->dout, ts_shape_numel(l->in) * (size_t)p->n * sizeof(float));
}

static void flatten_describe(const ts_layer *l, char *buf, size_t len) {
    (void)l;
    snprintf(buf, len, "Flatten()");
}

static const ts_layer_ops flatten_ops = {.name = "Flatten", .size = sizeof(ts_layer),
                                         .infer = flatten_infer, .forward = flatten_forward,
                                         .backward = flatten_backward, .describe = flatten_describe};

ts_layer *ts_flatten(void) {
    ts_layer *l = calloc(1, sizeof *l);
    if (l) l->ops = &flatten_ops;
    return l;
}
