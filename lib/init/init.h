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
#include "../nn/sequential.h"

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

/* A whole-model initialisation, as the seed's loop over self.modules():
 *
 *   for m in self.modules():
 *       if isinstance(m, (nn.Conv2d, nn.Linear)):
 *           init.kaiming_normal_(m.weight.data); m.bias.data.fill_(0)
 *
 * is  ts_model_init(model, &(ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL}, &rng).
 * Every layer with a weight of ≥ 2 dimensions (Conv2d, Linear) is re-drawn in order;
 * BatchNorm's γ = 1, β = 0 are left alone. TS_INIT_PYTORCH_DEFAULT redraws what
 * nn.Conv2d/nn.Linear draw at construction (their reset_parameters(), lib/nn/layer.h). */
typedef enum {
    TS_INIT_PYTORCH_DEFAULT,  /* reset_parameters(): weight and bias U(±1/√fan_in) */
    TS_INIT_NORMAL,           /* weight.normal_(0, std) — the seed's std 0.02 */
    TS_INIT_XAVIER_NORMAL,    /* xavier_normal_(weight): gain 1 */
    TS_INIT_KAIMING_NORMAL,   /* kaiming_normal_(weight, a): fan_in, leaky_relu → gain √(2/(1 + a²)) */
} ts_init_kind;

typedef struct {
    ts_init_kind kind;
    float std;         /* TS_INIT_NORMAL: N(0, std²) */
    float a;           /* TS_INIT_KAIMING_NORMAL: the negative slope of the LeakyReLU that follows,
                          kaiming_normal_(w, a=a); 0 (PyTorch's default) is ReLU's gain √2 */
    int default_bias;  /* 1: keep reset_parameters()' bias U(±1/√fan_in); 0: bias.fill_(0), as the seed */
    int conv_only;     /* 1: Conv2d only; Linear layers keep PyTorch's default */
} ts_init_scheme;

/* "pytorch_default", "normal", "xavier_normal", "kaiming_normal"; NULL for another value. */
const char *ts_init_kind_name(ts_init_kind kind);

/* The variance the scheme draws a weight of this shape from, Var(w):
 *   default 1/(3·fan_in) (U(±b) has variance b²/3), normal std², xavier 2/(fan_in + fan_out),
 *   kaiming 2/((1 + a²)·fan_in). The signal-propagation theory of lesson 2 is built on it. */
double ts_init_scheme_variance(const ts_init_scheme *s, int ndim, const int *shape);

/* Re-initialises every Conv2d/Linear weight (and bias) of the model from rng. */
void ts_model_init(ts_model *m, const ts_init_scheme *s, ts_rng *rng);

#endif
