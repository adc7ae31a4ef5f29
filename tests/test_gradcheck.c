/* Finite-difference gradient checks for every layer and loss.
 *
 * For a model f and a fixed random projection r, L(θ, x) = Σ r·f(x; θ), so dL/dy = r.
 * Backward gives dL/dθ and dL/dx; central differences give
 *   ∂L/∂u ≈ (L(u + ε) − L(u − ε)) / 2ε
 * for each input and parameter u (L summed in double). They must agree within
 *   |analytic − numeric| ≤ atol + rtol·|numeric|.
 * Kinks (ReLU at 0, max-pool ties) are kept away from: inputs are spaced so that a
 * perturbation of ε cannot change which branch is taken. Dropout is checked with a fixed
 * mask (the generator is re-seeded before every forward). BatchNorm is checked in train
 * mode, where the batch statistics depend on x, and in eval mode. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "tests.h"

typedef struct {
    float eps, atol, rtol;
} tolerance;

static const tolerance DEFAULT_TOL = {1e-2f, 2e-3f, 1e-2f};

static double projected_loss(ts_model *m, const float *x, int n, const float *r, uint64_t seed) {
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    const float *y = ts_model_forward(m, x, n, &rng);
    ck_assert_msg(y != NULL, "forward failed: %s", ts_error());
    double L = 0.0;
    for (size_t i = 0; i < ts_shape_numel(m->out) * (size_t)n; i++) L += (double)r[i] * y[i];
    return L;
}

static int agree(double analytic, double numeric, tolerance t) {
    return fabs(analytic - numeric) <= t.atol + t.rtol * fabs(numeric);
}

static void expect_close(const char *what, size_t i, double analytic, double numeric, tolerance t) {
    ck_assert_msg(agree(analytic, numeric, t), "%s[%zu]: analytic %.6g vs numeric %.6g", what, i, analytic, numeric);
}

/* The entries where backward and central differences disagree, and the first of them. */
typedef struct {
    int dx, dtheta;
    char first[128];
} mismatches;

static void note(mismatches *bad, int *count, const char *what, size_t i, double analytic, double numeric) {
    if (bad->dx + bad->dtheta == 0)
        snprintf(bad->first, sizeof bad->first, "%s[%zu]: analytic %.6g vs numeric %.6g", what, i, analytic, numeric);
    (*count)++;
}

/* Compares dL/dx and dL/dθ of model m at the input x (n samples) with central differences. */
static mismatches compare_gradients(ts_model *m, float *x, int n, tolerance t) {
    mismatches bad = {0};
    const size_t nin = ts_shape_numel(m->in) * (size_t)n, nout = ts_shape_numel(m->out) * (size_t)n;
    float *r = malloc(nout * sizeof *r), *dx = malloc(nin * sizeof *dx);
    float *dtheta = malloc((m->nparams + 1) * sizeof *dtheta);
    ts_rng rng;
    ts_rng_seed(&rng, 99);
    for (size_t i = 0; i < nout; i++) r[i] = ts_rng_normal(&rng);
    const uint64_t seed = 1234;
    m->need_input_grad = 1;
    ts_model_zero_grad(m);
    projected_loss(m, x, n, r, seed);
    ts_model_backward(m, r);
    memcpy(dx, ts_model_input_grad(m), nin * sizeof *dx);
    memcpy(dtheta, m->grads, m->nparams * sizeof *dtheta);

    for (size_t i = 0; i < nin; i++) {
        const float keep = x[i];
        x[i] = keep + t.eps;
        const double up = projected_loss(m, x, n, r, seed);
        x[i] = keep - t.eps;
        const double down = projected_loss(m, x, n, r, seed);
        x[i] = keep;
        const double numeric = (up - down) / (2.0 * t.eps);
        if (!agree(dx[i], numeric, t)) note(&bad, &bad.dx, "dL/dx", i, dx[i], numeric);
    }
    for (size_t i = 0; i < m->nparams; i++) {
        const float keep = m->params[i];
        m->params[i] = keep + t.eps;
        const double up = projected_loss(m, x, n, r, seed);
        m->params[i] = keep - t.eps;
        const double down = projected_loss(m, x, n, r, seed);
        m->params[i] = keep;
        const double numeric = (up - down) / (2.0 * t.eps);
        if (!agree(dtheta[i], numeric, t)) note(&bad, &bad.dtheta, "dL/dtheta", i, dtheta[i], numeric);
    }
    free(r);
    free(dx);
    free(dtheta);
    return bad;
}

static void check_model(ts_model *m, float *x, int n, tolerance t) {
    const mismatches bad = compare_gradients(m, x, n, t);
    ck_assert_msg(bad.dx + bad.dtheta == 0, "%s (%d entries of dL/dx and %d of dL/dtheta disagree)", bad.first,
                  bad.dx, bad.dtheta);
}

/* Inputs that are a shuffled ramp: all distinct, consecutive values `gap` apart, none
   within gap/2 of zero — so ±ε (ε < gap/2) never crosses a ReLU kink or a max-pool tie. */
static float *spaced_input(size_t count, float gap, uint64_t seed) {
    int *perm = malloc(count * sizeof *perm);
    float *x = malloc(count * sizeof *x);
    for (size_t i = 0; i < count; i++) perm[i] = (int)i;
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    ts_rng_shuffle(&rng, perm, (int)count);
    for (size_t i = 0; i < count; i++) x[i] = ((float)perm[i] - (float)count / 2.0f + 0.5f) * gap;
    free(perm);
    return x;
}

static void check_stack(ts_shape in, ts_layer **layers, int nlayers, int n, int training, tolerance t) {
    ts_rng rng;
    ts_rng_seed(&rng, 7);
    ts_model *m = ts_sequential(in, layers, nlayers, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    ts_model_train(m, training);
    float *x = spaced_input(ts_shape_numel(in) * (size_t)n, 0.05f, 3);
    check_model(m, x, n, t);
    free(x);
    ts_model_free(m);
}

#define CHECK_LAYERS_TOL(tol, in, n, training, ...)                                             \
    do {                                                                                        \
        ts_layer *layers_[] = {__VA_ARGS__};                                                    \
        check_stack(in, layers_, (int)(sizeof layers_ / sizeof *layers_), n, training, tol);    \
    } while (0)
#define CHECK_LAYERS(in, n, training, ...) CHECK_LAYERS_TOL(DEFAULT_TOL, in, n, training, __VA_ARGS__)

START_TEST(conv2d_stride1_pad1) { CHECK_LAYERS(ts_shape_chw(2, 5, 5), 3, 1, ts_conv2d(2, 3, 3, 1, 1, 1)); }
END_TEST
/* The general stride-1 path (lib/nn/conv2d.c): padding 2 with a 3×3 kernel makes 4×5 into
   6×7, so the same-size shortcut does not apply and rows are cut on both sides. */
START_TEST(conv2d_stride1_pad2_general) { CHECK_LAYERS(ts_shape_chw(2, 4, 5), 2, 1, ts_conv2d(2, 3, 3, 1, 2, 1)); }
END_TEST
START_TEST(conv2d_stride2_nopad_nobias) { CHECK_LAYERS(ts_shape_chw(3, 6, 7), 2, 1, ts_conv2d(3, 2, 3, 2, 0, 0)); }
END_TEST
START_TEST(linear) { CHECK_LAYERS(ts_shape_vec(7), 3, 1, ts_linear(7, 4, 1)); }
END_TEST
START_TEST(linear_on_image_input) { CHECK_LAYERS(ts_shape_chw(2, 2, 2), 2, 1, ts_linear(8, 3, 0)); }
END_TEST
START_TEST(relu) { CHECK_LAYERS(ts_shape_chw(2, 3, 3), 2, 1, ts_relu()); }
END_TEST
START_TEST(leaky_relu) { CHECK_LAYERS(ts_shape_chw(2, 3, 3), 2, 1, ts_leaky_relu(0.2f)); }
END_TEST
START_TEST(tanh_layer) { CHECK_LAYERS(ts_shape_vec(9), 3, 1, ts_tanh()); }
END_TEST
START_TEST(sigmoid_layer) { CHECK_LAYERS(ts_shape_vec(9), 3, 1, ts_sigmoid()); }
END_TEST
START_TEST(maxpool2d_2x2) { CHECK_LAYERS(ts_shape_chw(2, 4, 6), 2, 1, ts_maxpool2d(2, 2, 0)); }
END_TEST
START_TEST(maxpool2d_overlapping_padded) { CHECK_LAYERS(ts_shape_chw(2, 5, 5), 2, 1, ts_maxpool2d(3, 2, 1)); }
END_TEST
START_TEST(batchnorm2d_train) { CHECK_LAYERS(ts_shape_chw(3, 3, 3), 4, 1, ts_batchnorm2d(3)); }
END_TEST
/* A conv down to 1×1, then BatchNorm2d over (N, C, 1, 1): M = N values per channel. */
START_TEST(batchnorm2d_after_conv_to_1x1) {
    CHECK_LAYERS(ts_shape_chw(2, 3, 3), 4, 1, ts_conv2d(2, 3, 3, 1, 0, 1), ts_batchnorm2d(3));
}
END_TEST
START_TEST(batchnorm1d_train) { CHECK_LAYERS(ts_shape_vec(5), 6, 1, ts_batchnorm1d(5)); }
END_TEST
START_TEST(batchnorm2d_eval) { CHECK_LAYERS(ts_shape_chw(3, 3, 3), 4, 0, ts_batchnorm2d(3)); }
END_TEST
START_TEST(dropout_fixed_mask) { CHECK_LAYERS(ts_shape_vec(12), 3, 1, ts_dropout(0.4f)); }
END_TEST
START_TEST(dropout2d_fixed_mask) { CHECK_LAYERS(ts_shape_chw(4, 3, 3), 3, 1, ts_dropout2d(0.5f)); }
END_TEST
START_TEST(flatten) { CHECK_LAYERS(ts_shape_chw(2, 3, 3), 2, 1, ts_flatten(), ts_linear(18, 2, 1)); }
END_TEST
/* A small version of the seed's CNN: checks that the layers chain correctly. Inside a
   stack, a weight perturbation can move a hidden value across a ReLU kink or a max-pool
   tie, so ε is smaller here (and the float round-off of the quotient larger). */
START_TEST(small_cnn) {
    const tolerance t = {1e-3f, 5e-3f, 2e-2f};
    CHECK_LAYERS_TOL(t, ts_shape_chw(1, 6, 6), 3, 1, ts_conv2d(1, 2, 3, 1, 1, 1), ts_batchnorm2d(2), ts_relu(),
                 ts_dropout2d(0.2f), ts_maxpool2d(2, 2, 0), ts_flatten(), ts_linear(18, 4, 1),
                 ts_batchnorm1d(4), ts_relu(), ts_dropout(0.2f), ts_linear(4, 3, 1));
}
END_TEST

START_TEST(cross_entropy_gradient) {
    enum { N = 4, K = 5 };
    float z[N * K], dz[N * K], loss;
    int y[N] = {0, 3, 4, 1};
    ts_rng rng;
    ts_rng_seed(&rng, 5);
    for (int i = 0; i < N * K; i++) z[i] = 3.0f * ts_rng_normal(&rng);
    ck_assert_int_eq(ts_cross_entropy(z, y, N, K, 1.0f, &loss, dz), TS_OK);
    const double eps = 1e-2;
    for (int i = 0; i < N * K; i++) {
        float up, down, keep = z[i];
        z[i] = keep + (float)eps;
        ts_cross_entropy(z, y, N, K, 1.0f, &up, NULL);
        z[i] = keep - (float)eps;
        ts_cross_entropy(z, y, N, K, 1.0f, &down, NULL);
        z[i] = keep;
        expect_close("dCE/dz", (size_t)i, dz[i], (up - down) / (2 * eps), DEFAULT_TOL);
    }
}
END_TEST

START_TEST(bce_with_logits_gradient) {
    enum { N = 6 };
    float z[N] = {-30.0f, -2.0f, -0.3f, 0.4f, 1.5f, 25.0f}, t[N] = {0, 1, 0.9f, 0, 1, 0.1f}, dz[N];
    ts_bce_with_logits(z, t, N, 1.0f, dz);
    const double eps = 1e-2;
    for (int i = 0; i < N; i++) {
        float keep = z[i];
        z[i] = keep + (float)eps;
        const double up = ts_bce_with_logits(z, t, N, 1.0f, NULL);
        z[i] = keep - (float)eps;
        const double down = ts_bce_with_logits(z, t, N, 1.0f, NULL);
        z[i] = keep;
        expect_close("dBCE/dz", (size_t)i, dz[i], (up - down) / (2 * eps), DEFAULT_TOL);
    }
}
END_TEST

/* A check that can fail: the checker itself, on a Linear layer whose backward is off by 10%
   in one weight gradient and one input gradient — the size of a dropped term. */
static void (*linear_backward)(ts_layer *l, const ts_pass *p);
static void backward_off_by_a_tenth(ts_layer *l, const ts_pass *p) {
    linear_backward(l, p);
    l->grads[2] *= 1.1f;
    if (p->din) p->din[3] *= 1.1f;
}

START_TEST(checker_catches_a_wrong_gradient) {
    ts_rng rng;
    ts_rng_seed(&rng, 7);
    ts_layer *layer = ts_linear(7, 4, 1);
    ts_model *m = ts_sequential(ts_shape_vec(7), &layer, 1, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    static ts_layer_ops wrong;
    wrong = *m->layers[0]->ops;
    linear_backward = wrong.backward;
    wrong.backward = backward_off_by_a_tenth;
    m->layers[0]->ops = &wrong;
    float *x = spaced_input(7 * 3, 0.05f, 3);
    const mismatches bad = compare_gradients(m, x, 3, DEFAULT_TOL);
    ck_assert_msg(bad.dtheta == 1 && bad.dx == 1, "the checker found %d wrong weight and %d wrong input gradients, "
                  "expected 1 and 1", bad.dtheta, bad.dx);
    ck_assert_ptr_nonnull(strstr(bad.first, "dL/dx[3]"));
    free(x);
    ts_model_free(m);
}
END_TEST

Suite *suite_gradcheck(void) {
    Suite *s = suite_create("gradcheck");
    TCase *tc = tcase_create("layers");
    tcase_add_test(tc, conv2d_stride1_pad1);
    tcase_add_test(tc, conv2d_stride1_pad2_general);
    tcase_add_test(tc, conv2d_stride2_nopad_nobias);
    tcase_add_test(tc, linear);
    tcase_add_test(tc, linear_on_image_input);
    tcase_add_test(tc, relu);
    tcase_add_test(tc, leaky_relu);
    tcase_add_test(tc, tanh_layer);
    tcase_add_test(tc, sigmoid_layer);
    tcase_add_test(tc, maxpool2d_2x2);
    tcase_add_test(tc, maxpool2d_overlapping_padded);
    tcase_add_test(tc, batchnorm2d_train);
    tcase_add_test(tc, batchnorm2d_after_conv_to_1x1);
    tcase_add_test(tc, batchnorm1d_train);
    tcase_add_test(tc, batchnorm2d_eval);
    tcase_add_test(tc, dropout_fixed_mask);
    tcase_add_test(tc, dropout2d_fixed_mask);
    tcase_add_test(tc, flatten);
    tcase_add_test(tc, small_cnn);
    tcase_add_test(tc, cross_entropy_gradient);
    tcase_add_test(tc, bce_with_logits_gradient);
    tcase_add_test(tc, checker_catches_a_wrong_gradient);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
