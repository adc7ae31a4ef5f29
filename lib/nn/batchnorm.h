/* BatchNorm1d / BatchNorm2d (Ioffe & Szegedy 2015), with PyTorch's conventions.
 *
 * Statistics are per channel c over the M = N·H·W values of that channel
 * (BatchNorm1d: input (N, C) with M = N, or (N, C, L) with M = N·L).
 *   train:  μ = mean(x),  σ² = mean((x − μ)²)  (biased),  x̂ = (x − μ)/√(σ² + eps)
 *           y = γ·x̂ + β
 *           running_mean ← (1 − m)·running_mean + m·μ
 *           running_var  ← (1 − m)·running_var  + m·σ²·M/(M − 1)   (UNbiased)
 *   eval:   x̂ = (x − running_mean)/√(running_var + eps)
 * m = momentum = 0.1 (Keras' momentum 0.99 means m = 0.01 here), eps = 1e-5,
 * γ = 1, β = 0 and running (0, 1) at init. Training with a single value per channel
 * (M = 1) is an error, as in PyTorch. Every forward in train mode updates the running
 * statistics — including one meant as an evaluation.
 *
 * Backward in train mode (μ and σ² depend on x):
 *   dx = γ/(M·√(σ² + eps)) · (M·dy − Σdy − x̂·Σ(dy·x̂)),  dγ += Σ dy·x̂,  dβ += Σ dy
 * In eval mode the statistics are constants: dx = γ·dy/√(running_var + eps).
 * Parameters: weight γ (C), bias β (C). Buffers: running_mean (C), running_var (C). */
#ifndef TS_BATCHNORM_H
#define TS_BATCHNORM_H

#include "layer.h"

typedef struct {
    ts_layer base;
    int num_features, dims; /* dims 1 (BatchNorm1d) or 2 (BatchNorm2d) */
    float eps, momentum;
} ts_batchnorm_layer;

ts_layer *ts_batchnorm1d(int num_features);
ts_layer *ts_batchnorm2d(int num_features);
/* With eps and momentum other than 1e-5 and 0.1. */
ts_layer *ts_batchnorm(int dims, int num_features, float eps, float momentum);

/* Views of the running statistics (valid once the model is built). */
float *ts_batchnorm_running_mean(ts_layer *l);
float *ts_batchnorm_running_var(ts_layer *l);

#endif
