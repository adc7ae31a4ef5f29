/* Weight initialisation, as torch.nn.init (1.13). Every function fills a raw float array,
 * so it works on any view of the model's flat parameter buffer; the shape arguments
 * are the weight's shape as PyTorch stores it, from which the fans are computed.
 *
 *   fan_in  = shape[1] · receptive field,   fan_out = shape[0] · receptive field
 *   (receptive field = product of shape[2:]). ConvTranspose2d stores (C_in, C_out, k, k),
 *   so there PyTorch's "fan_in" is C_out·k² — we follow that, as PyTorch does.
 *
 * Randomness comes from an explicit ts_rng; values match PyTorch's distributions (tests
 * compare moments), not its bits. */
#ifndef TS_INIT_H
#define TS_INIT_H

#include <stddef.h>

#include "../core/rng.h"
#include "../nn/layer.h"

typedef enum {
    TS_LINEAR,      /* also conv / identity / sigmoid: gain 1 */
    TS_SIGMOID,
    TS_TANH,        /* gain 5/3 */
    TS_RELU,        /* gain √2 */
    TS_LEAKY_RELU,  /* gain √(2 / (1 + slope²)) */
} ts_nonlinearity;

typedef enum { TS_FAN_IN, TS_FAN_OUT } ts_fan_mode;

/* nn.init.calculate_gain(nonlinearity, param); param is the leaky slope. */
float ts_calculate_gain(ts_nonlinearity nonlinearity, float param);
/* _calculate_fan_in_and_fan_out; TS_ERR for fewer than 2 dimensions. */
int ts_calculate_fans(int ndim, const int *shape, int *fan_in, int *fan_out);
/* Number of elements of a weight of that shape. */
size_t ts_weight_numel(int ndim, const int *shape);

void ts_init_uniform(float *w, size_t n, float a, float b, ts_rng *rng);       /* U(a, b) */
void ts_init_normal(float *w, size_t n, float mean, float std, ts_rng *rng);   /* N(mean, std²) */
void ts_init_constant(float *w, size_t n, float value);
void ts_init_zeros(float *w, size_t n);

/* Glorot & Bengio 2010: keeps the variance of activations and of gradients roughly equal
 *   xavier_uniform: U(±gain·√(6/(fan_in + fan_out)))
 *   xavier_normal:  N(0, gain²·2/(fan_in + fan_out)) */
void ts_init_xavier_uniform(float *w, int ndim, const int *shape, float gain, ts_rng *rng);
void ts_init_xavier_normal(float *w, int ndim, const int *shape, float gain, ts_rng *rng);

/* He et al. 2015: keeps the variance through ReLU layers, std = gain/√fan
 *   kaiming_uniform: U(±gain·√(3/fan))      kaiming_normal: N(0, gain²/fan)
 * PyTorch's defaults are a = 0, mode fan_in, nonlinearity leaky_relu (gain √2);
 * `a` is the negative slope used when the nonlinearity is leaky_relu. */
void ts_init_kaiming_uniform(float *w, int ndim, const int *shape, float a, ts_fan_mode mode,
                             ts_nonlinearity nonlinearity, ts_rng *rng);
void ts_init_kaiming_normal(float *w, int ndim, const int *shape, float a, ts_fan_mode mode,
                            ts_nonlinearity nonlinearity, ts_rng *rng);

/* What nn.Conv2d / nn.Linear do in reset_parameters(): weight kaiming_uniform(a=√5),
 * i.e. U(±1/√fan_in) — about 0.41× He's std, NOT He init (pytorch#15314) — and bias
 * U(±1/√fan_in). Works on any layer that has a weight (no-op otherwise). */
void ts_init_default(ts_layer *l, ts_rng *rng);

#endif
