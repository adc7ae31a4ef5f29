/* Gradient accumulation (seed section 7, lib/train/train.c) and memory accounting
 * (lib/train/memory.c), on small synthetic data:
 *   - 4 accumulated micro-batches of 8, each loss scaled by 1/4, give the gradient of one
 *     batch of 32 (no BN) up to float round-off; with BN they do not;
 *   - an epoch of 8 × 4 accumulated steps trains like an epoch of batch 32;
 *   - a short last group: ours is the mean gradient over its samples, the seed's
 *     `loss / accum_iter` is that scaled by n_last/(k·B) when its micro-batches are full,
 *     and (1/k)·Σ_i mean_i in general;
 *   - the memory accounting adds up to the model's sizes, accumulation holds the memory of
 *     its micro-batch, and the peak RSS measurement sees what is touched. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "tests.h"

/* Relative tolerance for "the same gradient": max|Δg| ≤ TOL · max|g|. The two sides add
   the same products in a different order (micro-batch partial sums, a different split over
   threads), which moves a float result by a few ε (1.2e-7) — measured about 3e-8 relative
   on these models. 1e-5 leaves two orders of magnitude of headroom; a wrong scale or a
   missing sample is off by 1e-2 or more. */
static const double TOL = 1e-5;

enum { MICRO = 8, ACCUM = 4, LARGE = MICRO * ACCUM, PIXELS = 28 * 28, CLASSES = 10 };

/* N random 28×28 images with random labels (owned by the caller). */
static ts_dataset synthetic(int n, uint64_t seed) {
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    ts_dataset ds = {.n = n, .c = 1, .h = 28, .w = 28, .classes = CLASSES,
                     .images = malloc((size_t)n * PIXELS), .labels = malloc((size_t)n * sizeof(int))};
    ck_assert(ds.images && ds.labels);
    for (size_t i = 0; i < (size_t)n * PIXELS; i++) ds.images[i] = (uint8_t)ts_rng_below(&rng, 256);
    for (int i = 0; i < n; i++) ds.labels[i] = (int)ts_rng_below(&rng, CLASSES);
    return ds;
}

static double max_abs(const float *a, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i]));
    return m;
}

/* max_i |a_i − s·b_i| */
static double max_diff_scaled(const float *a, const float *b, double s, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i] - s * (double)b[i]));
    return m;
}

/* One group of 32 from the same weights: one batch of 32 against 4 micro-batches of 8
   (ts_accum_check_run, lib/train/accum_check.h); the model is left as it was. */
static ts_accum_check accumulated_vs_large(int batchnorm) {
    ts_dataset ds = synthetic(LARGE, 11);
    ts_rng rng;
    ts_rng_seed(&rng, 5);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = batchnorm}, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    ts_loader ld;
    ck_assert_int_eq(ts_loader_init(&ld, &ds, LARGE, 0, 0, 0), TS_OK);
    const float *x;
    const int *y;
    ck_assert_int_eq(ts_loader_next(&ld, &x, &y), LARGE);
    float *before = malloc((m->nparams + m->nbuffers) * sizeof(float));
    ck_assert_ptr_nonnull(before);
    memcpy(before, m->params, m->nparams * sizeof(float));
    if (m->nbuffers) memcpy(before + m->nparams, m->buffers, m->nbuffers * sizeof(float));
    ts_accum_check c;
    ck_assert_int_eq(ts_accum_check_run(m, x, y, MICRO, ACCUM, &c), TS_OK);
    ck_assert(c.grad_max > 0.0 && c.relative == c.grad_diff / c.grad_max);
    ck_assert(memcmp(before, m->params, m->nparams * sizeof(float)) == 0);
    if (m->nbuffers) ck_assert(memcmp(before + m->nparams, m->buffers, m->nbuffers * sizeof(float)) == 0);
    free(before);
    ts_loader_free(&ld);
    ts_model_free(m);
    ts_dataset_free(&ds);
    return c;
}

START_TEST(accumulated_gradient_equals_large_batch_without_bn) {
    const ts_accum_check c = accumulated_vs_large(0);
    ck_assert_msg(c.relative <= TOL, "relative gradient difference %.3g > %.0g", c.relative, TOL);
    ck_assert(c.buffer_diff == 0.0); /* no running statistics */
}
END_TEST

/* The check can fail: with BN each micro-batch is normalised by its own statistics. */
START_TEST(accumulated_gradient_differs_with_bn) {
    const ts_accum_check c = accumulated_vs_large(1);
    ck_assert_msg(c.relative > 1e-2, "with BN the relative difference is only %.3g", c.relative);
    ck_assert(c.buffer_diff > 1e-4); /* 4 updates from 8-sample statistics against 1 from 32 */
}
END_TEST

/* One epoch of 8 × 4 accumulated (ts_run_config.accum_iter) against one of batch 32, from
   the same weights in the same order, every step logged (lib/train/step_log.h): the same
   steps, the same losses and gradient norms, the same weights. */
START_TEST(accumulated_epoch_trains_like_large_batch) {
    ts_dataset train = synthetic(256, 21), test = synthetic(32, 22);
    ts_run_config c = {.lr = 0.01f, .momentum = 0.9f, .epochs = 1, .eval_batch_size = 32};
    ts_run runs[2];
    ts_step_log logs[2];
    for (int v = 0; v < 2; v++) {
        c.batch_size = v ? MICRO : LARGE;
        c.accum_iter = v ? ACCUM : 1;
        ck_assert_msg(ts_run_init(&runs[v], &c, 3, &train, &test) == TS_OK, "%s", ts_error());
        ck_assert_int_eq(ts_step_log_attach(&logs[v], &runs[v].trainer, &runs[v].train), TS_OK);
        ck_assert_int_eq(logs[v].capacity, 256 / LARGE);
        ts_metrics m;
        ck_assert_int_eq(ts_train_epoch(&runs[v].trainer, &runs[v].train, 0, NULL, &m), TS_OK);
        ck_assert_int_eq(runs[v].trainer.steps, 256 / LARGE);
    }
    ck_assert_int_eq(logs[0].n, 8);
    ck_assert_int_eq(logs[1].n, 8);
    ck_assert_int_eq(logs[0].dropped + logs[1].dropped, 0);
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(logs[1].samples[i], LARGE);
        ck_assert_msg(fabs(logs[0].loss[i] - logs[1].loss[i]) < 1e-5, "step %d: loss %.9f vs %.9f", i + 1,
                      logs[0].loss[i], logs[1].loss[i]);
        ck_assert(logs[0].grad_norm[i] > 0.0);
        ck_assert(fabs(logs[0].grad_norm[i] - logs[1].grad_norm[i]) <= TOL * logs[0].grad_norm[i]);
    }
    const ts_model *a = runs[0].model, *b = runs[1].model;
    ck_assert(max_diff_scaled(a->params, b->params, 1.0, a->nparams) < 1e-5);
    for (int v = 0; v < 2; v++) {
        ts_step_log_free(&logs[v], &runs[v].trainer);
        ck_assert_ptr_null(runs[v].trainer.on_group);
        ts_run_free(&runs[v]);
    }
    ts_dataset_free(&train);
    ts_dataset_free(&test);
}
END_TEST

/* ------------------------------------------------------------------ the short last group */

/* Copies the gradient of the epoch's last group (the hook runs before each step). */
typedef struct {
    float *grads;
    long samples;
    int steps;
} last_group;

static void keep_gradient(void *ctx, const ts_trainer *t, long step, double loss, long samples) {
    last_group *g = ctx;
    memcpy(g->grads, t->model->grads, t->model->nparams * sizeof(float));
    g->samples = samples;
    g->steps++;
}

/* One epoch of micro-batches of B = 4, k = 3 (groups of 12) over the n samples of ds in order,
   with SGD at lr 0 so every gradient is taken at the same weights; returns the gradient of
   the last group in *g (nparams floats). */
static void last_group_gradient(ts_model *m, const ts_dataset *ds, int seed_style, last_group *g) {
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.0f, (ts_sgd_options){0});
    ts_loader ld;
    ts_trainer t;
    ck_assert_int_eq(ts_loader_init(&ld, ds, 4, 0, 0, 0), TS_OK);
    ck_assert_int_eq(ts_trainer_init(&t, m, opt, 4, 1), TS_OK);
    t.accum_iter = 3;
    t.seed_style_accum = seed_style;
    t.on_group = keep_gradient;
    t.on_group_ctx = g;
    g->steps = 0;
    ts_metrics out;
    ck_assert_int_eq(ts_train_epoch(&t, &ld, 0, NULL, &out), TS_OK);
    ts_trainer_free(&t);
    ts_loader_free(&ld);
    ts_optimizer_free(opt);
}

/* The plain mean gradient over samples [first, first + count) of ds at m's weights
   (one batch, scale 1), into out. */
static void mean_gradient(ts_model *m, const ts_dataset *ds, int first, int count, float *out) {
    ts_dataset part;
    ck_assert_int_eq(ts_dataset_slice(&part, ds, first, count), TS_OK);
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.0f, (ts_sgd_options){0});
    ts_loader ld;
    ts_trainer t;
    ck_assert_int_eq(ts_loader_init(&ld, &part, count, 0, 0, 0), TS_OK);
    ck_assert_int_eq(ts_trainer_init(&t, m, opt, count, 1), TS_OK);
    const float *x;
    const int *y;
    float loss;
    int correct;
    ck_assert_int_eq(ts_loader_next(&ld, &x, &y), count);
    ts_model_zero_grad(m);
    ck_assert_int_eq(ts_train_accumulate(&t, x, y, count, 1.0f, &loss, &correct), TS_OK);
    memcpy(out, m->grads, m->nparams * sizeof(float));
    ts_trainer_free(&t);
    ts_loader_free(&ld);
    ts_optimizer_free(opt);
    ts_dataset_free(&part);
}

/* With B = 4, k = 3 and N = 24 + 8, the last group is two full micro-batches a, b of 4.
 *   ours:  g = (4/8)·mean_a + (4/8)·mean_b = mean over its 8 samples
 *   seed:  g = (1/3)·mean_a + (1/3)·mean_b = (2/3)·mean_8 = n_last/(k·B) · mean_8
 * — the mean over k·B = 12 samples of which the 4 missing ones had zero gradient. */
START_TEST(short_group_of_full_micro_batches) {
    ts_dataset ds = synthetic(32, 31);
    ts_rng rng;
    ts_rng_seed(&rng, 9);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    float *ref = malloc(m->nparams * sizeof(float));
    last_group g = {.grads = malloc(m->nparams * sizeof(float))};
    ck_assert(ref && g.grads);
    mean_gradient(m, &ds, 24, 8, ref);
    const double gmax = max_abs(ref, m->nparams);

    last_group_gradient(m, &ds, 0, &g);
    ck_assert_int_eq(g.steps, 3);
    ck_assert_int_eq(g.samples, 8);
    ck_assert_msg(max_diff_scaled(g.grads, ref, 1.0, m->nparams) <= TOL * gmax, "ours is not the mean gradient");

    last_group_gradient(m, &ds, 1, &g);
    const double expected = ts_seed_style_last_scale(32, 4, 3); /* n_last / (k·B) */
    ck_assert(fabs(expected - 8.0 / 12.0) < 1e-12);
    ck_assert_msg(max_diff_scaled(g.grads, ref, expected, m->nparams) <= TOL * gmax,
                  "the seed's is not n_last/(k·B) = 2/3 of the mean gradient");
    free(ref), free(g.grads);
    ts_model_free(m);
    ts_dataset_free(&ds);
}
END_TEST

/* The seed's last group as a multiple of its mean gradient, for the cases the chapter derives. */
START_TEST(seed_style_last_scale_cases) {
    ck_assert(ts_seed_style_last_scale(8 * 32 + 8, 8, 4) == 0.25);  /* one full micro-batch of 4 */
    ck_assert(ts_seed_style_last_scale(8 * 32 + 24, 8, 4) == 0.75); /* three of 4 */
    ck_assert(ts_seed_style_last_scale(8 * 32, 8, 4) == 1.0);       /* no short group */
    ck_assert(fabs(ts_seed_style_last_scale(8 * 32 + 5, 8, 4) - 0.25) < 1e-15); /* one short micro-batch: 1/k */
    ck_assert(isnan(ts_seed_style_last_scale(8 * 32 + 13, 8, 4)));  /* 8 + 5: unequal weights */
}
END_TEST

/* With N = 24 + 6 the last group is a micro-batch a of 4 and a short one b of 2:
 *   ours:  g = (4/6)·mean_a + (2/6)·mean_b = mean over its 6 samples
 *   seed:  g = (1/3)·mean_a + (1/3)·mean_b — each of b's samples weighs twice one of a's:
 *          no rescaling of the mean at all. */
START_TEST(short_group_with_a_short_micro_batch) {
    ts_dataset ds = synthetic(30, 41);
    ts_rng rng;
    ts_rng_seed(&rng, 10);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    const size_t n = m->nparams;
    float *mean6 = malloc(n * sizeof(float)), *mean_a = malloc(n * sizeof(float)), *mean_b = malloc(n * sizeof(float)),
          *expected = malloc(n * sizeof(float));
    last_group g = {.grads = malloc(n * sizeof(float))};
    ck_assert(mean6 && mean_a && mean_b && expected && g.grads);
    mean_gradient(m, &ds, 24, 6, mean6);
    mean_gradient(m, &ds, 24, 4, mean_a);
    mean_gradient(m, &ds, 28, 2, mean_b);
    const double gmax = max_abs(mean6, n);

    last_group_gradient(m, &ds, 0, &g);
    ck_assert_int_eq(g.samples, 6);
    ck_assert_msg(max_diff_scaled(g.grads, mean6, 1.0, n) <= TOL * gmax, "ours is not the mean over the 6 samples");

    last_group_gradient(m, &ds, 1, &g);
    ck_assert(isnan(ts_seed_style_last_scale(30, 4, 3))); /* no multiple of the mean: */
    for (size_t i = 0; i < n; i++) expected[i] = (float)((mean_a[i] + (double)mean_b[i]) / 3.0);
    ck_assert_msg(max_diff_scaled(g.grads, expected, 1.0, n) <= TOL * gmax, "the seed's is not (mean_a + mean_b)/3");
    /* and it is far from the mean: the short group's samples are mis-weighted */
    ck_assert(max_diff_scaled(g.grads, mean6, 1.0, n) > 1e-2 * gmax);
    free(mean6), free(mean_a), free(mean_b), free(expected), free(g.grads);
    ts_model_free(m);
    ts_dataset_free(&ds);
}
END_TEST

/* ------------------------------------------------------------------ memory accounting */

/* The seed CNN without BN: conv 1→16, 16→32, 32→64 (3×3, bias), Linear 3136→100, 100→10. */
static const size_t SEED_CNN_PARAMS = (1 * 16 * 9 + 16) + (16 * 32 * 9 + 32) + (32 * 64 * 9 + 64) +
                                      (3136 * 100 + 100) + (100 * 10 + 10);

/* Activations and their gradients of n samples, at least: every layer's input and output. */
static size_t activation_floor(const ts_model *m, int n) {
    size_t floats = 0;
    for (int i = 0; i < m->nlayers; i++) floats += ts_shape_numel(m->layers[i]->in) + ts_shape_numel(m->layers[i]->out);
    return floats * (size_t)n * sizeof(float);
}

/* 1 when the system can reset the peak RSS (Linux's /proc/self/clear_refs); otherwise the
   RSS checks are skipped with a message, as the allocation counts are under ASan. */
static int rss_resettable(const char *test) {
    if (ts_memory_reset_peak_rss() == TS_OK) return 1;
    fprintf(stderr, "accumulation: %s: RSS checks skipped: %s\n", test, ts_error());
    return 0;
}

/* Trains one epoch of 64 synthetic samples with (batch, accum) through ts_run_measure_memory
   (lib/experiment/run_memory.h) and returns the trainer's peak; *memory gets the breakdown
   at the end, *rss_growth how much the process's peak resident set grew meanwhile (0 when
   it cannot be reset). */
static size_t trained_peak(int batch, int accum, ts_memory *memory, size_t *rss_growth) {
    ts_dataset train = synthetic(64, 51), test = synthetic(8, 52);
    const ts_run_config c = {.lr = 0.01f, .momentum = 0.9f, .batch_size = batch, .accum_iter = accum, .epochs = 1,
                             .eval_batch_size = 8};
    const int measured = rss_resettable("memory_accounting_matches_model_sizes");
    ts_run_memory m;
    ck_assert_int_eq(ts_run_measure_memory(&c, &train, &test, &m), TS_OK);
    ck_assert_int_eq(isnan(m.rss_growth), !measured);
    ck_assert_int_eq(m.rss_problem[0] != 0, !measured);
    *memory = m.at_end;
    *rss_growth = measured ? (size_t)m.rss_growth : 0;
    ck_assert_int_ge(ts_memory_peak_rss(), memory->total); /* everything held was touched */
    ts_dataset_free(&train);
    ts_dataset_free(&test);
    return m.peak;
}

START_TEST(memory_accounting_matches_model_sizes) {
    ts_memory m8, m8x4, m32;
    size_t rss8, rss8x4, rss32;
    const size_t p8 = trained_peak(MICRO, 1, &m8, &rss8), p8x4 = trained_peak(MICRO, ACCUM, &m8x4, &rss8x4),
                 p32 = trained_peak(LARGE, 1, &m32, &rss32);
    /* parameters, gradients, SGD's momentum buffer: one float each per parameter */
    ck_assert_uint_eq(m8.params, SEED_CNN_PARAMS * sizeof(float));
    ck_assert_uint_eq(m8.grads, SEED_CNN_PARAMS * sizeof(float));
    ck_assert_uint_eq(m8.optimizer, SEED_CNN_PARAMS * sizeof(float));
    ck_assert_uint_eq(m8.total, m8.params + m8.grads + m8.optimizer + m8.batch);
    /* the peak is what a step holds; accumulation holds what its micro-batch holds */
    ck_assert_uint_eq(p8, m8.total);
    ck_assert_uint_eq(p8x4, p8);
    ck_assert_uint_eq(p32, m32.total);
    ck_assert_uint_eq(m32.params + m32.grads + m32.optimizer, m8.params + m8.grads + m8.optimizer);
    /* per-batch memory covers at least the activations and their gradients, and the larger
       batch needs at least the extra samples' activations more */
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *model = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    ck_assert_uint_ge(m8.batch, activation_floor(model, MICRO));
    ck_assert_uint_ge(m32.batch - m8.batch, activation_floor(model, LARGE - MICRO));
    ts_model_free(model);
    /* the OS sees the difference too: batch 32 needs ≥ 3/4 of its extra bytes more resident
       memory than 8 × 4 (the rest is allowance for pages the allocator had kept) */
    if (rss32 > 0)
        ck_assert_msg(rss32 > rss8x4 + (p32 - p8x4) * 3 / 4, "peak RSS growth: batch 32 %zu, 8 x 4 %zu bytes", rss32,
                      rss8x4);
}
END_TEST

START_TEST(optimizer_state_bytes) {
    float p[10] = {0}, g[10] = {0};
    ts_optimizer *plain = ts_sgd(p, g, 10, 0.1f, (ts_sgd_options){0});
    ts_optimizer *momentum = ts_sgd(p, g, 10, 0.1f, (ts_sgd_options){.momentum = 0.9f});
    ts_optimizer *adam = ts_adam(p, g, 10, 0.1f, TS_ADAM_DEFAULTS);
    ck_assert_uint_eq(ts_optimizer_state_bytes(plain), 0);
    ck_assert_uint_eq(ts_optimizer_state_bytes(momentum), 10 * sizeof(float));
    ck_assert_uint_eq(ts_optimizer_state_bytes(adam), 20 * sizeof(float));
    ts_optimizer_free(plain), ts_optimizer_free(momentum), ts_optimizer_free(adam);
}
END_TEST

/* The peak RSS measurement sees touched memory: 64 MiB written after a reset. */
START_TEST(peak_rss_sees_touched_memory) {
    const size_t size = (size_t)64 << 20;
    if (!rss_resettable("peak_rss_sees_touched_memory")) return;
    const size_t before = ts_memory_peak_rss();
    char *block = malloc(size);
    ck_assert_ptr_nonnull(block);
    memset(block, 1, size);
    const size_t after = ts_memory_peak_rss();
    ck_assert_int_eq(block[size - 1], 1);
    free(block);
    ck_assert_msg(after - before >= size * 15 / 16, "peak RSS grew by %zu bytes for a 64 MiB block", after - before);
}
END_TEST

/* ------------------------------------------------------------------ configuration */

/* The new fields change a run's description only when set, so stored runs stay valid. */
START_TEST(describe_appends_accumulation_only_when_set) {
    ts_run_config c = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 8, .epochs = 1};
    char plain[512], one[512], four[512], seed[512];
    ts_run_config_describe(&c, plain, sizeof plain);
    c.accum_iter = 1;
    ts_run_config_describe(&c, one, sizeof one);
    c.accum_iter = 4;
    ts_run_config_describe(&c, four, sizeof four);
    c.seed_style_accum = 1;
    ts_run_config_describe(&c, seed, sizeof seed);
    ck_assert_str_eq(plain, "model=seed_cnn batchnorm=0 dropout=0 optimizer=sgd lr=0.01 momentum=0.9 batch_size=8 "
                            "epochs=1 train_size=0 test_size=0 eval_batch_size=0");
    ck_assert_str_eq(one, plain);
    ck_assert_ptr_nonnull(strstr(four, " accum_iter=4"));
    ck_assert_ptr_nonnull(strstr(seed, " accum_iter=4 seed_style_accum=1"));
}
END_TEST

Suite *suite_accumulation(void) {
    Suite *s = suite_create("accumulation");
    TCase *tc = tcase_create("accumulation");
    tcase_add_test(tc, accumulated_gradient_equals_large_batch_without_bn);
    tcase_add_test(tc, accumulated_gradient_differs_with_bn);
    tcase_add_test(tc, accumulated_epoch_trains_like_large_batch);
    tcase_add_test(tc, short_group_of_full_micro_batches);
    tcase_add_test(tc, short_group_with_a_short_micro_batch);
    tcase_add_test(tc, seed_style_last_scale_cases);
    tcase_add_test(tc, describe_appends_accumulation_only_when_set);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    TCase *mem = tcase_create("memory");
    tcase_add_test(mem, memory_accounting_matches_model_sizes);
    tcase_add_test(mem, optimizer_state_bytes);
    tcase_add_test(mem, peak_rss_sees_touched_memory);
    tcase_set_timeout(mem, 120);
    suite_add_tcase(s, mem);
    return s;
}
