/* The ablation machinery: run records on disk (round trip, stale configuration, corrupt
 * files, atomic writes) and the statistics verdicts are computed from. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/experiment/ablation.h"
#include "../lib/trainskill.h"
#include "tests.h"

static char dir[64];

static void make_dir(void) {
    snprintf(dir, sizeof dir, "/tmp/ts-experiment-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(record_round_trip) {
    ts_record r, back;
    ts_record_init(&r);
    ck_assert_int_eq(ts_record_add(&r, 1, 100, "train", "loss", 0.5), TS_OK);
    ck_assert_int_eq(ts_record_add(&r, 1, 100, "test", "accuracy", 0.8125), TS_OK);
    ck_assert_int_eq(ts_record_add(&r, 2, 200, "test", "accuracy", 0.875), TS_OK);
    ck_assert_int_eq(ts_record_add(&r, 2, 200, "train", "loss", NAN), TS_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/run.csv", dir);
    ck_assert_int_eq(ts_record_save(&r, path, 42, "lr=0.01"), TS_OK);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ck_assert_msg(access(tmp, F_OK) != 0, "temporary file left behind");
    ck_assert_int_eq(ts_record_load(&back, path, 42), 1);
    ck_assert_int_eq(back.nrows, 4);
    ck_assert(ts_record_get(&back, "test", "accuracy", 2) == 0.875);
    ck_assert(ts_record_get(&back, "test", "accuracy", -1) == 0.875);
    ck_assert(ts_record_get(&back, "train", "loss", 1) == 0.5);
    ck_assert(isnan(ts_record_get(&back, "train", "loss", 2)));
    ck_assert(isnan(ts_record_get(&back, "test", "loss", 1)));
    ck_assert_int_eq(ts_record_last_epoch(&back, "test", "accuracy"), 2);
    ts_record_free(&back);
    /* another configuration: the stored run is stale, not loaded */
    ck_assert_int_eq(ts_record_load(&back, path, 43), 0);
    ck_assert_int_eq(back.nrows, 0);
    /* missing file */
    snprintf(path, sizeof path, "%s/none.csv", dir);
    ck_assert_int_eq(ts_record_load(&back, path, 42), 0);
    ts_record_free(&r);
}
END_TEST

START_TEST(corrupt_record_is_an_error) {
    char path[128];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "# config 000000000000002a x\nepoch,step,split,metric,value\n1,2,test\n");
    fclose(f);
    ts_record r;
    ck_assert_int_eq(ts_record_load(&r, path, 42), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "bad.csv:3"));
    f = fopen(path, "w");
    fprintf(f, "not a record\n");
    fclose(f);
    ck_assert_int_eq(ts_record_load(&r, path, 42), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "not a run record"));
}
END_TEST

START_TEST(csv_rows_carry_study_variant_seed) {
    ts_record r;
    ts_record_init(&r);
    ts_record_add(&r, 3, 705, "test", "accuracy", 0.25);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ts_record_write_csv(&r, f, "bn-lr", "bn", 2);
    fclose(f);
    ck_assert_str_eq(buf, "bn-lr,bn,2,3,705,test,accuracy,0.25\n"); /* %.17g: exact, and short when it can be */
    free(buf);
    ts_record_free(&r);
}
END_TEST

START_TEST(stats_skip_non_finite_values) {
    const double v[] = {1.0, 2.0, NAN, 3.0, INFINITY};
    const ts_stat s = ts_stat_of(v, 5);
    ck_assert_int_eq(s.n, 3);
    ck_assert_double_eq_tol(s.mean, 2.0, 1e-12);
    ck_assert_double_eq_tol(s.std, 1.0, 1e-12); /* sample std of 1, 2, 3 */
    ck_assert(s.min == 1.0 && s.max == 3.0);
    const ts_stat none = ts_stat_of(v + 2, 1);
    ck_assert_int_eq(none.n, 0);
    ck_assert(isnan(none.mean));
}
END_TEST

/* The verdict rule: a difference counts when it exceeds 2·√(s_a²/n_a + s_b²/n_b). */
START_TEST(compare_separates_signal_from_noise) {
    const ts_stat a = {.mean = 0.90, .std = 0.01, .n = 3}, b = {.mean = 0.80, .std = 0.01, .n = 3};
    ck_assert_int_eq(ts_stat_compare(a, b), 1);
    ck_assert_int_eq(ts_stat_compare(b, a), -1);
    const ts_stat noisy = {.mean = 0.85, .std = 0.10, .n = 3};
    ck_assert_int_eq(ts_stat_compare(a, noisy), 0); /* 0.05 < 2·√(0.01²/3 + 0.1²/3) = 0.116 */
    const ts_stat single = {.mean = 0.5, .std = 0.0, .n = 1};
    ck_assert_int_eq(ts_stat_compare(a, single), 0); /* one seed: never a verdict */
    char buf[48];
    ts_stat_format(a, 100.0, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "90.0 ± 1.0");
}
END_TEST

START_TEST(epochs_to_threshold_counts_runs_that_get_there) {
    ts_variant variants[] = {{"v", "v", NULL}};
    ts_record recs[2];
    ts_record_init(&recs[0]);
    ts_record_init(&recs[1]);
    for (int e = 1; e <= 4; e++) {
        ts_record_add(&recs[0], e, e, "test", "accuracy", 0.2 * e); /* 0.85 first at epoch 5: never */
        ts_record_add(&recs[1], e, e, "test", "accuracy", 0.3 * e); /* 0.9 at epoch 3 */
    }
    ts_study s = {.name = "s", .variants = variants, .nvariants = 1, .records = recs, .seeds = 2};
    const ts_stat st = ts_study_epochs_to(&s, 0, "test", "accuracy", 0.85);
    ck_assert_int_eq(st.n, 1);
    ck_assert_double_eq(st.mean, 3.0);
    ts_record_free(&recs[0]);
    ts_record_free(&recs[1]);
}
END_TEST

/* A random in-memory data set of n 28×28 images. */
static ts_dataset random_dataset(int n, uint64_t seed) {
    ts_dataset ds = {.n = n, .c = 1, .h = 28, .w = 28, .classes = 10};
    ds.images = malloc((size_t)n * 784);
    ds.labels = malloc((size_t)n * sizeof *ds.labels);
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    for (int i = 0; i < n * 784; i++) ds.images[i] = (uint8_t)ts_rng_below(&rng, 256);
    for (int i = 0; i < n; i++) ds.labels[i] = (int)ts_rng_below(&rng, 10);
    return ds;
}

/* full_seeds raises a study's seeds in the full preset only, and never lowers --seeds. */
START_TEST(full_seeds_apply_to_the_full_preset) {
    ts_study s = {.name = "small-difference", .full_seeds = 5};
    ts_lesson L = {.preset = TS_FULL, .seeds = 3};
    ck_assert_int_eq(ts_study_seeds(&L, &s), 5);
    L.seeds = 8;
    ck_assert_int_eq(ts_study_seeds(&L, &s), 8);
    L = (ts_lesson){.preset = TS_QUICK, .seeds = 2};
    ck_assert_int_eq(ts_study_seeds(&L, &s), 2);
    s.full_seeds = 0;
    L = (ts_lesson){.preset = TS_FULL, .seeds = 3};
    ck_assert_int_eq(ts_study_seeds(&L, &s), 3);
}
END_TEST

START_TEST(a_diverging_run_is_recorded_not_fatal) {
    ts_dataset train = random_dataset(256, 1), test = random_dataset(64, 2);
    const ts_run_config c = {.lr = 1e4f, .momentum = 0.9f, .batch_size = 32, .epochs = 3, .eval_batch_size = 32};
    const ts_run_display quiet = {.label = "diverge", .quiet = 1};
    ts_record rec;
    ts_record_init(&rec);
    ck_assert_int_eq(ts_run_train(&c, 1, &train, &test, &quiet, &rec, NULL), TS_OK);
    const double step = ts_record_get(&rec, "train", "diverged_step", -1);
    ck_assert_msg(isfinite(step) && step >= 1, "no diverged_step recorded");
    /* and a sane learning rate on the same data does not diverge */
    ts_record_free(&rec);
    const ts_run_config sane = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 32, .epochs = 1, .eval_batch_size = 32};
    ck_assert_int_eq(ts_run_train(&sane, 1, &train, &test, &quiet, &rec, NULL), TS_OK);
    ck_assert(isnan(ts_record_get(&rec, "train", "diverged_step", -1)));
    ck_assert(isfinite(ts_record_get(&rec, "test", "accuracy", 1)));
    ts_record_free(&rec);
    ts_dataset_free(&train);
    ts_dataset_free(&test);
}
END_TEST

Suite *suite_experiment(void) {
    Suite *s = suite_create("experiment");
    TCase *tc = tcase_create("records-and-stats");
    tcase_add_checked_fixture(tc, make_dir, remove_dir);
    tcase_add_test(tc, record_round_trip);
    tcase_add_test(tc, corrupt_record_is_an_error);
    tcase_add_test(tc, csv_rows_carry_study_variant_seed);
    tcase_add_test(tc, stats_skip_non_finite_values);
    tcase_add_test(tc, compare_separates_signal_from_noise);
    tcase_add_test(tc, epochs_to_threshold_counts_runs_that_get_there);
    tcase_add_test(tc, a_diverging_run_is_recorded_not_fatal);
    tcase_add_test(tc, full_seeds_apply_to_the_full_preset);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
