/* PyTorch parity: every layer, loss, optimizer and initialiser against PyTorch 1.13.
 *
 * experiments/make_fixtures.py ran PyTorch on small deterministic inputs and stored the
 * inputs, the parameters and the results in tests/fixtures/ (one .txt per group). Here
 * the same layers are built in C, given the SAME inputs and parameters (read from the
 * fixture: the two random generators differ), and the results compared. Where
 * randomness is the point (dropout masks, initialisers) the comparison is statistical.
 *
 * Tolerances: a value passes when |ours − PyTorch's| ≤ atol + rtol·|PyTorch's|.
 *   EXACT      0, 0: selections and single float multiplications that both sides compute
 *              identically — ReLU, LeakyReLU (both test x > 0, so the kink convention is
 *              checked too), max-pool (incl. ties: first maximum wins), Flatten, dropout's
 *              scale, dropout in eval mode.
 *   ELEMENTWISE 1e-6, 1e-6: tanh and sigmoid come from different libm implementations
 *              (glibc's tanhf/expf vs PyTorch's SLEEF kernels), a few float32 ulps apart
 *              (float32 ulp = 6e-8 relative).
 *   GEMM       1e-5, 1e-5: conv and linear sum up to 27 products per output (and up to
 *              N·P = 50 per weight gradient) in a different order (OpenBLAS vs PyTorch's
 *              kernels); each reordering costs a few ulps of the largest partial sum.
 *   BATCHNORM  1e-5, 1e-5: statistics are reductions (ours in double), then (x − μ)/σ
 *              amplifies the rounding of μ by 1/σ.
 *   LOSS       1e-6, 1e-5: we compute the losses in double, PyTorch in float32.
 *   OPTIM      1e-6, 1e-6: 5 steps of element-wise float32 updates; PyTorch's vectorised
 *              add(alpha)/addcdiv kernels may fuse multiply-adds, so a few ulps differ.
 *   CNN        the end-to-end model is a chain of 5 GEMM layers and 4 BatchNorms on a
 *              batch of 8; rounding grows through the chain, see the test.
 * A real bug (a wrong formula, a transposed weight, a biased variance) shows up as a
 * relative error of 1e-3 or more, two orders above every tolerance here.
 * TS_PARITY_VERBOSE=1 prints the largest deviation of every comparison, to see how much
 * head room each tolerance has (at the time of writing: every comparison used at most
 * ~15% of its tolerance). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "fixture.h"
#include "tests.h"

typedef struct {
    double atol, rtol;
} tolerance;

static const tolerance EXACT = {0.0, 0.0};
static const tolerance ELEMENTWISE = {1e-6, 1e-6};
static const tolerance GEMM = {1e-5, 1e-5};
static const tolerance BATCHNORM = {1e-5, 1e-5};
static const tolerance LOSS = {1e-6, 1e-5};
static const tolerance OPTIM = {1e-6, 1e-6};

static int within(float ours, float torch, tolerance t) {
    return fabs((double)ours - (double)torch) <= t.atol + t.rtol * fabs((double)torch);
}

/* The index of the first element outside the tolerance; n when there is none. */
static size_t first_difference(const float *ours, const float *torch, size_t n, tolerance t) {
    size_t i = 0;
    while (i < n && within(ours[i], torch[i], t)) i++;
    return i;
}

/* Fails the test at the first element outside the tolerance, naming the array and index. */
static void expect_close(const char *what, const float *ours, const float *torch, size_t n, tolerance t) {
    const size_t bad = first_difference(ours, torch, n, t);
    ck_assert_msg(bad == n, "%s[%zu]: trainskill %.9g vs PyTorch %.9g (|diff| %.3g > atol %.1g + rtol %.1g·|PyTorch|)",
                  what, bad, ours[bad], torch[bad], fabs((double)ours[bad] - (double)torch[bad]), t.atol, t.rtol);
    double worst = 0.0;
    size_t worst_i = 0;
    for (size_t i = 0; i < n; i++) {
        const double diff = fabs((double)ours[i] - (double)torch[i]);
        const double scaled = diff / (t.atol + t.rtol * fabs((double)torch[i]) + 1e-300);
        if (scaled > worst) worst = scaled, worst_i = i;
    }
    if (getenv("TS_PARITY_VERBOSE"))
        fprintf(stderr, "parity %-32s n=%-6zu worst [%zu] uses %.3f of the tolerance\n", what, n, worst_i, worst);
}

static void expect_close1(const char *what, float ours, float torch, tolerance t) {
    expect_close(what, &ours, &torch, 1, t);
}

/* "prefix.suffix", for fixture names and messages. */
static const char *key(char *buf, size_t len, const char *prefix, const char *suffix) {
    snprintf(buf, len, "%s.%s", prefix, suffix);
    return buf;
}

static const float *get(const fixture *fx, const char *prefix, const char *suffix, size_t count) {
    char k[128];
    return fixture_get(fx, key(k, sizeof k, prefix, suffix), count);
}

static void expect_fixture(const fixture *fx, const char *prefix, const char *suffix, const float *ours,
                           size_t n, tolerance t) {
    char k[128];
    expect_close(key(k, sizeof k, prefix, suffix), ours, get(fx, prefix, suffix, n), n, t);
}

static ts_model *one_layer_model(ts_shape in, ts_layer *layer) {
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *m = ts_sequential(in, &layer, 1, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    return m;
}

/* ---- Single layers ---------------------------------------------------------------------
 * Forward on the fixture's x with the fixture's parameters, then backward of the fixed
 * upstream gradient dy: compares y, dx and the parameter gradients. */
static void layer_case(const char *name, ts_layer *layer, ts_shape in, int n, tolerance fwd, tolerance bwd) {
    fixture *fx = fixture_load("layers");
    ts_model *m = one_layer_model(in, layer);
    const size_t nin = ts_shape_numel(in) * (size_t)n, nout = ts_shape_numel(m->out) * (size_t)n;
    memcpy(m->params, get(fx, name, "params", m->nparams), m->nparams * sizeof(float));
    m->need_input_grad = 1;
    const float *y = ts_model_forward(m, get(fx, name, "x", nin), n, NULL);
    ck_assert_msg(y != NULL, "%s", ts_error());
    expect_fixture(fx, name, "y", y, nout, fwd);
    ts_model_zero_grad(m);
    ts_model_backward(m, get(fx, name, "dy", nout));
    expect_fixture(fx, name, "dx", ts_model_input_grad(m), nin, bwd);
    expect_fixture(fx, name, "dparams", m->grads, m->nparams, bwd);
    ts_model_free(m);
    fixture_free(fx);
}

START_TEST(conv2d_3to4_k3_s1_p1_bias) {
    layer_case("conv_a", ts_conv2d(3, 4, 3, 1, 1, 1), ts_shape_chw(3, 5, 5), 2, GEMM, GEMM);
}
END_TEST
START_TEST(conv2d_2to3_k3_s2_p0_nobias_nonsquare) {
    layer_case("conv_b", ts_conv2d(2, 3, 3, 2, 0, 0), ts_shape_chw(2, 7, 9), 2, GEMM, GEMM);
}
END_TEST
/* Conv2d's general stride-1 path: an even kernel with padding 1 makes 6×7 into 5×6, so the
   same-size shortcut of lib/nn/conv2d.c (stride 1, 2p = k − 1) does not apply. */
START_TEST(conv2d_2to3_k4_s1_p1_general_stride1) {
    layer_case("conv_c", ts_conv2d(2, 3, 4, 1, 1, 1), ts_shape_chw(2, 6, 7), 2, GEMM, GEMM);
}
END_TEST
START_TEST(linear) { layer_case("linear", ts_linear(7, 5, 1), ts_shape_vec(7), 3, GEMM, GEMM); }
END_TEST
START_TEST(relu) { layer_case("relu", ts_relu(), ts_shape_chw(3, 4, 4), 2, EXACT, EXACT); }
END_TEST
START_TEST(leaky_relu) { layer_case("leaky_relu", ts_leaky_relu(0.2f), ts_shape_chw(3, 4, 4), 2, EXACT, EXACT); }
END_TEST
START_TEST(tanh_layer) { layer_case("tanh", ts_tanh(), ts_shape_chw(3, 4, 4), 2, ELEMENTWISE, ELEMENTWISE); }
END_TEST
START_TEST(sigmoid_layer) {
    layer_case("sigmoid", ts_sigmoid(), ts_shape_chw(3, 4, 4), 2, ELEMENTWISE, ELEMENTWISE);
}
END_TEST
START_TEST(maxpool2d_2_2) { layer_case("maxpool_2", ts_maxpool2d(2, 2, 0), ts_shape_chw(3, 6, 6), 2, EXACT, EXACT); }
END_TEST
START_TEST(maxpool2d_3_s2_p1) {
    layer_case("maxpool_3s2p1", ts_maxpool2d(3, 2, 1), ts_shape_chw(2, 7, 7), 2, EXACT, EXACT);
}
END_TEST
START_TEST(maxpool2d_ties) {
    layer_case("maxpool_ties", ts_maxpool2d(3, 2, 1), ts_shape_chw(2, 7, 7), 2, EXACT, EXACT);
}
END_TEST
START_TEST(flatten) { layer_case("flatten", ts_flatten(), ts_shape_chw(3, 2, 2), 2, EXACT, EXACT); }
END_TEST

/* ---- BatchNorm -------------------------------------------------------------------------
 * Train mode: y, dx, dγ, dβ on batch 1; running_mean/var after batches 1, 2, 3 (momentum
 * m, unbiased variance); then eval mode on batch 4 with those running statistics. */
static void batchnorm_case(const char *name, ts_layer *bn, ts_shape in, int n) {
    fixture *fx = fixture_load("batchnorm");
    ts_model *m = one_layer_model(in, bn);
    const size_t numel = ts_shape_numel(in) * (size_t)n, C = (size_t)in.c;
    memcpy(m->params, get(fx, name, "params", 2 * C), 2 * C * sizeof(float));
    m->need_input_grad = 1;
    const float *dy = get(fx, name, "dy", numel);

    const float *y = ts_model_forward(m, get(fx, name, "x1", numel), n, NULL);
    ck_assert_msg(y != NULL, "%s", ts_error());
    expect_fixture(fx, name, "y1", y, numel, BATCHNORM);
    ts_model_zero_grad(m);
    ts_model_backward(m, dy);
    expect_fixture(fx, name, "dx1", ts_model_input_grad(m), numel, BATCHNORM);
    expect_fixture(fx, name, "dparams", m->grads, 2 * C, BATCHNORM);

    ck_assert(ts_model_forward(m, get(fx, name, "x2", numel), n, NULL) != NULL);
    ck_assert(ts_model_forward(m, get(fx, name, "x3", numel), n, NULL) != NULL);
    expect_fixture(fx, name, "running_mean", ts_batchnorm_running_mean(m->layers[0]), C, BATCHNORM);
    expect_fixture(fx, name, "running_var", ts_batchnorm_running_var(m->layers[0]), C, BATCHNORM);

    ts_model_train(m, 0);
    y = ts_model_forward(m, get(fx, name, "xe", numel), n, NULL);
    ck_assert_msg(y != NULL, "%s", ts_error());
    expect_fixture(fx, name, "ye", y, numel, BATCHNORM);
    ts_model_backward(m, dy);
    expect_fixture(fx, name, "dxe", ts_model_input_grad(m), numel, BATCHNORM);
    ts_model_free(m);
    fixture_free(fx);
}

START_TEST(batchnorm2d) { batchnorm_case("bn2d", ts_batchnorm2d(3), ts_shape_chw(3, 5, 5), 4); }
END_TEST
START_TEST(batchnorm2d_momentum_0_3) {
    batchnorm_case("bn2d_m03", ts_batchnorm(2, 3, 1e-5f, 0.3f), ts_shape_chw(3, 5, 5), 4);
}
END_TEST
/* (N, C, 1, 1), as after a conv down to 1×1: valid for PyTorch's BatchNorm2d (M = N); a flat
   (N, C) stays an error there, and here. */
START_TEST(batchnorm2d_1x1) {
    batchnorm_case("bn2d_1x1", ts_batchnorm2d(3), ts_shape_chw(3, 1, 1), 4);
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ck_assert_ptr_null(ts_sequential(ts_shape_vec(3), (ts_layer *[]){ts_batchnorm2d(3)}, 1, &rng));
    ck_assert_ptr_nonnull(strstr(ts_error(), "expected 4D input (N, C, H, W), got a flat vector"));
}
END_TEST
START_TEST(batchnorm1d) { batchnorm_case("bn1d", ts_batchnorm1d(5), ts_shape_vec(5), 6); }
END_TEST
START_TEST(batchnorm1d_ncl) { batchnorm_case("bn1d_ncl", ts_batchnorm1d(4), ts_shape_chw(4, 5, 1), 3); }
END_TEST

/* ---- Losses ------------------------------------------------------------------------- */
START_TEST(cross_entropy) {
    enum { N = 6, K = 5 };
    fixture *fx = fixture_load("losses");
    const float *fl = fixture_get(fx, "ce.labels", N);
    int labels[N];
    for (int i = 0; i < N; i++) labels[i] = (int)fl[i];
    float loss, dz[N * K];
    ck_assert_int_eq(ts_cross_entropy(fixture_get(fx, "ce.logits", N * K), labels, N, K, 1.0f, &loss, dz), TS_OK);
    expect_close1("ce.loss", loss, fixture_scalar(fx, "ce.loss"), LOSS);
    expect_close("ce.dlogits", dz, fixture_get(fx, "ce.dlogits", N * K), N * K, LOSS);
    fixture_free(fx);
}
END_TEST

START_TEST(bce_with_logits) {
    enum { N = 12 };
    fixture *fx = fixture_load("losses");
    float dz[N];
    const float loss = ts_bce_with_logits(fixture_get(fx, "bce.logits", N), fixture_get(fx, "bce.targets", N), N,
                                          1.0f, dz);
    expect_close1("bce.loss", loss, fixture_scalar(fx, "bce.loss"), LOSS);
    expect_close("bce.dlogits", dz, fixture_get(fx, "bce.dlogits", N), N, LOSS);
    fixture_free(fx);
}
END_TEST

/* ---- Dropout -----------------------------------------------------------------------------
 * Masks cannot match PyTorch's bit for bit (different generators), so: eval is exactly
 * the identity; in training the fraction zeroed is p within 5 binomial standard errors
 * √(p(1−p)/units) (a false alarm has probability < 1e-6), every kept value is exactly
 * x·s with s the scale PyTorch gives kept units (float32(1/(1−p))), the gradient uses
 * the same mask, and Dropout2d zeroes whole channels. */
START_TEST(dropout_eval_is_identity) {
    enum { N = 4 };
    ts_layer *layers[] = {ts_dropout(0.5f), ts_dropout2d(0.5f)};
    for (int k = 0; k < 2; k++) {
        ts_model *m = one_layer_model(ts_shape_chw(3, 4, 4), layers[k]);
        const size_t numel = ts_shape_numel(m->in) * N;
        float *x = malloc(numel * sizeof *x), *dy = malloc(numel * sizeof *dy);
        ts_rng rng;
        ts_rng_seed(&rng, 11);
        for (size_t i = 0; i < numel; i++) x[i] = ts_rng_normal(&rng), dy[i] = ts_rng_normal(&rng);
        ts_model_train(m, 0);
        m->need_input_grad = 1;
        const float *y = ts_model_forward(m, x, N, &rng);
        ck_assert_msg(y && memcmp(y, x, numel * sizeof *x) == 0, "%s in eval mode must return x unchanged",
                      m->layers[0]->ops->name);
        ts_model_backward(m, dy);
        ck_assert_msg(memcmp(ts_model_input_grad(m), dy, numel * sizeof *dy) == 0,
                      "%s in eval mode must pass the gradient unchanged", m->layers[0]->ops->name);
        free(x);
        free(dy);
        ts_model_free(m);
    }
}
END_TEST

/* One train-mode forward and backward of a dropout layer over n samples of shape `in`,
   checked unit by unit (a unit is an element, or a whole channel for Dropout2d). */
static void dropout_statistics(const char *name, ts_layer *layer, ts_shape in, int n, float p) {
    fixture *fx = fixture_load("dropout");
    char k[64];
    snprintf(k, sizeof k, "%s_p%g", name, p);
    const float scale = get(fx, k, "scale", 1)[0], torch_zeroed = get(fx, k, "fraction_zeroed", 1)[0];
    ts_model *m = one_layer_model(in, layer);
    const size_t numel = ts_shape_numel(in) * (size_t)n;
    const size_t group = ((ts_dropout_layer *)layer)->per_channel ? (size_t)in.h * in.w : 1, units = numel / group;
    float *x = malloc(numel * sizeof *x), *dy = malloc(numel * sizeof *dy);
    ts_rng rng;
    ts_rng_seed(&rng, 12);
    for (size_t i = 0; i < numel; i++) x[i] = 1.0f + ts_rng_uniform(&rng), dy[i] = ts_rng_normal(&rng);
    m->need_input_grad = 1;
    const float *y = ts_model_forward(m, x, n, &rng);
    ck_assert_msg(y != NULL, "%s", ts_error());
    ts_model_backward(m, dy);
    const float *dx = ts_model_input_grad(m);
    size_t zeroed = 0;
    for (size_t u = 0; u < units; u++) {
        const int dropped = y[u * group] == 0.0f;
        zeroed += dropped;
        for (size_t i = u * group; i < (u + 1) * group; i++) {
            const float want = dropped ? 0.0f : x[i] * scale, dwant = dropped ? 0.0f : dy[i] * scale;
            ck_assert_msg(y[i] == want, "%s(p=%g) y[%zu] = %.9g, expected %s = %.9g", name, p, i, y[i],
                          dropped ? "0 (unit dropped)" : "x·scale", want);
            ck_assert_msg(dx[i] == dwant, "%s(p=%g) dx[%zu] = %.9g, expected %.9g (same mask as forward)", name, p,
                          i, dx[i], dwant);
        }
    }
    const double se = sqrt(p * (1.0 - p) / (double)units), frac = (double)zeroed / (double)units;
    ck_assert_msg(fabs(frac - p) <= 5 * se, "%s(p=%g) zeroed %.4f of %zu units, expected %g ± %.4f", name, p, frac,
                  units, p, 5 * se);
    ck_assert_msg(fabs(torch_zeroed - p) <= 5 * se, "fixture: PyTorch zeroed %.4f, expected %g", torch_zeroed, p);
    /* The scale is float32(1/(1−p)), as PyTorch computes it. */
    ck_assert_msg(scale == 1.0f / (1.0f - p), "PyTorch's scale %.9g vs 1/(1-p) = %.9g", scale, 1.0f / (1.0f - p));
    free(x);
    free(dy);
    ts_model_free(m);
    fixture_free(fx);
}

START_TEST(dropout_train_statistics) {
    /* 200k elements, as in the fixture. */
    dropout_statistics("dropout", ts_dropout(0.2f), ts_shape_vec(2000), 100, 0.2f);
    dropout_statistics("dropout", ts_dropout(0.5f), ts_shape_vec(2000), 100, 0.5f);
}
END_TEST

START_TEST(dropout2d_train_statistics) {
    /* (64, 64, 4, 4): 4096 channels, as in the fixture. */
    dropout_statistics("dropout2d", ts_dropout2d(0.2f), ts_shape_chw(64, 4, 4), 64, 0.2f);
    dropout_statistics("dropout2d", ts_dropout2d(0.5f), ts_shape_chw(64, 4, 4), 64, 0.5f);
}
END_TEST

/* ---- Optimizers ------------------------------------------------------------------------
 * 5 steps on the fixture's gradient sequence (the C grads array is set before each step),
 * parameters compared after every step. The gradients include zeros (only weight decay
 * moves those parameters) and tiny values ~1e-8 (where Adam's eps decides the step). */
enum { OPT_N = 12, OPT_STEPS = 5 };

static void optim_case(const char *name, ts_optimizer *(*make)(float *, const float *)) {
    fixture *fx = fixture_load("optim");
    const float *grads = fixture_get(fx, "grads", OPT_STEPS * OPT_N);
    const float *trace = get(fx, name, "params", OPT_STEPS * OPT_N);
    float params[OPT_N], g[OPT_N];
    memcpy(params, fixture_get(fx, "p0", OPT_N), sizeof params);
    ts_optimizer *opt = make(params, g);
    ck_assert_msg(opt != NULL, "%s", ts_error());
    for (int step = 0; step < OPT_STEPS; step++) {
        memcpy(g, grads + step * OPT_N, sizeof g);
        ts_optimizer_step(opt);
        char what[96];
        snprintf(what, sizeof what, "%s: params after step %d", name, step + 1);
        expect_close(what, params, trace + step * OPT_N, OPT_N, OPTIM);
    }
    ts_optimizer_free(opt);
    fixture_free(fx);
}

static ts_optimizer *sgd_plain(float *p, const float *g) { return ts_sgd(p, g, OPT_N, 0.1f, (ts_sgd_options){0}); }
static ts_optimizer *sgd_momentum(float *p, const float *g) {
    return ts_sgd(p, g, OPT_N, 0.1f, (ts_sgd_options){.momentum = 0.9f});
}
static ts_optimizer *sgd_dampening(float *p, const float *g) {
    return ts_sgd(p, g, OPT_N, 0.1f, (ts_sgd_options){.momentum = 0.9f, .dampening = 0.5f});
}
static ts_optimizer *sgd_nesterov(float *p, const float *g) {
    return ts_sgd(p, g, OPT_N, 0.1f, (ts_sgd_options){.momentum = 0.9f, .nesterov = 1});
}
static ts_optimizer *sgd_weight_decay(float *p, const float *g) {
    return ts_sgd(p, g, OPT_N, 0.1f, (ts_sgd_options){.momentum = 0.9f, .weight_decay = 1e-2f});
}
static ts_optimizer *adam_default(float *p, const float *g) { return ts_adam(p, g, OPT_N, 0.01f, TS_ADAM_DEFAULTS); }
static ts_optimizer *adam_weight_decay(float *p, const float *g) {
    ts_adam_options o = TS_ADAM_DEFAULTS;
    o.weight_decay = 1e-2f;
    return ts_adam(p, g, OPT_N, 0.01f, o);
}
/* DCGAN's Adam(lr=2e-4, betas=(0.5, 0.999)), written as a user would: eps left at its default. */
static ts_optimizer *adam_dcgan(float *p, const float *g) {
    ts_adam_options o = TS_ADAM_DEFAULTS;
    o.beta1 = 0.5f;
    return ts_adam(p, g, OPT_N, 2e-4f, o);
}

START_TEST(sgd_plain_5_steps) { optim_case("sgd_plain", sgd_plain); }
END_TEST
START_TEST(sgd_momentum_5_steps) { optim_case("sgd_momentum", sgd_momentum); }
END_TEST
START_TEST(sgd_dampening_5_steps) { optim_case("sgd_dampening", sgd_dampening); }
END_TEST
START_TEST(sgd_nesterov_5_steps) { optim_case("sgd_nesterov", sgd_nesterov); }
END_TEST
START_TEST(sgd_weight_decay_5_steps) { optim_case("sgd_weight_decay", sgd_weight_decay); }
END_TEST
START_TEST(adam_default_5_steps) { optim_case("adam_default", adam_default); }
END_TEST
START_TEST(adam_weight_decay_5_steps) { optim_case("adam_weight_decay", adam_weight_decay); }
END_TEST
START_TEST(adam_dcgan_betas_5_steps) { optim_case("adam_dcgan", adam_dcgan); }
END_TEST

/* The values torch.optim.SGD and Adam refuse, each refused with PyTorch's message (checked
   against 1.13: `torch.optim.Adam(p, betas=(1.5, 0.999))` raises "Invalid beta parameter at
   index 0: 1.5"); NaN and infinity are refused too, where PyTorch's SGD lets a NaN lr through. */
START_TEST(optimizers_refuse_what_pytorch_refuses) {
    float p[OPT_N] = {0}, g[OPT_N] = {0};
    const struct {
        float lr;
        ts_sgd_options o;
        const char *error;
    } sgd[] = {
        {-0.1f, {.momentum = 0.0f}, "Invalid learning rate: -0.1"},
        {NAN, {.momentum = 0.0f}, "Invalid learning rate: nan"},
        {INFINITY, {.momentum = 0.0f}, "Invalid learning rate: inf"},
        {0.1f, {.momentum = -0.9f}, "Invalid momentum value: -0.9"},
        {0.1f, {.momentum = NAN}, "Invalid momentum value: nan"},
        {0.1f, {.momentum = 0.9f, .dampening = INFINITY}, "Invalid dampening value: inf"},
        {0.1f, {.weight_decay = -1e-4f}, "Invalid weight_decay value: -0.0001"},
        {0.1f, {.nesterov = 1}, "Nesterov momentum requires a momentum and zero dampening"},
        {0.1f, {.momentum = 0.9f, .dampening = 0.1f, .nesterov = 1},
         "Nesterov momentum requires a momentum and zero dampening"},
    };
    for (size_t i = 0; i < sizeof sgd / sizeof *sgd; i++) {
        ck_assert_msg(ts_sgd(p, g, OPT_N, sgd[i].lr, sgd[i].o) == NULL, "SGD case %zu was accepted", i);
        ck_assert_str_eq(ts_error(), sgd[i].error);
    }
    const struct {
        float lr, beta1, beta2, eps, weight_decay;
        const char *error;
    } adam[] = {
        {-0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, "Invalid learning rate: -0.1"},
        {0.1f, 0.9f, 0.999f, -1e-8f, 0.0f, "Invalid epsilon value: -1e-08"},
        {0.1f, 0.9f, 0.999f, NAN, 0.0f, "Invalid epsilon value: nan"},
        {0.1f, 1.5f, 0.999f, 1e-8f, 0.0f, "Invalid beta parameter at index 0: 1.5"},
        {0.1f, -0.1f, 0.999f, 1e-8f, 0.0f, "Invalid beta parameter at index 0: -0.1"},
        {0.1f, 0.9f, 1.0f, 1e-8f, 0.0f, "Invalid beta parameter at index 1: 1"},
        {0.1f, 0.9f, NAN, 1e-8f, 0.0f, "Invalid beta parameter at index 1: nan"},
        {0.1f, 0.9f, 0.999f, 1e-8f, -1.0f, "Invalid weight_decay value: -1"},
        {0.1f, 0.9f, 0.999f, 1e-8f, INFINITY, "Invalid weight_decay value: inf"},
    };
    for (size_t i = 0; i < sizeof adam / sizeof *adam; i++) {
        const ts_adam_options o = {adam[i].beta1, adam[i].beta2, adam[i].eps, adam[i].weight_decay};
        ck_assert_msg(ts_adam(p, g, OPT_N, adam[i].lr, o) == NULL, "Adam case %zu was accepted", i);
        ck_assert_str_eq(ts_error(), adam[i].error);
    }
    /* the edges PyTorch accepts: betas 0 and eps 0 (no longer "defaults"), lr 0 */
    ts_optimizer *edge = ts_adam(p, g, OPT_N, 0.0f, (ts_adam_options){.beta1 = 0.0f, .beta2 = 0.0f, .eps = 0.0f});
    ck_assert_msg(edge != NULL, "%s", ts_error());
    ck_assert(edge->adam.beta1 == 0.0f && edge->adam.beta2 == 0.0f && edge->adam.eps == 0.0f);
    ts_optimizer_free(edge);
}
END_TEST

/* ---- Initialisation ----------------------------------------------------------------------
 * Each scheme fills a conv weight (256, 128, 3, 3) (n = 294,912) and a Linear weight
 * (1000, 500) (n = 500,000). The fixture holds PyTorch's sample mean, std, min, max and
 * the theoretical std and uniform bound from PyTorch's own fan/gain code. Standard
 * errors for n draws of std σ: mean σ/√n; sample std σ·√((κ − 1)/4n) with kurtosis κ = 3
 * (normal) or 1.8 (uniform) — 0.13% (normal) and 0.08% (uniform) at n = 294,912. We
 * accept 6 standard errors (√2 more between two samples): std within ≈ 0.8% of theory.
 * Bounds: a uniform sample lies in [−b, b] and its extremes are within 40b/n of ±b (a
 * miss has probability e^−20); the extremes of n normal draws are ≈ 4.5σ from the mean,
 * spread ≈ 0.25σ, so ours and PyTorch's must agree within 2σ. The seeds are fixed, so
 * the tests are deterministic; the margins say they would pass for almost any seed. */
typedef struct {
    double mean, std, min, max;
} sample_stats;

static sample_stats stats_of(const float *w, size_t n) {
    double sum = 0.0, sq = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        sum += w[i];
        lo = fmin(lo, w[i]);
        hi = fmax(hi, w[i]);
    }
    const double mean = sum / (double)n;
    for (size_t i = 0; i < n; i++) sq += (w[i] - mean) * (w[i] - mean);
    return (sample_stats){mean, sqrt(sq / (double)n), lo, hi};
}

/* Compares our sample (w, n) with PyTorch's (fixture row `name`) and with the theory. */
static void expect_init_stats(const fixture *fx, const char *name, const float *w, size_t n) {
    const float *row = fixture_get(fx, name, 6);
    const sample_stats torch = {row[0], row[1], row[2], row[3]}, ours = stats_of(w, n);
    const double sigma = row[4], bound = row[5];
    const double kurtosis = bound > 0 ? 1.8 : 3.0;
    const double se_mean = sigma / sqrt((double)n), se_std = sigma * sqrt((kurtosis - 1.0) / (4.0 * (double)n));
    ck_assert_msg(sigma > 0, "%s: theoretical std %g", name, sigma);
    ck_assert_msg(fabs(ours.mean) <= 6 * se_mean, "%s: mean %.3g, expected 0 ± %.3g", name, ours.mean, 6 * se_mean);
    ck_assert_msg(fabs(torch.mean) <= 6 * se_mean, "%s: PyTorch's mean %.3g, expected 0 ± %.3g (fixture)", name,
                  torch.mean, 6 * se_mean);
    ck_assert_msg(fabs(ours.mean - torch.mean) <= 6 * M_SQRT2 * se_mean, "%s: mean %.3g vs PyTorch's %.3g", name,
                  ours.mean, torch.mean);
    ck_assert_msg(fabs(ours.std - sigma) <= 6 * se_std, "%s: std %.6g, theory %.6g ± %.2g", name, ours.std, sigma,
                  6 * se_std);
    ck_assert_msg(fabs(torch.std - sigma) <= 6 * se_std, "%s: PyTorch's std %.6g, theory %.6g (fixture)", name,
                  torch.std, sigma);
    ck_assert_msg(fabs(ours.std - torch.std) <= 6 * M_SQRT2 * se_std, "%s: std %.6g vs PyTorch's %.6g", name,
                  ours.std, torch.std);
    if (bound > 0) {
        /* float32 rounding of the bound itself: 1e-6 relative. */
        const double b = bound * (1.0 + 1e-6), gap = 40.0 * bound / (double)n;
        ck_assert_msg(ours.min >= -b && ours.max <= b, "%s: sample [%.7g, %.7g] outside ±%.7g", name, ours.min,
                      ours.max, bound);
        ck_assert_msg(torch.min >= -b && torch.max <= b, "%s: PyTorch's sample outside ±%.7g (fixture)", name, bound);
        ck_assert_msg(ours.min <= -bound + gap && ours.max >= bound - gap,
                      "%s: extremes [%.7g, %.7g] not within %.3g of ±%.7g", name, ours.min, ours.max, gap, bound);
    } else {
        ck_assert_msg(fabs(ours.max - torch.max) <= 2 * sigma && fabs(ours.min - torch.min) <= 2 * sigma,
                      "%s: extremes [%.4g, %.4g] vs PyTorch's [%.4g, %.4g] (σ = %.4g)", name, ours.min, ours.max,
                      torch.min, torch.max, sigma);
    }
}

typedef enum { NORMAL, UNIFORM, XAVIER_UNIFORM, XAVIER_NORMAL, KAIMING_UNIFORM, KAIMING_NORMAL } init_kind;

typedef struct {
    const char *name; /* fixture row, without the ".conv"/".linear" suffix */
    init_kind kind;
    float arg;        /* std, bound or gain; the leaky slope for Kaiming */
    ts_fan_mode mode;
    ts_nonlinearity nonlinearity;
} init_scheme;

static const init_scheme SCHEMES[] = {
    {"normal_0.02", NORMAL, 0.02f, 0, 0},
    {"uniform_0.1", UNIFORM, 0.1f, 0, 0},
    {"xavier_uniform_g1", XAVIER_UNIFORM, 1.0f, 0, 0},
    {"xavier_uniform_tanh", XAVIER_UNIFORM, 5.0f / 3.0f, 0, 0},
    {"xavier_normal_g1", XAVIER_NORMAL, 1.0f, 0, 0},
    {"xavier_normal_tanh", XAVIER_NORMAL, 5.0f / 3.0f, 0, 0},
    {"kaiming_uniform_fan_in_relu", KAIMING_UNIFORM, 0.0f, TS_FAN_IN, TS_RELU},
    {"kaiming_uniform_fan_in_leaky_relu", KAIMING_UNIFORM, 0.2f, TS_FAN_IN, TS_LEAKY_RELU},
    {"kaiming_uniform_fan_out_relu", KAIMING_UNIFORM, 0.0f, TS_FAN_OUT, TS_RELU},
    {"kaiming_uniform_fan_out_leaky_relu", KAIMING_UNIFORM, 0.2f, TS_FAN_OUT, TS_LEAKY_RELU},
    {"kaiming_normal_fan_in_relu", KAIMING_NORMAL, 0.0f, TS_FAN_IN, TS_RELU},
    {"kaiming_normal_fan_in_leaky_relu", KAIMING_NORMAL, 0.2f, TS_FAN_IN, TS_LEAKY_RELU},
    {"kaiming_normal_fan_out_relu", KAIMING_NORMAL, 0.0f, TS_FAN_OUT, TS_RELU},
    {"kaiming_normal_fan_out_leaky_relu", KAIMING_NORMAL, 0.2f, TS_FAN_OUT, TS_LEAKY_RELU},
};

static void fill(const init_scheme *s, float *w, int ndim, const int *shape, ts_rng *rng) {
    const size_t n = ts_weight_numel(ndim, shape);
    switch (s->kind) {
    case NORMAL: ts_init_normal(w, n, 0.0f, s->arg, rng); break;
    case UNIFORM: ts_init_uniform(w, n, -s->arg, s->arg, rng); break;
    case XAVIER_UNIFORM: ts_init_xavier_uniform(w, ndim, shape, s->arg, rng); break;
    case XAVIER_NORMAL: ts_init_xavier_normal(w, ndim, shape, s->arg, rng); break;
    case KAIMING_UNIFORM: ts_init_kaiming_uniform(w, ndim, shape, s->arg, s->mode, s->nonlinearity, rng); break;
    case KAIMING_NORMAL: ts_init_kaiming_normal(w, ndim, shape, s->arg, s->mode, s->nonlinearity, rng); break;
    }
}

static const int CONV_SHAPE[4] = {256, 128, 3, 3}, LINEAR_SHAPE[2] = {1000, 500};

START_TEST(init_schemes) {
    fixture *fx = fixture_load("init");
    const struct {
        const char *suffix;
        int ndim;
        const int *shape;
    } weights[] = {{"conv", 4, CONV_SHAPE}, {"linear", 2, LINEAR_SHAPE}};
    for (size_t wi = 0; wi < 2; wi++) {
        const size_t n = ts_weight_numel(weights[wi].ndim, weights[wi].shape);
        float *w = malloc(n * sizeof *w);
        for (size_t si = 0; si < sizeof SCHEMES / sizeof *SCHEMES; si++) {
            ts_rng rng;
            ts_rng_seed(&rng, 100 + 20 * wi + si);
            fill(&SCHEMES[si], w, weights[wi].ndim, weights[wi].shape, &rng);
            char name[96];
            expect_init_stats(fx, key(name, sizeof name, SCHEMES[si].name, weights[wi].suffix), w, n);
        }
        free(w);
    }
    fixture_free(fx);
}
END_TEST

/* The seed calls init.xavier_normal, PyTorch's deprecated alias: the fixture generator
   asserts it returns the same tensor as xavier_normal_; ours matches its sample too. */
START_TEST(init_xavier_normal_deprecated_alias) {
    fixture *fx = fixture_load("init");
    const size_t n = ts_weight_numel(2, LINEAR_SHAPE);
    float *w = malloc(n * sizeof *w);
    ts_rng rng;
    ts_rng_seed(&rng, 7);
    ts_init_xavier_normal(w, 2, LINEAR_SHAPE, 1.0f, &rng);
    expect_init_stats(fx, "xavier_normal_deprecated.linear", w, n);
    free(w);
    fixture_free(fx);
}
END_TEST

/* nn.Conv2d(128, 256, 3) and nn.Linear(500, 1000) as constructed: reset_parameters(). */
START_TEST(init_pytorch_default) {
    fixture *fx = fixture_load("init");
    ts_model *conv = one_layer_model(ts_shape_chw(128, 3, 3), ts_conv2d(128, 256, 3, 1, 0, 1));
    ts_model *lin = one_layer_model(ts_shape_vec(500), ts_linear(500, 1000, 1));
    const struct {
        const char *suffix;
        ts_layer *l;
    } layers[] = {{"conv", conv->layers[0]}, {"linear", lin->layers[0]}};
    for (int i = 0; i < 2; i++) {
        char name[64];
        ts_layer *l = layers[i].l;
        expect_init_stats(fx, key(name, sizeof name, "default_weight", layers[i].suffix), ts_layer_weight(l),
                          l->weight_numel);
        expect_init_stats(fx, key(name, sizeof name, "default_bias", layers[i].suffix), ts_layer_bias(l),
                          l->bias_numel);
    }
    ts_model_free(conv);
    ts_model_free(lin);
    fixture_free(fx);
}
END_TEST

/* He for a LeakyReLU(a) as a whole-model scheme (lesson 2): ts_model_init with .a draws what
   PyTorch's kaiming_normal_(w, a) draws (its sample and its calculate_gain in the fixture);
   the gains themselves, and that nonlinearity='relu' ignores a, as calculate_gain does. */
START_TEST(init_kaiming_leaky_relu_a) {
    fixture *fx = fixture_load("init");
    const float slopes[] = {0.2f, 0.5f};
    for (int i = 0; i < 2; i++) {
        ts_model *m = one_layer_model(ts_shape_vec(LINEAR_SHAPE[1]), ts_linear(LINEAR_SHAPE[1], LINEAR_SHAPE[0], 1));
        ts_rng rng;
        ts_rng_seed(&rng, 40 + i);
        ts_model_init(m, &(ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL, .a = slopes[i]}, &rng);
        char name[64];
        snprintf(name, sizeof name, "kaiming_normal_a%g.linear", slopes[i]);
        expect_init_stats(fx, name, ts_layer_weight(m->layers[0]), m->layers[0]->weight_numel);
        ts_model_free(m);
    }
    const float a[] = {0.0f, 0.01f, 0.2f, 0.5f, sqrtf(5.0f)}, *gain = fixture_get(fx, "gain.leaky_relu", 5);
    for (int i = 0; i < 5; i++) ck_assert_float_eq_tol(ts_calculate_gain(TS_LEAKY_RELU, a[i]), gain[i], 1e-6f);
    ck_assert_float_eq_tol(ts_calculate_gain(TS_RELU, 0.5f), fixture_get(fx, "gain.relu_ignores_param", 1)[0], 1e-6f);
    fixture_free(fx);
}
END_TEST

/* ---- End to end: the seed's section-3.1 CNN with BatchNorm ---------------------------------
 * Its 338k parameters come from an integer hash computed identically in
 * experiments/make_fixtures.py (hash_uniform): for tensor t of named_parameters() and
 * element j, u = lowbias32(j + 0x9E3779B9·(t + 1)) / 2^32 (24 bits, exact in float32);
 * conv/linear weights and biases (2u − 1)/√fan_in, BN γ = 1 + 0.2(2u − 1), β = 0.2(2u − 1),
 * each computed in double and rounded once to float32, so both sides hold the same bits.
 * The 8 images are hash stream 1000. */
static double hash_uniform(uint32_t stream, uint32_t j) {
    uint32_t x = j + 0x9E3779B9u * (stream + 1u);
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    x ^= x >> 16;
    return (double)(x >> 8) / 16777216.0;
}

enum { CNN_BATCH = 8, CNN_CLASSES = 10, CNN_STEPS = 3, CNN_TENSORS = 18, CNN_SAMPLES = 4 * CNN_TENSORS };

static ts_model *seed_cnn(void) {
    ts_layer *layers[] = {
        ts_conv2d(1, 16, 3, 1, 1, 1),  ts_batchnorm2d(16), ts_relu(),
        ts_conv2d(16, 32, 3, 1, 1, 1), ts_batchnorm2d(32), ts_relu(), ts_maxpool2d(2, 2, 0),
        ts_conv2d(32, 64, 3, 1, 1, 1), ts_batchnorm2d(64), ts_relu(), ts_maxpool2d(2, 2, 0),
        ts_flatten(), ts_linear(3136, 100, 1), ts_batchnorm1d(100), ts_relu(), ts_linear(100, 10, 1)};
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *m = ts_sequential(ts_shape_chw(1, 28, 28), layers, (int)(sizeof layers / sizeof *layers), &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    return m;
}

/* One parameter tensor of the flat array: where it starts, its size, and whether it is the
   bias of a layer that feeds a BatchNorm (BN subtracts the channel mean, so that bias has
   no effect and its gradient is zero up to rounding — on both sides). */
typedef struct {
    size_t offset, numel;
    int bias_before_bn;
} tensor_view;

/* Sets the parameters from the hash; returns the number of tensors (weight, bias per layer). */
static int set_formula_params(ts_model *m, tensor_view *tensors) {
    int t = 0;
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        if (!l->nparams) continue;
        const int is_bn = strncmp(l->ops->name, "BatchNorm", 9) == 0;
        const int feeds_bn = i + 1 < m->nlayers && strncmp(m->layers[i + 1]->ops->name, "BatchNorm", 9) == 0;
        int fan_in = 1, fan_out = 1;
        if (!is_bn) ck_assert_int_eq(ts_calculate_fans(l->weight_ndim, l->weight_shape, &fan_in, &fan_out), TS_OK);
        const size_t sizes[2] = {l->weight_numel, l->bias_numel};
        float *p = l->params;
        for (int part = 0; part < 2 && sizes[part]; part++, t++) {
            ck_assert_int_lt(t, CNN_TENSORS);
            tensors[t] = (tensor_view){(size_t)(p - m->params), sizes[part], part == 1 && feeds_bn};
            for (size_t j = 0; j < sizes[part]; j++) {
                const double v = 2.0 * hash_uniform((uint32_t)t, (uint32_t)j) - 1.0;
                *p++ = (float)(is_bn ? (part == 0 ? 1.0 + 0.2 * v : 0.2 * v) : v / sqrt((double)fan_in));
            }
        }
    }
    return t;
}

/* Tolerances of the end-to-end comparison. The rounding of 5 GEMM layers (summing up to
   3136 products in a different order) is amplified by 4 BatchNorms (BatchNorm1d divides
   by the std of only 8 samples), so they are a decade looser than a single layer's.
   Measured (TS_PARITY_VERBOSE=1): logits and losses within 2e-6, gradient norms and
   entries within ≈ 3e-6 relative — each uses under 20% of its tolerance; every bug we
   tried (biased running variance, a missing BN backward term, ...) gives 1e-3 or more.
   Gradients: |Δ| ≤ 1e-7·‖∇‖ + 1e-4·|g|, ‖∇‖ ≈ 18 the norm of the whole gradient (so the
   absolute part is 2e-6, for entries that are small by cancellation). */
static const tolerance CNN_LOGITS = {1e-5, 1e-5};
static const tolerance CNN_LOSS = {1e-5, 1e-5};

START_TEST(seed_cnn_end_to_end) {
    fixture *fx = fixture_load("cnn");
    ts_model *m = seed_cnn();
    tensor_view tensors[CNN_TENSORS];
    ck_assert_int_eq(set_formula_params(m, tensors), CNN_TENSORS);
    double sum = 0.0;
    for (size_t i = 0; i < m->nparams; i++) sum += m->params[i];
    expect_close1("cnn: Σ params (same formula on both sides)", (float)sum, fixture_scalar(fx, "params_sum"),
                  (tolerance){0, 1e-6});

    float x[CNN_BATCH * 784], dlogits[CNN_BATCH * CNN_CLASSES], loss;
    for (int j = 0; j < CNN_BATCH * 784; j++) x[j] = (float)hash_uniform(1000, (uint32_t)j);
    int labels[CNN_BATCH];
    const float *fl = fixture_get(fx, "labels", CNN_BATCH);
    for (int i = 0; i < CNN_BATCH; i++) labels[i] = (int)fl[i];
    const float *losses = fixture_get(fx, "losses", CNN_STEPS + 1);
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.05f, (ts_sgd_options){.momentum = 0.9f});
    ck_assert_msg(opt != NULL, "%s", ts_error());

    for (int step = 0; step <= CNN_STEPS; step++) {
        ts_model_zero_grad(m);
        const float *logits = ts_model_forward(m, x, CNN_BATCH, NULL);
        ck_assert_msg(logits != NULL, "%s", ts_error());
        ck_assert_int_eq(ts_cross_entropy(logits, labels, CNN_BATCH, CNN_CLASSES, 1.0f, &loss, dlogits), TS_OK);
        char what[96];
        snprintf(what, sizeof what, "cnn: loss before SGD step %d", step + 1);
        expect_close1(what, loss, losses[step], CNN_LOSS);
        if (step == CNN_STEPS) break;
        if (step == 0)
            expect_close("cnn: logits", logits, fixture_get(fx, "logits", CNN_BATCH * CNN_CLASSES),
                         CNN_BATCH * CNN_CLASSES, CNN_LOGITS);
        ts_model_backward(m, dlogits);
        if (step == 0) {
            const float *norms = fixture_get(fx, "grad_norms", CNN_TENSORS);
            double total = 0.0;
            for (int t = 0; t < CNN_TENSORS; t++) total += (double)norms[t] * norms[t];
            total = sqrt(total);
            const tolerance grad_tol = {1e-7 * total, 1e-4};
            for (int t = 0; t < CNN_TENSORS; t++) {
                double sq = 0.0;
                for (size_t j = 0; j < tensors[t].numel; j++) {
                    const double g = m->grads[tensors[t].offset + j];
                    sq += g * g;
                }
                const float ours = (float)sqrt(sq);
                if (tensors[t].bias_before_bn) {
                    /* Zero up to rounding on both sides: compare with the whole gradient. */
                    ck_assert_msg(ours <= 1e-5 * total && norms[t] <= 1e-5 * total,
                                  "cnn: bias tensor %d feeds a BatchNorm, so its gradient should vanish: "
                                  "‖grad‖ trainskill %.3g, PyTorch %.3g, ‖∇‖ %.3g", t, ours, norms[t], total);
                    continue;
                }
                snprintf(what, sizeof what, "cnn: ‖grad‖ of parameter tensor %d", t);
                expect_close1(what, ours, norms[t], grad_tol);
            }
            const float *idx = fixture_get(fx, "grad_sample_index", CNN_SAMPLES);
            const float *val = fixture_get(fx, "grad_sample_value", CNN_SAMPLES);
            for (int k = 0; k < CNN_SAMPLES; k++) {
                const size_t i = (size_t)idx[k];
                const int t = k / (CNN_SAMPLES / CNN_TENSORS);
                ck_assert_uint_lt(i, m->nparams);
                if (tensors[t].bias_before_bn) continue;
                snprintf(what, sizeof what, "cnn: grad[%zu] (parameter tensor %d)", i, t);
                expect_close1(what, m->grads[i], val[k], grad_tol);
            }
        }
        ts_optimizer_step(opt);
    }

    /* Eval mode after 3 steps: the running statistics of all 4 BatchNorms are used. */
    ts_model_train(m, 0);
    const float *logits = ts_model_forward(m, x, CNN_BATCH, NULL);
    ck_assert_msg(logits != NULL, "%s", ts_error());
    expect_close("cnn: eval logits after 3 steps", logits, fixture_get(fx, "eval_logits", CNN_BATCH * CNN_CLASSES),
                 CNN_BATCH * CNN_CLASSES, CNN_LOGITS);
    ck_assert_int_eq(ts_cross_entropy(logits, labels, CNN_BATCH, CNN_CLASSES, 1.0f, &loss, NULL), TS_OK);
    expect_close1("cnn: eval loss after 3 steps", loss, fixture_scalar(fx, "eval_loss"), CNN_LOSS);
    ts_optimizer_free(opt);
    ts_model_free(m);
    fixture_free(fx);
}
END_TEST

/* A comparison that can fail: the real comparison on wrong tensors. LeakyReLU with slope 0.21
   instead of 0.2 differs from PyTorch's output at the first negative input (EXACT); the conv's
   correct output with one element off by 1e-3 relative, a bug's size, fails GEMM there; one
   ulp fails EXACT. */
START_TEST(comparison_catches_a_difference) {
    fixture *fx = fixture_load("layers");
    enum { ACT = 2 * 3 * 4 * 4, CONV = 2 * 4 * 5 * 5 };
    ts_model *leaky = one_layer_model(ts_shape_chw(3, 4, 4), ts_leaky_relu(0.21f));
    const float *x = get(fx, "leaky_relu", "x", ACT), *y = ts_model_forward(leaky, x, 2, NULL);
    ck_assert_ptr_nonnull(y);
    size_t first_negative = 0;
    while (x[first_negative] >= 0.0f) first_negative++;
    ck_assert_uint_eq(first_difference(y, get(fx, "leaky_relu", "y", ACT), ACT, EXACT), first_negative);

    ts_model *conv = one_layer_model(ts_shape_chw(3, 5, 5), ts_conv2d(3, 4, 3, 1, 1, 1));
    memcpy(conv->params, get(fx, "conv_a", "params", conv->nparams), conv->nparams * sizeof(float));
    float wrong[CONV];
    memcpy(wrong, ts_model_forward(conv, get(fx, "conv_a", "x", 2 * 3 * 5 * 5), 2, NULL), sizeof wrong);
    const float *torch = get(fx, "conv_a", "y", CONV);
    ck_assert_uint_eq(first_difference(wrong, torch, CONV, GEMM), CONV); /* correct as computed */
    wrong[57] *= 1.001f;
    ck_assert_uint_eq(first_difference(wrong, torch, CONV, GEMM), 57);

    const float one = 1.0f, next = nextafterf(1.0f, 2.0f);
    ck_assert_uint_eq(first_difference(&next, &one, 1, EXACT), 0);
    ts_model_free(leaky);
    ts_model_free(conv);
    fixture_free(fx);
}
END_TEST

Suite *suite_parity(void) {
    Suite *s = suite_create("parity");
    TCase *layers = tcase_create("layers");
    tcase_add_test(layers, conv2d_3to4_k3_s1_p1_bias);
    tcase_add_test(layers, conv2d_2to3_k3_s2_p0_nobias_nonsquare);
    tcase_add_test(layers, conv2d_2to3_k4_s1_p1_general_stride1);
    tcase_add_test(layers, linear);
    tcase_add_test(layers, relu);
    tcase_add_test(layers, leaky_relu);
    tcase_add_test(layers, tanh_layer);
    tcase_add_test(layers, sigmoid_layer);
    tcase_add_test(layers, maxpool2d_2_2);
    tcase_add_test(layers, maxpool2d_3_s2_p1);
    tcase_add_test(layers, maxpool2d_ties);
    tcase_add_test(layers, flatten);
    tcase_add_test(layers, batchnorm2d);
    tcase_add_test(layers, batchnorm2d_momentum_0_3);
    tcase_add_test(layers, batchnorm2d_1x1);
    tcase_add_test(layers, batchnorm1d);
    tcase_add_test(layers, batchnorm1d_ncl);
    tcase_add_test(layers, cross_entropy);
    tcase_add_test(layers, bce_with_logits);
    tcase_add_test(layers, dropout_eval_is_identity);
    tcase_add_test(layers, dropout_train_statistics);
    tcase_add_test(layers, dropout2d_train_statistics);
    tcase_add_test(layers, comparison_catches_a_difference);
    suite_add_tcase(s, layers);

    TCase *optim = tcase_create("optim");
    tcase_add_test(optim, sgd_plain_5_steps);
    tcase_add_test(optim, sgd_momentum_5_steps);
    tcase_add_test(optim, sgd_dampening_5_steps);
    tcase_add_test(optim, sgd_nesterov_5_steps);
    tcase_add_test(optim, sgd_weight_decay_5_steps);
    tcase_add_test(optim, adam_default_5_steps);
    tcase_add_test(optim, adam_weight_decay_5_steps);
    tcase_add_test(optim, adam_dcgan_betas_5_steps);
    tcase_add_test(optim, optimizers_refuse_what_pytorch_refuses);
    suite_add_tcase(s, optim);

    TCase *init = tcase_create("init");
    tcase_add_test(init, init_schemes);
    tcase_add_test(init, init_pytorch_default);
    tcase_add_test(init, init_xavier_normal_deprecated_alias);
    tcase_add_test(init, init_kaiming_leaky_relu_a);
    tcase_set_timeout(init, 60);
    suite_add_tcase(s, init);

    TCase *e2e = tcase_create("end_to_end");
    tcase_add_test(e2e, seed_cnn_end_to_end);
    tcase_set_timeout(e2e, 120);
    suite_add_tcase(s, e2e);
    return s;
}
