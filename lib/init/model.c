/* Whole-model initialisation: the seed's loop over self.modules() (section 2). */
#include <string.h>

#include "../core/error.h"
#include "init.h"

const char *ts_init_kind_name(ts_init_kind kind) {
    switch (kind) {
    case TS_INIT_PYTORCH_DEFAULT: return "pytorch_default";
    case TS_INIT_NORMAL: return "normal";
    case TS_INIT_XAVIER_NORMAL: return "xavier_normal";
    case TS_INIT_KAIMING_NORMAL: return "kaiming_normal";
    }
    return NULL;
}

double ts_init_scheme_variance(const ts_init_scheme *s, int ndim, const int *shape) {
    int fi = 1, fo = 1;
    if (ts_calculate_fans(ndim, shape, &fi, &fo) != TS_OK) return 0.0;
    switch (s->kind) {
    case TS_INIT_PYTORCH_DEFAULT: return 1.0 / (3.0 * fi);  /* U(±1/√fan_in) */
    case TS_INIT_NORMAL: return (double)s->std * s->std;
    case TS_INIT_XAVIER_NORMAL: return 2.0 / (fi + fo);
    case TS_INIT_KAIMING_NORMAL: { /* gain²/fan_in, nonlinearity leaky_relu with slope a */
        const double gain = ts_calculate_gain(TS_LEAKY_RELU, s->a);
        return gain * gain / fi;
    }
    }
    return 0.0;
}

void ts_model_init(ts_model *m, const ts_init_scheme *s, ts_rng *rng) {
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        if (l->weight_ndim < 2) continue; /* BatchNorm's γ, β; layers without parameters */
        if (s->conv_only && !strcmp(l->ops->name, "Linear")) continue;
        float *w = ts_layer_weight(l), *b = ts_layer_bias(l);
        switch (s->kind) {
        case TS_INIT_PYTORCH_DEFAULT: ts_layer_reset_parameters(l, rng); continue; /* draws its own bias */
        case TS_INIT_NORMAL: ts_init_normal(w, l->weight_numel, 0.0f, s->std, rng); break;
        case TS_INIT_XAVIER_NORMAL: ts_init_xavier_normal(w, l->weight_ndim, l->weight_shape, 1.0f, rng); break;
        case TS_INIT_KAIMING_NORMAL:
            ts_init_kaiming_normal(w, l->weight_ndim, l->weight_shape, s->a, TS_FAN_IN, TS_LEAKY_RELU, rng);
            break;
        }
        if (b && !s->default_bias) ts_init_zeros(b, l->bias_numel);
    }
}
