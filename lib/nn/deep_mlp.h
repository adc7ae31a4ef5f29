/* A deep plain network for the signal-propagation experiments of seed section 2 (the
 * setting of Glorot & Bengio 2010 and He et al. 2015): `depth` hidden layers of `width`
 * units on flattened images, no normalisation unless asked,
 *
 *   Flatten  [Linear(in|width, width) [BatchNorm1d(width)] act [Dropout(p)]] × depth  Linear(width, classes)
 *
 * with act ReLU, LeakyReLU(negative_slope) or Tanh. Every hidden Linear after the first is square (fan_in = fan_out),
 * which makes the variance theory of lesson 2 exact for Xavier as well as He. */
#ifndef TS_DEEP_MLP_H
#define TS_DEEP_MLP_H

#include "sequential.h"

typedef enum { TS_ACT_RELU, TS_ACT_TANH, TS_ACT_LEAKY_RELU } ts_activation;

typedef struct {
    int depth, width;        /* hidden Linear layers and their width, both ≥ 1 */
    ts_activation activation;
    float negative_slope;    /* TS_ACT_LEAKY_RELU: nn.LeakyReLU(negative_slope); 0 there is PyTorch's 0.01 */
    int batchnorm;           /* 1: BatchNorm1d after every hidden Linear */
    float dropout;           /* > 0: Dropout(p) after every activation */
} ts_deep_mlp_options;

/* "relu" / "tanh" / "leaky_relu" (NULL for another value). */
const char *ts_activation_name(ts_activation a);

/* For inputs of shape `in` and `classes` outputs; PyTorch's default init from rng.
 * NULL + message on bad options. */
ts_model *ts_deep_mlp(ts_shape in, int classes, ts_deep_mlp_options o, ts_rng *rng);

#endif
