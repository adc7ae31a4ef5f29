/* Xavier/Glorot initialisation (Glorot & Bengio, AISTATS 2010). */
#include <math.h>

#include "../core/error.h"
#include "init.h"

void ts_init_xavier_uniform(float *w, int ndim, const int *shape, float gain, ts_rng *rng) {
    int fi, fo;
    if (ts_calculate_fans(ndim, shape, &fi, &fo) != TS_OK) return;
    const float bound = gain * sqrtf(6.0f / (float)(fi + fo));
    ts_init_uniform(w, ts_weight_numel(ndim, shape), -bound, bound, rng);
}

void ts_init_xavier_normal(float *w, int ndim, const int *shape, float gain, ts_rng *rng) {
    int fi, fo;
    if (ts_calculate_fans(ndim, shape, &fi, &fo) != TS_OK) return;
    ts_init_normal(w, ts_weight_numel(ndim, shape), 0.0f, gain * sqrtf(2.0f / (float)(fi + fo)), rng);
}
