/* DESIGN.md's memory promise: "the steady-state training step does no malloc".
 *
 * After one warm-up step (which allocates the per-batch memory for batches of up to 8),
 * further steps of the seed CNN with BatchNorm — full batches, a short last batch of 5
 * and a full batch again — are run inside an allocation-counting window (alloc_count.h:
 * malloc & co. replaced in the test program). No allocation may come from trainskill.
 *
 * The libraries the step calls must not allocate either, with one known exception that
 * trainskill cannot reach into: with ONE OpenMP thread, libgomp mallocs a team for every
 * parallel region and frees it at the end (it caches teams of two or more threads only).
 * Those are reported, not failed. (A threaded OpenBLAS GEMM would fail here: OpenBLAS
 * 0.3.21, built with MAX_THREADS=64, mallocs a 512 KB job array per call — one reason the
 * library runs OpenBLAS single-threaded, see lib/core/threads.h.)
 *
 * The same holds for a whole epoch of gradient accumulation through ts_train_epoch. A
 * last test checks the checker: an allocation in the window must be seen, or a broken
 * counter would make the zero above vacuous.
 *
 * Under AddressSanitizer the sanitizer owns malloc, the counter is compiled out and these
 * tests are skipped with a message. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "alloc_count.h"
#include "tests.h"

enum { BATCH = 8, SHORT_BATCH = 5, CLASSES = 10 };

static int skipped_under_asan(const char *test) {
    if (alloc_count_available()) return 0;
    fprintf(stderr, "alloc: %s: skipped: AddressSanitizer owns malloc, allocations cannot be counted\n", test);
    return 1;
}

/* The model, its optimizer and one synthetic batch of BATCH samples. */
typedef struct {
    ts_rng rng;
    ts_model *m;
    ts_optimizer *opt;
    float x[BATCH * 28 * 28], dlogits[BATCH * CLASSES];
    int y[BATCH];
} fixture;

static void setup_fixture(fixture *f) {
    ts_rng_seed(&f->rng, 7);
    f->m = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = 1}, &f->rng);
    ck_assert_msg(f->m != NULL, "%s", ts_error());
    f->opt = ts_sgd(f->m->params, f->m->grads, f->m->nparams, 0.01f, (ts_sgd_options){.momentum = 0.9f});
    ck_assert_msg(f->opt != NULL, "%s", ts_error());
    for (int i = 0; i < BATCH * 28 * 28; i++) f->x[i] = ts_rng_normal(&f->rng);
    for (int i = 0; i < BATCH; i++) f->y[i] = (int)ts_rng_below(&f->rng, CLASSES);
}

static void free_fixture(fixture *f) {
    ts_optimizer_free(f->opt);
    ts_model_free(f->m);
}

/* zero_grad, forward, loss, backward, step on the first n samples. No ck_assert in here:
   Check's assertions talk to the parent process and may allocate inside the window. */
static int train_step(fixture *f, int n) {
    float loss;
    ts_model_zero_grad(f->m);
    const float *logits = ts_model_forward(f->m, f->x, n, &f->rng);
    if (!logits || ts_cross_entropy(logits, f->y, n, CLASSES, 1.0f, &loss, f->dlogits) != TS_OK) return TS_ERR;
    ts_model_backward(f->m, f->dlogits);
    ts_optimizer_step(f->opt);
    return TS_OK;
}

/* Fails on any allocation by trainskill or by a library it calls, except libgomp's
   one-thread teams (reported on stderr). */
static void expect_no_allocation(const char *test, const alloc_counts *c, int steps) {
    long excused = 0;
    for (int i = 0; i < c->nsources; i++)
        if (!strncmp(c->source[i].name, "libgomp", 7) && omp_get_max_threads() == 1) excused += c->source[i].allocs;
    if (c->allocs) {
        fprintf(stderr, "alloc: %s: %ld allocations in %d steps (%ld by libgomp's one-thread teams): ", test,
                c->allocs, steps, excused);
        alloc_count_print_sources(c, stderr);
        fprintf(stderr, "\n");
    }
    if (c->allocs > excused) alloc_count_print_stacks(c, ALLOC_COUNT_STACKS, stderr);
    ck_assert_msg(c->program_allocs == 0,
                  "%s: trainskill made %ld heap allocations in %d steady-state steps (stacks on stderr)",
                  test, c->program_allocs, steps);
    ck_assert_msg(c->allocs - excused == 0,
                  "%s: the libraries made %ld heap allocations in %d steady-state steps (sources and stacks on stderr)",
                  test, c->allocs - excused, steps);
    ck_assert_msg(c->other_allocs == 0, "%s: worker threads made %ld heap allocations in %d steps", test,
                  c->other_allocs, steps);
}

START_TEST(steady_state_step_allocates_nothing) {
    if (skipped_under_asan("steady_state_step_allocates_nothing")) return;
    fixture *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    setup_fixture(f);
    ck_assert_msg(train_step(f, BATCH) == TS_OK, "warm-up step: %s", ts_error());

    static const int sizes[] = {BATCH, BATCH, BATCH, SHORT_BATCH, BATCH};
    const int steps = (int)(sizeof sizes / sizeof *sizes);
    int failed_at = -1;
    alloc_count_begin();
    for (int s = 0; s < steps && failed_at < 0; s++)
        if (train_step(f, sizes[s]) != TS_OK) failed_at = s;
    const alloc_counts c = alloc_count_end();

    ck_assert_msg(failed_at < 0, "step %d: %s", failed_at, ts_error());
    expect_no_allocation("steady_state_step_allocates_nothing", &c, steps);
    free_fixture(f);
    free(f);
}
END_TEST

/* The same through ts_train_step, the step the training loop and the lessons use. */
START_TEST(trainer_step_allocates_nothing) {
    if (skipped_under_asan("trainer_step_allocates_nothing")) return;
    fixture *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    setup_fixture(f);
    ts_trainer t;
    ck_assert_msg(ts_trainer_init(&t, f->m, f->opt, BATCH, 7) == TS_OK, "%s", ts_error());
    float loss;
    int correct;
    ck_assert_msg(ts_train_step(&t, f->x, f->y, BATCH, &loss, &correct) == TS_OK, "warm-up: %s", ts_error());

    static const int sizes[] = {BATCH, BATCH, SHORT_BATCH, BATCH};
    const int steps = (int)(sizeof sizes / sizeof *sizes);
    int failed_at = -1;
    alloc_count_begin();
    for (int s = 0; s < steps && failed_at < 0; s++)
        if (ts_train_step(&t, f->x, f->y, sizes[s], &loss, &correct) != TS_OK) failed_at = s;
    const alloc_counts c = alloc_count_end();

    ck_assert_msg(failed_at < 0, "step %d: %s", failed_at, ts_error());
    expect_no_allocation("trainer_step_allocates_nothing", &c, steps);
    ts_trainer_free(&t);
    free_fixture(f);
    free(f);
}
END_TEST

/* Gradient accumulation through ts_train_epoch (lib/train/train.c): 4 micro-batches of 8
   per step and a short last group of one micro-batch of 5, with a group hook — the epoch
   loop, the n_i/S scaling, the hook and the step at the end of the epoch allocate nothing
   once the first epoch has sized everything. The hook only writes into a static array (no
   ck_assert in the window). */
static int hook_calls;
static void count_group(void *ctx, const ts_trainer *t, long step, double loss, long samples) { hook_calls++; }

START_TEST(accumulated_epoch_allocates_nothing) {
    if (skipped_under_asan("accumulated_epoch_allocates_nothing")) return;
    enum { ACCUM = 4, N = 2 * ACCUM * BATCH + SHORT_BATCH, PIXELS = 28 * 28 };
    fixture *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    setup_fixture(f);
    ts_dataset ds = {.n = N, .c = 1, .h = 28, .w = 28, .classes = CLASSES, .images = malloc((size_t)N * PIXELS),
                     .labels = malloc(N * sizeof(int))};
    ck_assert(ds.images && ds.labels);
    for (int i = 0; i < N * PIXELS; i++) ds.images[i] = (uint8_t)ts_rng_below(&f->rng, 256);
    for (int i = 0; i < N; i++) ds.labels[i] = (int)ts_rng_below(&f->rng, CLASSES);
    ts_loader ld;
    ts_trainer t;
    ck_assert_int_eq(ts_loader_init(&ld, &ds, BATCH, 1, 0, 3), TS_OK);
    ck_assert_msg(ts_trainer_init(&t, f->m, f->opt, BATCH, 7) == TS_OK, "%s", ts_error());
    t.accum_iter = ACCUM;
    t.on_group = count_group;
    ts_metrics m;
    ck_assert_msg(ts_train_epoch(&t, &ld, 0, NULL, &m) == TS_OK, "warm-up: %s", ts_error());

    hook_calls = 0;
    alloc_count_begin();
    const int status = ts_train_epoch(&t, &ld, 1, NULL, &m);
    const alloc_counts c = alloc_count_end();

    ck_assert_msg(status == TS_OK, "%s", ts_error());
    ck_assert_int_eq(hook_calls, 3); /* two full groups and the short one */
    expect_no_allocation("accumulated_epoch_allocates_nothing", &c, 3);
    ts_trainer_free(&t);
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
    free_fixture(f);
    free(f);
}
END_TEST

/* A malloc from the program and a strdup (malloc called inside the C library) must both
   be counted and charged to the program; a free must be counted too. */
START_TEST(counter_sees_allocations) {
    if (skipped_under_asan("counter_sees_allocations")) return;
    void *(*volatile do_malloc)(size_t) = malloc; /* volatile: the compiler may not elide it */
    char *(*volatile do_strdup)(const char *) = strdup;
    alloc_count_begin();
    void *p = do_malloc(24);
    char *s = do_strdup("trainskill");
    const int both = p && s;
    free(p);
    free(s);
    const alloc_counts c = alloc_count_end();
    ck_assert(both);
    ck_assert_int_eq(c.allocs, 2);
    ck_assert_int_eq(c.program_allocs, 2);
    ck_assert_int_eq(c.frees, 2);
    ck_assert_uint_ge(c.bytes, 24 + sizeof "trainskill");
}
END_TEST

Suite *suite_alloc(void) {
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("steady_state");
    tcase_add_test(tc, counter_sees_allocations);
    tcase_add_test(tc, steady_state_step_allocates_nothing);
    tcase_add_test(tc, trainer_step_allocates_nothing);
    suite_add_tcase(s, tc);
    TCase *epoch = tcase_create("accumulated_epoch"); /* two epochs: more than Check's default 4 s on a busy machine */
    tcase_add_test(epoch, accumulated_epoch_allocates_nothing);
    tcase_set_timeout(epoch, 120);
    suite_add_tcase(s, epoch);
    return s;
}
