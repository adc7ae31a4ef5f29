/* The mean-field recursion of signal propagation at initialisation (mean_field.h). */
#include "mean_field.h"

#include <math.h>

/* f and f' of the activations deep_mlp.h builds */
static double act(ts_activation a, double slope, double y, double *dy) {
    switch (a) {
    case TS_ACT_RELU: *dy = y > 0; return fmax(y, 0.0);
    case TS_ACT_LEAKY_RELU: *dy = y > 0 ? 1.0 : slope; return y > 0 ? y : slope * y;
    case TS_ACT_TANH: break;
    }
    const double t = tanh(y);
    *dy = 1.0 - t * t;
    return t;
}

/* Midpoint rule over z ∈ [−8, 8] with y = √v·z: the tails beyond 8σ weigh < 1e-15. */
void ts_mean_field_moments(ts_activation a, double slope, double v, double *f2, double *df2) {
    enum { STEPS = 4000 };
    const double lo = -8.0, h = 16.0 / STEPS;
    *f2 = *df2 = 0.0;
    for (int i = 0; i < STEPS; i++) {
        const double z = lo + (i + 0.5) * h, w = exp(-0.5 * z * z) / sqrt(2 * M_PI) * h;
        double df;
        const double f = act(a, slope, sqrt(v) * z, &df);
        *f2 += w * f * f;
        *df2 += w * df * df;
    }
}

double ts_mean_field_small_signal(ts_activation a, double slope) {
    const double v = 1e-8; /* tanh(y) = y − y³/3 + …: the error is O(v) */
    double f2, df2;
    ts_mean_field_moments(a, slope, v, &f2, &df2);
    return f2 / v;
}

void ts_mean_field(ts_activation a, double slope, double q_w, double var_b, int depth, double *v, double *g) {
    double f2, df2;
    for (int k = 1; k < depth; k++) {
        ts_mean_field_moments(a, slope, v[k], &f2, &df2);
        v[k + 1] = q_w * f2 + var_b;
    }
    for (int k = depth - 1; k >= 1; k--) {
        ts_mean_field_moments(a, slope, v[k], &f2, &df2);
        g[k] = q_w * df2 * g[k + 1];
    }
}

double ts_mean_field_scheme(const ts_init_scheme *scheme, ts_activation a, double slope, int width, int depth,
                            double *v, double *g) {
    const int shape[2] = {width, width};
    const ts_init_scheme def = {.kind = TS_INIT_PYTORCH_DEFAULT}; /* its bias has its weight's variance */
    const double q_w = width * ts_init_scheme_variance(scheme, 2, shape);
    const int keeps_bias = scheme->kind == TS_INIT_PYTORCH_DEFAULT || scheme->default_bias;
    ts_mean_field(a, slope, q_w, keeps_bias ? ts_init_scheme_variance(&def, 2, shape) : 0.0, depth, v, g);
    return q_w;
}
