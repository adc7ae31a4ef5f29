#include "deep_mlp.h"

#include <stdlib.h>

#include "../core/error.h"
#include "activations.h"
#include "batchnorm.h"
#include "dropout.h"
#include "flatten.h"
#include "linear.h"

/* Deep enough for the experiments, small enough that a typo is caught. */
enum { MAX_DEPTH = 1000 };

const char *ts_activation_name(ts_activation a) {
    switch (a) {
    case TS_ACT_RELU: return "relu";
    case TS_ACT_TANH: return "tanh";
    case TS_ACT_LEAKY_RELU: return "leaky_relu";
    }
    return NULL;
}

ts_model *ts_deep_mlp(ts_shape in, int classes, ts_deep_mlp_options o, ts_rng *rng) {
    if (o.depth < 1 || o.depth > MAX_DEPTH || o.width < 1) {
        ts_fail("a deep MLP needs 1 to %d hidden layers of at least 1 unit, got depth %d width %d", MAX_DEPTH,
                o.depth, o.width);
        return NULL;
    }
    if (!ts_activation_name(o.activation)) {
        ts_fail("unknown activation %d", (int)o.activation);
        return NULL;
    }
    const int per_block = 2 + (o.batchnorm != 0) + (o.dropout > 0.0f);
    const int n = 2 + o.depth * per_block;
    ts_layer **l = malloc((size_t)n * sizeof *l);
    if (!l) {
        ts_fail("out of memory building a deep MLP");
        return NULL;
    }
    int k = 0;
    l[k++] = ts_flatten();
    for (int d = 0; d < o.depth; d++) {
        l[k++] = ts_linear(d == 0 ? (int)ts_shape_numel(in) : o.width, o.width, 1);
        if (o.batchnorm) l[k++] = ts_batchnorm1d(o.width);
        l[k++] = o.activation == TS_ACT_RELU   ? ts_relu()
                 : o.activation == TS_ACT_TANH ? ts_tanh()
                                               : ts_leaky_relu(o.negative_slope > 0.0f ? o.negative_slope : 0.01f);
        if (o.dropout > 0.0f) l[k++] = ts_dropout(o.dropout);
    }
    l[k++] = ts_linear(o.width, classes, 1);
    ts_model *m = ts_sequential(in, l, k, rng); /* owns the layers from here on */
    free(l);
    return m;
}
