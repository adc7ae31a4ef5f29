/* Fans and gains: the two numbers every variance-preserving scheme is built on. */
#include <math.h>

#include "../core/error.h"
#include "init.h"

float ts_calculate_gain(ts_nonlinearity nonlinearity, float param) {
    switch (nonlinearity) {
    case TS_TANH: return 5.0f / 3.0f;
    case TS_RELU: return sqrtf(2.0f);
    case TS_LEAKY_RELU: return sqrtf(2.0f / (1.0f + param * param));
    case TS_LINEAR:
    case TS_SIGMOID: break;
    }
    return 1.0f;
}

int ts_calculate_fans(int ndim, const int *shape, int *fan_in, int *fan_out) {
    if (ndim < 2) return ts_fail("fan in and fan out need a tensor of at least 2 dimensions, got %d", ndim);
    int receptive = 1;
    for (int d = 2; d < ndim; d++) receptive *= shape[d];
    *fan_in = shape[1] * receptive;
    *fan_out = shape[0] * receptive;
    return TS_OK;
}

size_t ts_weight_numel(int ndim, const int *shape) {
    size_t n = 1;
    for (int d = 0; d < ndim; d++) n *= (size_t)shape[d];
    return n;
}
