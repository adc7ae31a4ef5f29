/* The training loop end to end on real Fashion-MNIST (a slice, to stay fast):
 *   - determinism: two runs with one seed give bit-identical loss sequences (with
 *     BatchNorm and dropout, so the dropout stream and shuffling are covered);
 *   - learning: a few hundred steps make the loss fall and test accuracy clear a floor;
 *   - a data set size that is not a multiple of the batch size (short last batch) trains;
 *   - a loader that fails mid-epoch fails the epoch. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/trainskill.h"
#include "tests.h"

static ts_dataset train_set, test_set;

static void load_slices(void) {
    ts_dataset full;
    const char *dir = ts_data_dir(NULL);
    ck_assert_msg(ts_dataset_load(&full, dir, "train") == TS_OK, "%s", ts_error());
    /* 6400 + 17: 200 batches of 32 and a short one of 17 */
    ck_assert_int_eq(ts_dataset_slice(&train_set, &full, 0, 6417), TS_OK);
    ts_dataset_free(&full);
    ck_assert_msg(ts_dataset_load(&full, dir, "t10k") == TS_OK, "%s", ts_error());
    ck_assert_int_eq(ts_dataset_slice(&test_set, &full, 0, 2000), TS_OK);
    ts_dataset_free(&full);
}

static void free_slices(void) {
    ts_dataset_free(&train_set);
    ts_dataset_free(&test_set);
}

/* Trains the seed CNN for `epochs` on train_set; records each batch's loss. */
static void train_run(uint64_t seed, int epochs, float dropout, float *losses, int max_losses,
                      int *nlosses, ts_metrics *test) {
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = 1, .dropout = dropout}, &rng);
    ck_assert_msg(m != NULL, "%s", ts_error());
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.01f, (ts_sgd_options){.momentum = 0.9f});
    ts_loader ld, test_ld;
    ts_trainer t;
    ck_assert_int_eq(ts_loader_init(&ld, &train_set, 32, 1, 0, seed), TS_OK);
    ck_assert_int_eq(ts_loader_init(&test_ld, &test_set, 500, 0, 0, 0), TS_OK);
    ck_assert_int_eq(ts_trainer_init(&t, m, opt, 32, seed), TS_OK);
    *nlosses = 0;
    for (int e = 0; e < epochs; e++) {
        ts_loader_start_epoch(&ld, e);
        const float *x;
        const int *y;
        int n, correct;
        float loss;
        while ((n = ts_loader_next(&ld, &x, &y)) > 0) {
            ck_assert_int_eq(ts_train_step(&t, x, y, n, &loss, &correct), TS_OK);
            if (*nlosses < max_losses) losses[(*nlosses)++] = loss;
        }
    }
    ck_assert_int_eq(ts_evaluate(m, &test_ld, test), TS_OK);
    ts_trainer_free(&t);
    ts_loader_free(&ld);
    ts_loader_free(&test_ld);
    ts_optimizer_free(opt);
    ts_model_free(m);
}

enum { MAX_LOSSES = 512 };

START_TEST(same_seed_same_bits) {
    float a[MAX_LOSSES], b[MAX_LOSSES];
    int na, nb;
    ts_metrics ta, tb;
    train_run(42, 1, 0.2f, a, MAX_LOSSES, &na, &ta);
    train_run(42, 1, 0.2f, b, MAX_LOSSES, &nb, &tb);
    ck_assert_int_eq(na, 201);
    ck_assert_int_eq(na, nb);
    ck_assert_msg(memcmp(a, b, sizeof(float) * (size_t)na) == 0, "loss sequences differ");
    ck_assert(ta.loss == tb.loss);
    /* and a different seed gives a different run (the test can fail) */
    train_run(43, 1, 0.2f, b, MAX_LOSSES, &nb, &tb);
    ck_assert_msg(memcmp(a, b, sizeof(float) * (size_t)na) != 0, "seed has no effect");
}
END_TEST

START_TEST(loss_falls_and_accuracy_clears_a_floor) {
    float losses[MAX_LOSSES];
    int n;
    ts_metrics test;
    train_run(1, 1, 0.0f, losses, MAX_LOSSES, &n, &test);
    double first = 0, last = 0;
    for (int i = 0; i < 20; i++) {
        first += losses[i] / 20.0;
        last += losses[n - 21 + i] / 20.0; /* the 20 full batches before the short one */
    }
    ck_assert_msg(last < 0.5 * first, "mean loss of the first 20 batches %.3f, last 20 %.3f", first, last);
    ck_assert_msg(test.accuracy > 0.78, "test accuracy %.3f after 200 steps", test.accuracy);
    ck_assert_int_eq(test.samples, 2000);
}
END_TEST

/* A loader that fails mid-epoch (here: Normalize's std set to 0 through the public field)
   fails the epoch and the evaluation with its message — it must not look like a short epoch. */
START_TEST(loader_failure_fails_the_epoch) {
    ts_rng rng;
    ts_rng_seed(&rng, 3);
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.01f, (ts_sgd_options){0});
    ts_loader ld;
    ts_trainer t;
    ts_metrics metrics;
    ck_assert_int_eq(ts_loader_init(&ld, &test_set, 64, 0, 0, 0), TS_OK);
    ck_assert_int_eq(ts_trainer_init(&t, m, opt, 64, 3), TS_OK);
    ld.std = 0.0f;
    ck_assert_int_eq(ts_train_epoch(&t, &ld, 0, NULL, &metrics), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "std"));
    ck_assert_int_eq(ts_evaluate(m, &ld, &metrics), TS_ERR);
    ts_trainer_free(&t);
    ts_loader_free(&ld);
    ts_optimizer_free(opt);
    ts_model_free(m);
}
END_TEST

Suite *suite_training(void) {
    Suite *s = suite_create("training");
    TCase *tc = tcase_create("fashion-mnist");
    tcase_add_unchecked_fixture(tc, load_slices, free_slices);
    tcase_add_test(tc, same_seed_same_bits);
    tcase_add_test(tc, loss_falls_and_accuracy_clears_a_floor);
    tcase_add_test(tc, loader_failure_fails_the_epoch);
    tcase_set_timeout(tc, 600);
    suite_add_tcase(s, tc);
    return s;
}
