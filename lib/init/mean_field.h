/* What the variance argument predicts for a deep plain network at initialisation: the
 * mean-field recursion of Poole et al. 2016 ("Exponential expressivity in deep neural
 * networks through transient chaos"), the exact form of Glorot & Bengio 2010 (sec. 4.2.1)
 * and He et al. 2015 (sec. 2.2) for square layers of n units, weights of variance Var(w),
 * biases of variance Var(b), an activation f:
 *
 *   forward   v_{k+1} = n·Var(w)·E[f(y)²] + Var(b),      y ~ N(0, v_k)
 *   backward  g_k     = n·Var(w)·E[f'(y_k)²]·g_{k+1},    y_k ~ N(0, v_k)
 *
 * v_k is the variance of layer k's pre-activation, g_k that of dL/d(pre-activation). For
 * small signals E[f(y)²] ≈ c·v with c = 1/2 for ReLU, (1 + a²)/2 for LeakyReLU(a) and 1 for
 * tanh, so each layer multiplies the variance by q = n·Var(w)·c: He's Var(w) = 2/((1 + a²)·n)
 * makes q = 1 (lib/init/init.h). The expectations are computed numerically, so tanh's
 * saturation is included. Lesson 2 draws these next to the measurement of lib/train/probe.h. */
#ifndef TS_MEAN_FIELD_H
#define TS_MEAN_FIELD_H

#include "../nn/deep_mlp.h"
#include "init.h"

/* E[f(y)²] and E[f'(y)²] for y ~ N(0, v), f = a (slope: LeakyReLU's negative slope). */
void ts_mean_field_moments(ts_activation a, double slope, double v, double *f2, double *df2);

/* c = lim_{v→0} E[f(y)²]/v: the small-signal share of the variance f passes on. */
double ts_mean_field_small_signal(ts_activation a, double slope);

/* The recursion over layers 1..depth with q_w = n·Var(w): v[1] and g[depth] given (e.g.
 * measured), fills v[2..depth] and g[1..depth−1] (index 0 is not used). */
void ts_mean_field(ts_activation a, double slope, double q_w, double var_b, int depth, double *v, double *g);

/* The same for the weights `scheme` draws in square layers of `width` units: q_w =
 * width·Var(w) (ts_init_scheme_variance), and Var(b) that of PyTorch's default bias when the
 * scheme keeps it (the default itself, or .default_bias), else 0 (the seed's bias.fill_(0)).
 * Returns q_w. */
double ts_mean_field_scheme(const ts_init_scheme *scheme, ts_activation a, double slope, int width, int depth,
                            double *v, double *g);

#endif
