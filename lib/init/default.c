/* PyTorch's own default for Conv2d and Linear (their reset_parameters()). */
#include <math.h>

#include "../core/error.h"
#include "init.h"

void ts_init_default(ts_layer *l, ts_rng *rng) {
    if (!l->weight_ndim) return;
    ts_init_kaiming_uniform(ts_layer_weight(l), l->weight_ndim, l->weight_shape, sqrtf(5.0f),
                            TS_FAN_IN, TS_LEAKY_RELU, rng);
    int fi, fo;
    if (l->bias_numel && ts_calculate_fans(l->weight_ndim, l->weight_shape, &fi, &fo) == TS_OK && fi > 0) {
        const float bound = 1.0f / sqrtf((float)fi);
        ts_init_uniform(ts_layer_bias(l), l->bias_numel, -bound, bound, rng);
    }
}
