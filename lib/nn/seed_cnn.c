#include "seed_cnn.h"

#include "activations.h"
#include "batchnorm.h"
#include "conv2d.h"
#include "dropout.h"
#include "flatten.h"
#include "linear.h"
#include "maxpool2d.h"

enum { MAX_LAYERS = 24 };

/* Appends [BN] → ReLU, or ReLU → [BN] with bn_after_relu: the normalisation of a block. */
static int normalise_and_activate(ts_layer **l, int n, ts_layer *bn, ts_seed_cnn_options o) {
    if (bn && !o.bn_after_relu) l[n++] = bn;
    l[n++] = ts_relu();
    if (bn && o.bn_after_relu) l[n++] = bn;
    return n;
}

/* Appends conv → [BN] → ReLU → [Dropout2d] (→ MaxPool) for one conv block. */
static int conv_block(ts_layer **l, int n, int in, int out, int pool, ts_seed_cnn_options o) {
    l[n++] = ts_conv2d(in, out, 3, 1, 1, 1);
    n = normalise_and_activate(l, n, o.batchnorm ? ts_batchnorm2d(out) : NULL, o);
    if (o.dropout > 0.0f) l[n++] = o.dropout_elementwise ? ts_dropout(o.dropout) : ts_dropout2d(o.dropout);
    if (pool) l[n++] = ts_maxpool2d(2, 2, 0);
    return n;
}

ts_model *ts_seed_cnn(ts_seed_cnn_options o, ts_rng *rng) {
    ts_layer *l[MAX_LAYERS];
    int n = 0;
    n = conv_block(l, n, 1, 16, 0, o);
    n = conv_block(l, n, 16, 32, 1, o);
    n = conv_block(l, n, 32, 64, 1, o);
    l[n++] = ts_flatten();
    l[n++] = ts_linear(64 * 7 * 7, 100, 1);
    n = normalise_and_activate(l, n, o.batchnorm && !o.no_fc_batchnorm ? ts_batchnorm1d(100) : NULL, o);
    if (o.dropout > 0.0f) l[n++] = ts_dropout(o.dropout);
    l[n++] = ts_linear(100, 10, 1);
    return ts_sequential(ts_shape_chw(1, 28, 28), l, n, rng);
}
