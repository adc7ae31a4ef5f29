/* Whole-model initialisation (lib/init/model.c), the deep plain MLP, the run configuration's
 * init and model fields, and the per-layer probe (lib/train/probe.c) on a case computed by
 * hand. The single initialisers are compared with PyTorch in test_parity.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "tests.h"

/* √(mean(v²)): the std of values drawn around 0 */
static double rms(const float *v, size_t n) {
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (double)v[i] * v[i];
    return sqrt(ss / (double)n);
}

/* ------------------------------------------------------------ the probe, by hand */

/* x (2 samples, 2 features), labels {0, 1}, through
 *   Linear(2,2) W1 = I, b1 = (0, −1) → y1 = [[1, 1], [3, −2]]
 *   ReLU                             → h  = [[1, 1], [3,  0]]
 *   Linear(2,2) W2 = [[1,0],[0,0]], b2 = 0 → z = [[1, 0], [3, 0]]
 * softmax: p(class 0) = σ(1) = a for sample 0, σ(3) = b for sample 1, so with the mean loss
 *   dz  = (p − onehot)/2 = [[(a−1)/2, (1−a)/2], [b/2, −b/2]]
 *   dh  = dz·W2          = [[(a−1)/2, 0], [b/2, 0]]      dy1 = dh ⊙ [y1 > 0] = dh
 *   dW2 = dzᵀ·h          = [[u, v], [−u, −v]]            u = (a−1+3b)/2, v = (a−1)/2
 *   dW1 = dy1ᵀ·x         = [[u, w], [0, 0]]              w = (2a−2−b)/2 */
START_TEST(probe_matches_a_hand_computed_case) {
    ts_layer *layers[] = {ts_linear(2, 2, 1), ts_relu(), ts_linear(2, 2, 1)};
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *m = ts_sequential(ts_shape_vec(2), layers, 3, &rng);
    ck_assert_ptr_nonnull(m);
    const float w1[] = {1, 0, 0, 1, 0, -1}, w2[] = {1, 0, 0, 0, 0, 0}; /* weight then bias */
    memcpy(m->layers[0]->params, w1, sizeof w1);
    memcpy(m->layers[2]->params, w2, sizeof w2);
    const float x[] = {1, 2, 3, -1};
    const int y[] = {0, 1};
    ts_layer_stats st[3];
    ck_assert_int_eq(ts_probe_layers(m, x, y, 2, &rng, st), TS_OK);

    const double a = 1 / (1 + exp(-1.0)), b = 1 / (1 + exp(-3.0));
    const double u = (a - 1 + 3 * b) / 2, v = (a - 1) / 2, w = (2 * a - 2 - b) / 2;
    /* population moments of four values */
#define MEAN4(p, q, r, s) (((p) + (q) + (r) + (s)) / 4.0)
#define STD4(p, q, r, s)                                                                                        \
    sqrt((((p) * (p) + (q) * (q) + (r) * (r) + (s) * (s)) / 4.0) - MEAN4(p, q, r, s) * MEAN4(p, q, r, s))
    const struct {
        double out_mean, out_std, grad_mean, grad_std, wgrad_std;
    } want[3] = {
        {MEAN4(1, 1, 3, -2), STD4(1, 1, 3, -2), MEAN4(v, 0, b / 2, 0), STD4(v, 0, b / 2, 0), STD4(u, w, 0, 0)},
        {MEAN4(1, 1, 3, 0), STD4(1, 1, 3, 0), MEAN4(v, 0, b / 2, 0), STD4(v, 0, b / 2, 0), NAN},
        {MEAN4(1, 0, 3, 0), STD4(1, 0, 3, 0), 0.0, STD4(v, -v, b / 2, -b / 2), STD4(u, v, -u, -v)},
    };
#undef MEAN4
#undef STD4
    /* the hand values in closed form, so a wrong macro cannot hide a wrong probe */
    ck_assert_double_eq_tol(want[0].out_std, sqrt(3.1875), 1e-12);
    ck_assert_double_eq_tol(want[1].out_std, sqrt(1.1875), 1e-12);
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq_tol(st[i].out_mean, want[i].out_mean, 1e-6);
        ck_assert_double_eq_tol(st[i].out_std, want[i].out_std, 1e-6);
        ck_assert_double_eq_tol(st[i].grad_mean, want[i].grad_mean, 1e-6);
        ck_assert_double_eq_tol(st[i].grad_std, want[i].grad_std, 1e-6);
        if (isnan(want[i].wgrad_std)) ck_assert(isnan(st[i].weight_grad_std));
        else ck_assert_double_eq_tol(st[i].weight_grad_std, want[i].wgrad_std, 1e-6);
    }
    ts_model_free(m);
}
END_TEST

/* The histogram of the ReLU's output h = [[1, 1], [3, 0]] of the case above: with the zero,
   without it, and with 3 beyond the range (clipped into the last bin). */
START_TEST(probe_histogram_counts_by_hand) {
    ts_layer *layers[] = {ts_linear(2, 2, 1), ts_relu(), ts_linear(2, 2, 1)};
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *m = ts_sequential(ts_shape_vec(2), layers, 3, &rng);
    const float w1[] = {1, 0, 0, 1, 0, -1}, x[] = {1, 2, 3, -1};
    memcpy(m->layers[0]->params, w1, sizeof w1);
    ck_assert_ptr_nonnull(ts_model_forward(m, x, 2, &rng));
    double f[4];
    ck_assert_double_eq(ts_probe_histogram(m, 1, 2, 0.0, 4.0, 4, 0, f), 0.0);
    ck_assert(f[0] == 0.25 && f[1] == 0.5 && f[2] == 0.0 && f[3] == 0.25);
    ck_assert_double_eq(ts_probe_histogram(m, 1, 2, 0.0, 4.0, 4, 1, f), 0.0);
    ck_assert(f[0] == 0.0 && fabs(f[1] - 2.0 / 3) < 1e-15 && f[2] == 0.0 && fabs(f[3] - 1.0 / 3) < 1e-15);
    ck_assert_double_eq_tol(ts_probe_histogram(m, 1, 2, 0.0, 2.0, 2, 1, f), 1.0 / 3, 1e-15);
    ck_assert(f[0] == 0.0 && f[1] == 1.0); /* 1, 1 and the clipped 3 */
    ck_assert(isnan(ts_probe_histogram(m, 3, 2, 0.0, 1.0, 2, 0, f))); /* no layer 3 */
    ck_assert(isnan(ts_probe_histogram(m, 1, 2, 1.0, 1.0, 2, 0, f))); /* an empty range */
    ts_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ the mean field */

/* Closed forms: E[relu(y)²] = v/2 and E[relu'²] = 1/2; LeakyReLU(a) (1 + a²) times those;
   E[tanh(z)²] = 0.394294 and E[tanh'(z)²] = 0.464403 for z ~ N(0, 1) (numpy, 2·10⁶ points).
   He's gain keeps a ReLU signal and its gradient: the recursion stays where it starts. */
START_TEST(mean_field_closed_forms) {
    double f2, df2;
    ts_mean_field_moments(TS_ACT_RELU, 0, 3.0, &f2, &df2);
    ck_assert(fabs(f2 - 1.5) < 1e-9 && fabs(df2 - 0.5) < 1e-9);
    ts_mean_field_moments(TS_ACT_LEAKY_RELU, 0.5, 2.0, &f2, &df2);
    ck_assert(fabs(f2 - 1.25) < 1e-9 && fabs(df2 - 0.625) < 1e-9);
    ts_mean_field_moments(TS_ACT_TANH, 0, 1.0, &f2, &df2);
    ck_assert(fabs(f2 - 0.394294) < 1e-6 && fabs(df2 - 0.464403) < 1e-6);
    ck_assert_double_eq_tol(ts_mean_field_small_signal(TS_ACT_RELU, 0), 0.5, 1e-9);
    ck_assert_double_eq_tol(ts_mean_field_small_signal(TS_ACT_LEAKY_RELU, 0.2), 0.52, 1e-9);
    ck_assert_double_eq_tol(ts_mean_field_small_signal(TS_ACT_TANH, 0), 1.0, 1e-6);
    double v[6] = {0, 0.7}, g[6] = {0};
    g[5] = 0.01;
    ts_mean_field(TS_ACT_RELU, 0, 2.0, 0.0, 5, v, g);
    for (int k = 1; k <= 5; k++) ck_assert(fabs(v[k] - 0.7) < 1e-9 && fabs(g[k] - 0.01) < 1e-12);
    ts_mean_field(TS_ACT_LEAKY_RELU, 0.5, 2.0, 0.1, 5, v, g); /* He with a = 0: ×1.25 per layer, + Var(b) */
    ck_assert(fabs(v[2] - (1.25 * 0.7 + 0.1)) < 1e-9 && fabs(g[1] - 1.25 * 1.25 * 1.25 * 1.25 * 0.01) < 1e-12);
}
END_TEST

/* ------------------------------------------------------------ model initialisation */

static ts_model *mlp(int depth, int width, int batchnorm, uint64_t seed) {
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    ts_model *m = ts_deep_mlp(ts_shape_chw(1, 28, 28), 10,
                              (ts_deep_mlp_options){.depth = depth, .width = width, .batchnorm = batchnorm}, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    return m;
}

/* Every Linear weight gets the scheme's std (from the same formula the theory uses), every
   bias 0; BatchNorm's γ stays 1. */
START_TEST(model_init_draws_each_scheme) {
    const ts_init_scheme schemes[] = {{.kind = TS_INIT_NORMAL, .std = 0.02f},
                                      {.kind = TS_INIT_XAVIER_NORMAL},
                                      {.kind = TS_INIT_KAIMING_NORMAL}};
    for (int s = 0; s < 3; s++) {
        ts_model *m = mlp(3, 512, 1, 5);
        ts_rng rng;
        ts_rng_seed(&rng, 9);
        ts_model_init(m, &schemes[s], &rng);
        int linear = 0;
        for (int i = 0; i < m->nlayers; i++) {
            ts_layer *l = m->layers[i];
            if (!strcmp(l->ops->name, "BatchNorm1d")) {
                ck_assert_float_eq(l->params[0], 1.0f);
                ck_assert_float_eq(l->params[l->nparams - 1], 0.0f);
            }
            if (l->weight_ndim != 2) continue;
            linear++;
            const double want = sqrt(ts_init_scheme_variance(&schemes[s], 2, l->weight_shape));
            ck_assert_msg(fabs(rms(ts_layer_weight(l), l->weight_numel) / want - 1) < 0.03,
                          "%s layer %d: std %g, want %g", ts_init_kind_name(schemes[s].kind), i,
                          rms(ts_layer_weight(l), l->weight_numel), want);
            ck_assert_double_eq(rms(ts_layer_bias(l), l->bias_numel), 0.0);
        }
        ck_assert_int_eq(linear, 4);
        ts_model_free(m);
    }
}
END_TEST

/* A layer's own reset_parameters() (lib/nn) draws the bits of lib/init's kaiming_uniform_(a=√5)
   and uniform_(±1/√fan_in) from the same generator, for fans where 1/√fan_in would round
   differently: the layers own their default without lib/nn including lib/init. */
START_TEST(layer_reset_is_kaiming_uniform_sqrt5) {
    const int fans[][3] = {{1, 1, 1}, {3, 4, 3}, {7, 5, 1}, {16, 32, 3}, {500, 3, 1}, {784, 2, 1}};
    for (int i = 0; i < (int)(sizeof fans / sizeof *fans); i++) {
        const int c_in = fans[i][0], c_out = fans[i][1], k = fans[i][2];
        ts_layer *layer = k > 1 ? ts_conv2d(c_in, c_out, k, 1, 0, 1) : ts_linear(c_in, c_out, 1);
        ts_rng rng;
        ts_rng_seed(&rng, 5);
        ts_model *m = ts_sequential(k > 1 ? ts_shape_chw(c_in, k, k) : ts_shape_vec(c_in), &layer, 1, &rng);
        ck_assert_msg(m != NULL, "%s", ts_error());
        ts_layer *l = m->layers[0];
        float *want = malloc(l->nparams * sizeof *want);
        ts_rng_seed(&rng, 11);
        ts_init_kaiming_uniform(want, l->weight_ndim, l->weight_shape, sqrtf(5.0f), TS_FAN_IN, TS_LEAKY_RELU, &rng);
        const float bound = 1.0f / sqrtf((float)(c_in * k * k));
        ts_init_uniform(want + l->weight_numel, l->bias_numel, -bound, bound, &rng);
        ts_rng_seed(&rng, 11);
        ts_layer_reset_parameters(l, &rng);
        ck_assert_msg(!memcmp(l->params, want, l->nparams * sizeof *want), "%s with fan_in %d", l->ops->name,
                      c_in * k * k);
        free(want);
        ts_model_free(m);
    }
}
END_TEST

/* The variances in closed form for a 256 → 512 Linear (fan_in 256, fan_out 512). */
START_TEST(scheme_variance_formulas) {
    const int shape[] = {512, 256};
    ck_assert_double_eq_tol(ts_init_scheme_variance(&(ts_init_scheme){.kind = TS_INIT_PYTORCH_DEFAULT}, 2, shape),
                            1.0 / 768, 1e-12);
    ck_assert_double_eq_tol(ts_init_scheme_variance(&(ts_init_scheme){.kind = TS_INIT_NORMAL, .std = 0.02f}, 2, shape),
                            0.0004, 1e-9);
    ck_assert_double_eq_tol(ts_init_scheme_variance(&(ts_init_scheme){.kind = TS_INIT_XAVIER_NORMAL}, 2, shape),
                            2.0 / 768, 1e-12);
    ck_assert_double_eq_tol(ts_init_scheme_variance(&(ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL}, 2, shape),
                            2.0 / 256, 1e-7);
    ck_assert_double_eq_tol(
        ts_init_scheme_variance(&(ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL, .a = 0.5f}, 2, shape),
        2.0 / (1.25 * 256), 1e-7);
}
END_TEST

/* default_bias leaves the constructor's biases; conv_only leaves the Linear layers (of the
   seed CNN) bit for bit and redraws the convolutions. */
START_TEST(model_init_options_keep_what_they_say) {
    ts_rng rng;
    ts_rng_seed(&rng, 3);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    ck_assert_ptr_nonnull(m);
    float *before = malloc(m->nparams * sizeof *before);
    memcpy(before, m->params, m->nparams * sizeof *before);
    ts_model_init(m, &(ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL, .default_bias = 1, .conv_only = 1}, &rng);
    int convs = 0;
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        if (!l->nparams) continue;
        const size_t off = (size_t)(l->params - m->params);
        const int weight_same = !memcmp(before + off, l->params, l->weight_numel * sizeof(float));
        const int bias_same = !memcmp(before + off + l->weight_numel, ts_layer_bias(l), l->bias_numel * sizeof(float));
        ck_assert(bias_same);
        if (!strcmp(l->ops->name, "Linear")) ck_assert(weight_same);
        else ck_assert(!weight_same), convs++;
    }
    ck_assert_int_eq(convs, 3);
    free(before);
    ts_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ the seed CNN's options */

/* The layer names of a model, joined: "Conv2d BatchNorm2d ReLU ...". */
static void layer_names(const ts_model *m, char *buf, size_t len) {
    buf[0] = '\0';
    for (int i = 0; i < m->nlayers; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", m->layers[i]->ops->name);
}

/* Section 3.1's two placements of BN (code: before the ReLU, text: after it), BN without its
   BatchNorm1d, and section 3.2's two dropouts in the conv blocks (Dropout2d, or element-wise). */
START_TEST(seed_cnn_options_place_the_layers) {
    static const struct {
        ts_seed_cnn_options o;
        const char *layers;
    } CASES[] = {
        {{.batchnorm = 1},
         "Conv2d BatchNorm2d ReLU Conv2d BatchNorm2d ReLU MaxPool2d Conv2d BatchNorm2d ReLU MaxPool2d "
         "Flatten Linear BatchNorm1d ReLU Linear"},
        {{.batchnorm = 1, .bn_after_relu = 1},
         "Conv2d ReLU BatchNorm2d Conv2d ReLU BatchNorm2d MaxPool2d Conv2d ReLU BatchNorm2d MaxPool2d "
         "Flatten Linear ReLU BatchNorm1d Linear"},
        {{.dropout = 0.2f},
         "Conv2d ReLU Dropout2d Conv2d ReLU Dropout2d MaxPool2d Conv2d ReLU Dropout2d MaxPool2d "
         "Flatten Linear ReLU Dropout Linear"},
        {{.batchnorm = 1, .no_fc_batchnorm = 1},
         "Conv2d BatchNorm2d ReLU Conv2d BatchNorm2d ReLU MaxPool2d Conv2d BatchNorm2d ReLU MaxPool2d "
         "Flatten Linear ReLU Linear"},
        {{.dropout = 0.2f, .dropout_elementwise = 1},
         "Conv2d ReLU Dropout Conv2d ReLU Dropout MaxPool2d Conv2d ReLU Dropout MaxPool2d "
         "Flatten Linear ReLU Dropout Linear"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        ts_rng rng;
        ts_rng_seed(&rng, 1);
        ts_model *m = ts_seed_cnn(CASES[i].o, &rng);
        ck_assert_ptr_nonnull(m);
        char names[512];
        layer_names(m, names, sizeof names);
        ck_assert_str_eq(names, CASES[i].layers);
        ts_model_free(m);
    }
}
END_TEST

/* Trained with batches of 2, BatchNorm1d(100) sees two values per feature, so
 *   x̂ = ±d/√(d² + ε),  d = (x₀ − x₁)/2,
 * ±1 up to ε: the hidden layer passes on only which of the two samples is larger. The
 * BatchNorm2d layers pool N·H·W values per channel (2·28·28 in the first), so theirs are
 * not degenerate. Measured on the seed CNN at initialisation (γ = 1, β = 0). */
START_TEST(batchnorm1d_at_batch_2_outputs_plus_or_minus_one) {
    ts_rng rng;
    ts_rng_seed(&rng, 5);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = 1}, &rng);
    ck_assert_ptr_nonnull(m);
    float x[2 * 28 * 28];
    for (int i = 0; i < 2 * 28 * 28; i++) x[i] = ts_rng_uniform(&rng);
    ck_assert_ptr_nonnull(ts_model_forward(m, x, 2, &rng));
    int checked_1d = 0, checked_2d = 0;
    for (int i = 0; i < m->nlayers; i++) {
        const char *name = m->layers[i]->ops->name;
        const float *in = m->acts[i], *out = m->acts[i + 1];
        const int per_sample = (int)ts_shape_numel(m->layers[i]->in);
        if (!strcmp(name, "BatchNorm1d")) {
            int near_one = 0;
            for (int j = 0; j < per_sample; j++) {
                const double d = ((double)in[j] - in[per_sample + j]) / 2;
                ck_assert_double_eq_tol(out[j], d / sqrt(d * d + 1e-5), 1e-4);
                ck_assert_double_eq_tol(out[per_sample + j], -out[j], 1e-5);
                near_one += fabsf(out[j]) > 0.9f; /* |d| > 2√ε */
            }
            ck_assert_int_ge(near_one, 90); /* of 100 */
            checked_1d = 1;
        } else if (!strcmp(name, "BatchNorm2d") && !checked_2d) {
            int near_one = 0;
            for (int j = 0; j < 2 * per_sample; j++) near_one += fabsf(fabsf(out[j]) - 1.0f) < 0.01f;
            ck_assert_int_lt(near_one, 2 * per_sample / 20); /* under 5%: a spread of values */
            checked_2d = 1;
        }
    }
    ck_assert(checked_1d && checked_2d);
    ts_model_free(m);
}
END_TEST

/* Tensor.view's size arithmetic, as PyTorch: the seed's out.view(64, -1) of a last batch of 16
   images of 3136 features succeeds with rows of 784; sizes that do not divide are an error in
   PyTorch's words; at most one −1. */
START_TEST(view_sizes_as_pytorch) {
    int v[2] = {64, -1};
    ck_assert_int_eq(ts_view_sizes(16 * 3136, 2, v), TS_OK);
    ck_assert(v[0] == 64 && v[1] == 784);
    int bad[2] = {64, -1};
    ck_assert_int_eq(ts_view_sizes(1000, 2, bad), TS_ERR);
    ck_assert_str_eq(ts_error(), "shape '[64, -1]' is invalid for input of size 1000");
    int two[3] = {-1, 4, -1}, exact[2] = {4, 250}, wrong[2] = {4, 249};
    ck_assert_int_eq(ts_view_sizes(1000, 3, two), TS_ERR);
    ck_assert_int_eq(ts_view_sizes(1000, 2, exact), TS_OK);
    ck_assert_int_eq(ts_view_sizes(1000, 2, wrong), TS_ERR);
}
END_TEST

/* ------------------------------------------------------------ the run configuration */

/* A default configuration describes itself as before these fields existed (so stored runs
   keep their hash); the new fields appear only when set. Bad values are clear errors. */
START_TEST(run_config_init_and_model_fields) {
    ts_run_config c = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 8, .epochs = 1, .eval_batch_size = 8};
    char d[512];
    ts_run_config_describe(&c, d, sizeof d);
    ck_assert_str_eq(d, "model=seed_cnn batchnorm=0 dropout=0 optimizer=sgd lr=0.01 momentum=0.9 batch_size=8 "
                        "epochs=1 train_size=0 test_size=0 eval_batch_size=8");
    c.bn_after_relu = 1;
    c.dropout_elementwise = 1;
    c.no_fc_batchnorm = 1;
    ts_run_config_describe(&c, d, sizeof d);
    ck_assert_ptr_nonnull(strstr(d, "eval_batch_size=8 bn_after_relu=1 dropout_elementwise=1 no_fc_batchnorm=1"));
    c.bn_after_relu = 0;
    c.dropout_elementwise = 0;
    c.no_fc_batchnorm = 0;
    c.model = TS_MODEL_DEEP_MLP, c.depth = 20, c.width = 256, c.activation = TS_ACT_TANH;
    c.init = (ts_init_scheme){.kind = TS_INIT_NORMAL, .std = 0.02f, .default_bias = 1};
    ts_run_config_describe(&c, d, sizeof d);
    ck_assert_ptr_nonnull(strstr(d, "model=deep_mlp "));
    ck_assert_ptr_nonnull(strstr(d, " depth=20 width=256 activation=tanh init=normal init_std=0.02 init_default_bias=1"));

    ts_dataset ds = {.n = 4, .c = 1, .h = 2, .w = 2, .classes = 10};
    uint8_t pixels[16] = {0};
    int labels[4] = {0};
    ds.images = pixels, ds.labels = labels;
    ts_run r;
    c.init.std = 0.0f;
    ck_assert_int_eq(ts_run_init(&r, &c, 1, &ds, &ds), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "positive std"));
    c.init.std = 0.02f, c.depth = 0;
    ck_assert_int_eq(ts_run_init(&r, &c, 1, &ds, &ds), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "depth 0"));
    c.depth = 2;
    ck_assert_int_eq(ts_run_init(&r, &c, 1, &ds, &ds), TS_OK);
    ck_assert_int_eq(r.model->nlayers, 1 + 2 * 2 + 1); /* Flatten, 2 × (Linear, Tanh), Linear */
    ts_run_free(&r);
    /* LeakyReLU with its slope, and He's a: described (so they have their own records) and built */
    c.activation = TS_ACT_LEAKY_RELU;
    c.negative_slope = 0.2f;
    c.init = (ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL, .a = 0.2f};
    ts_run_config_describe(&c, d, sizeof d);
    ck_assert_ptr_nonnull(strstr(d, " activation=leaky_relu negative_slope=0.2 init=kaiming_normal init_a=0.2"));
    ck_assert_int_eq(ts_run_init(&r, &c, 1, &ds, &ds), TS_OK);
    char layer[64];
    r.model->layers[2]->ops->describe(r.model->layers[2], layer, sizeof layer);
    ck_assert_str_eq(layer, "LeakyReLU(negative_slope=0.2)");
    ts_run_free(&r);
}
END_TEST

Suite *suite_init_model(void) {
    Suite *s = suite_create("init_model");
    TCase *tc = tcase_create("init_model");
    tcase_add_test(tc, probe_matches_a_hand_computed_case);
    tcase_add_test(tc, probe_histogram_counts_by_hand);
    tcase_add_test(tc, mean_field_closed_forms);
    tcase_add_test(tc, view_sizes_as_pytorch);
    tcase_add_test(tc, model_init_draws_each_scheme);
    tcase_add_test(tc, layer_reset_is_kaiming_uniform_sqrt5);
    tcase_add_test(tc, scheme_variance_formulas);
    tcase_add_test(tc, model_init_options_keep_what_they_say);
    tcase_add_test(tc, seed_cnn_options_place_the_layers);
    tcase_add_test(tc, batchnorm1d_at_batch_2_outputs_plus_or_minus_one);
    tcase_add_test(tc, run_config_init_and_model_fields);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
