/* PyTorch's default initialisation of Conv2d and Linear: their reset_parameters()
 * (torch/nn/modules/conv.py, linear.py), owned by the layers as in PyTorch. */
#include <math.h>

#include "layer.h"

void ts_layer_reset_parameters(ts_layer *l, ts_rng *rng) {
    if (!l->weight_ndim) return;
    /* fan_in = the weight's elements per output unit: C_in·kh·kw, or in_features */
    const float fan_in = (float)(l->weight_numel / (size_t)l->weight_shape[0]);
    /* init.kaiming_uniform_(weight, a=√5): bound = √3·gain/√fan_in, gain = √(2/(1 + a²)). The float
       operations are those of lib/init/kaiming.c (tests/test_init_model.c checks the bits): the
       simplified 1/√fan_in rounds differently for most fans, and would change every stored result. */
    const float a = sqrtf(5.0f), gain = sqrtf(2.0f / (1.0f + a * a));
    const float weight_bound = sqrtf(3.0f) * (gain / sqrtf(fan_in));
    ts_rng_fill_uniform(rng, ts_layer_weight(l), l->weight_numel, -weight_bound, weight_bound);
    const float bias_bound = 1.0f / sqrtf(fan_in);
    if (l->bias_numel) ts_rng_fill_uniform(rng, ts_layer_bias(l), l->bias_numel, -bias_bound, bias_bound);
}
