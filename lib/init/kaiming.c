/* Kaiming/He initialisation (He et al., ICCV 2015, "Delving deep into rectifiers"). */
#include <math.h>

#include "init.h"

static float kaiming_std(int ndim, const int *shape, float a, ts_fan_mode mode, ts_nonlinearity nl) {
    int fi = 1, fo = 1;
    ts_calculate_fans(ndim, shape, &fi, &fo);
    const int fan = mode == TS_FAN_IN ? fi : fo;
    return ts_calculate_gain(nl, a) / sqrtf((float)fan);
}

void ts_init_kaiming_uniform(float *w, int ndim, const int *shape, float a, ts_fan_mode mode,
                             ts_nonlinearity nonlinearity, ts_rng *rng) {
    const float bound = sqrtf(3.0f) * kaiming_std(ndim, shape, a, mode, nonlinearity);
    ts_init_uniform(w, ts_weight_numel(ndim, shape), -bound, bound, rng);
}

void ts_init_kaiming_normal(float *w, int ndim, const int *shape, float a, ts_fan_mode mode,
                            ts_nonlinearity nonlinearity, ts_rng *rng) {
    ts_init_normal(w, ts_weight_numel(ndim, shape), 0.0f, kaiming_std(ndim, shape, a, mode, nonlinearity), rng);
}
