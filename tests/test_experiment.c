/* The ablation machinery: run records on disk (round trip, stale configuration, corrupt
 * files, atomic writes), the statistics verdicts are computed from, a study's report table
 * and its after-run metrics regrouped as variants. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/experiment/ablation.h"
#include "../lib/experiment/fact.h"
#include "../lib/experiment/lr_finder.h"
#include "../lib/experiment/metric_variants.h"
#include "../lib/experiment/step_loss.h"
#include "../lib/experiment/study_bars.h"
#include "../lib/experiment/table.h"
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

/* A stat as a table cell: mean ± sample std, scaled, with the measure's digits. */
START_TEST(stat_format_shows_mean_and_spread) {
    const ts_stat a = {.mean = 0.90, .std = 0.01, .n = 3}, single = {.mean = 0.5, .n = 1}, none = {.n = 0};
    char buf[48];
    ts_stat_format(a, 100.0, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "90.0 ± 1.0");
    ts_stat_format(single, 1.0, 2, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.50");
    ts_stat_format(none, 1.0, 2, buf, sizeof buf);
    ck_assert_str_eq(buf, "n/a");
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

/* One network measured two ways per seed ("a", "b") becomes a study of two variants whose
   runs hold just that measurement, renamed: seed k stays seed k. */
START_TEST(metrics_regrouped_as_variants) {
    static const ts_variant one[] = {{"net", "net", NULL}};
    ts_record recs[2];
    for (int k = 0; k < 2; k++) {
        ts_record_init(&recs[k]);
        ts_record_add(&recs[k], 1, 10, "test", "accuracy", 0.5);
        ts_record_add(&recs[k], 1, 10, "test", "a", 0.8 + 0.01 * k);
        ts_record_add(&recs[k], 1, 10, "test", "b", 0.6 + 0.01 * k);
        ts_record_add(&recs[k], 1, 10, "train", "a", 0.1); /* another split: not taken */
    }
    const ts_study s = {.name = "s", .variants = one, .nvariants = 1, .records = recs, .seeds = 2};
    static const ts_variant ways[] = {{"b", "way b", NULL}, {"a", "way a", NULL}};
    ts_study w = {.name = "ways", .variants = ways, .nvariants = 2};
    ck_assert_int_eq(ts_study_metric_variants(&w, &s, 0, "test", "accuracy"), TS_OK);
    ck_assert_int_eq(w.seeds, 2);
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(w.records[0 * 2 + k].nrows, 1);
        ck_assert_int_eq(w.records[1 * 2 + k].nrows, 1);
        ck_assert_double_eq(ts_record_get(&w.records[0 * 2 + k], "test", "accuracy", -1), 0.6 + 0.01 * k);
        ck_assert_double_eq(ts_record_get(&w.records[1 * 2 + k], "test", "accuracy", -1), 0.8 + 0.01 * k);
    }
    ts_study_free(&w);
    ck_assert_ptr_null(w.records);
    for (int k = 0; k < 2; k++) ts_record_free(&recs[k]);
}
END_TEST

/* The bar chart of a measure: one bar per variant, mean ± std in the measure's scale. */
START_TEST(study_bars_show_a_measure_per_variant) {
    static const ts_variant variants[] = {{"x", "plain", NULL}, {"y", "with BN", NULL}};
    ts_record recs[4];
    const double acc[4] = {0.80, 0.82, 0.90, 0.90};
    for (int i = 0; i < 4; i++) {
        ts_record_init(&recs[i]);
        ts_record_add(&recs[i], 1, 10, "test", "accuracy", acc[i]);
    }
    const ts_study s = {.name = "s", .variants = variants, .nvariants = 2, .records = recs, .seeds = 2};
    const ts_measure m = {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"};
    ts_lesson L = {.out_dir = dir};
    ck_assert_int_eq(ts_study_chart_bars(&L, &s, "bars", "Accuracy", &m, "test accuracy (%)", 0), TS_OK);
    char path[128], text[4096];
    snprintf(path, sizeof path, "%s/bars.dat", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "(mean ± std over 2 seeds)"));
    /* the variants are the categories on the x axis (groups), one bar each */
    ck_assert_ptr_nonnull(strstr(text, "# group 0: 'plain'\n# group 1: 'with BN'"));
    double mean, err;
    const char *rows = strstr(text, "# group mean err colour\n");
    ck_assert_ptr_nonnull(rows);
    ck_assert_int_eq(sscanf(rows + strlen("# group mean err colour\n"), "0 %lf %lf", &mean, &err), 2);
    ck_assert_double_eq_tol(mean, 81.0, 1e-9);
    ck_assert_double_eq_tol(err, 100 * sqrt(0.0002), 1e-9);
    for (int i = 0; i < 4; i++) ts_record_free(&recs[i]);
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


static char *read_text(const char *name) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s missing", path);
    static char buf[16384];
    buf[fread(buf, 1, sizeof buf - 1, f)] = '\0';
    fclose(f);
    return buf;
}

/* A fact checked by the caller (ts_fact_report_checked) is reported once, with what was
   measured and the sentence of its outcome; the value-and-tolerance form is in test_claims.c. */
START_TEST(fact_reports_what_was_measured_and_its_sentence) {
    static const ts_fact f = {.claim = "X is Y", .holds = "Because of Z.", .fails = "Check the library."};
    char *said = NULL;
    size_t len = 0;
    ts_lesson L = {.narration = open_memstream(&said, &len)};
    ts_report r;
    ck_assert_int_eq(ts_report_open(&r, dir, "T"), TS_OK);
    ck_assert_int_eq(ts_fact_report_checked(&L, &r, &f, 7, "deviation %.1e", 1e-17), 1);
    ck_assert_int_eq(ts_fact_report_checked(&L, &r, &f, 0, "deviation %.1e", 0.5), 0);
    ck_assert_int_eq(ts_report_close(&r), TS_OK);
    fclose(L.narration);
    const char *report = read_text("REPORT.md");
    ck_assert_ptr_nonnull(strstr(report, "- **X is Y** — **holds** (computed once, not a statistic): deviation "
                                         "1.0e-17: Because of Z."));
    ck_assert_ptr_nonnull(strstr(report, "**does not hold** (computed once, not a statistic): deviation 5.0e-01: "
                                         "Check the library."));
    ck_assert_ptr_nonnull(strstr(read_text("KEY.md"), "Because of Z."));
    ck_assert_ptr_nonnull(strstr(said, "  X is Y: holds — deviation 1.0e-17\n"));
    free(said);
}
END_TEST

/* The study table: mean ± std per variant and measure, how many runs a cell stands on when
   some lack the measure (a diverged run has no final value), and the failed runs (diverged,
   or below the threshold). */
START_TEST(study_table_shows_each_measure_and_the_failed_runs) {
    static const ts_variant variants[] = {{"a", "variant A", NULL}, {"b", "variant B", NULL}};
    ts_record recs[4]; /* [variant · 2 + seed] */
    const double acc[3] = {0.80, 0.90, 0.85};
    for (int i = 0; i < 4; i++) {
        ts_record_init(&recs[i]);
        if (i < 3) ts_record_add(&recs[i], 1, 10, "test", "accuracy", acc[i]);
    }
    ts_record_add(&recs[2], 2, 20, "train", "diverged_step", 17); /* B, seed 1: diverged in epoch 2 */
    ts_record_add(&recs[3], 1, 10, "train", "loss", 2.5);         /* B, seed 2: no test accuracy */
    const ts_study s = {.name = "s", .variants = variants, .nvariants = 2, .records = recs, .seeds = 2};
    static const ts_measure columns[] = {{"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"},
                                         {"loss", "train", "loss", TS_READ_FINAL, .digits = 3}};
    ts_report r;
    ck_assert_int_eq(ts_report_open(&r, dir, "T"), TS_OK);
    ts_report_study_table(&r, &s, columns, 2, 0.2);
    ck_assert_int_eq(ts_report_close(&r), TS_OK);
    const char *report = read_text("REPORT.md");
    ck_assert_ptr_nonnull(strstr(report, "| variant | final test accuracy (%) | loss | failed (diverged or < 20%) |\n"
                                         "|---|---|---|---|\n"));
    ck_assert_ptr_nonnull(strstr(report, "| variant A | 85.0 ± 7.1 | n/a | 0 of 2 |\n"));
    /* B, seed 1 reached epoch 1 (85%) before it diverged: that is not a final value */
    ck_assert_ptr_nonnull(strstr(report, "| variant B | n/a | 2.500 (n = 1) | 2 of 2 |\n"));
    ck_assert(isnan(ts_measure_read(&recs[2], &columns[0])));
    const ts_measure epoch1 = {"test accuracy after epoch 1", "test", "accuracy", TS_READ_EPOCH, .epoch = 1};
    ck_assert_double_eq(ts_measure_read(&recs[2], &epoch1), 0.85);
    for (int i = 0; i < 4; i++) ts_record_free(&recs[i]);
}
END_TEST

/* The LR finder runs one range test per seed (seed k as run seed k); its suggestion is the
   geometric mean of the seeds' steepest descents; the table and the chart say so. */
START_TEST(lr_finder_tests_each_seed_and_suggests_their_geometric_mean) {
    ts_dataset train = random_dataset(128, 3);
    const ts_run_config c = {.momentum = 0.9f, .batch_size = 16, .epochs = 1, .eval_batch_size = 16,
                             .schedule = {.kind = TS_LR_COSINE, .per_iteration = 1}}; /* ignored by the test */
    ts_lr_range_options o = TS_LR_RANGE_DEFAULTS;
    o.num_iter = 40, o.start_lr = 1e-4, o.end_lr = 1e3;
    ts_lr_finder f;
    ck_assert_msg(ts_lr_finder_run(&f, &c, &train, 2, o) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(f.seeds, 2);
    ck_assert(f.n[0] > 16 && f.n[1] > 16);
    ck_assert(f.steepest[0] != f.steepest[1] || f.n[0] != f.n[1]); /* two seeds, two different tests */
    ck_assert_double_eq_tol(f.suggestion, sqrt(f.steepest[0] * f.steepest[1]), 1e-12 * f.suggestion);
    ts_report r;
    ck_assert_int_eq(ts_report_open(&r, dir, "T"), TS_OK);
    ts_lr_finder_table(&r, &f, &o, 16);
    ck_assert_int_eq(ts_report_close(&r), TS_OK);
    /* the table holds what the finder found: the suggestion and a row per seed */
    const char *table = read_text("REPORT.md");
    char want[96];
    snprintf(want, sizeof want, "the geometric mean of their suggestions, **%.3g**", f.suggestion);
    ck_assert_msg(strstr(table, want) != NULL, "missing \"%s\"", want);
    for (int k = 0; k < 2; k++) {
        snprintf(want, sizeof want, "\n| %d | %d | %.3g | %.3g |\n", k + 1, f.n[k], f.steepest[k], f.min10[k]);
        ck_assert_msg(strstr(table, want) != NULL, "missing the row%s", want);
    }
    const double mark = 0.01;
    ck_assert_int_eq(ts_lr_finder_chart(&f, dir, "range", &mark, (const char *[]){"a mark"}, 1), TS_OK);
    ck_assert_ptr_nonnull(strstr(read_text("range.gp"), "a mark"));
    ts_lr_finder_free(&f);
    o.num_iter = 1;
    ck_assert_int_eq(ts_lr_finder_run(&f, &c, &train, 2, o), TS_ERR);
    ts_dataset_free(&train);
}
END_TEST

static void huge_lr(ts_run_config *c) { c->lr = 1e4f; }

/* The first-epoch chart retrains each variant for one epoch and logs every step's loss: a
   line per variant; a diverging one stops with NaN where its loss left the numbers. */
START_TEST(first_epoch_chart_logs_every_step) {
    ts_dataset train = random_dataset(96, 4), test = random_dataset(16, 5);
    static const ts_variant variants[] = {{"sane", "lr 0.01", NULL}, {"huge", "lr 1e4", huge_lr}};
    ts_lesson L = {.train = train, .test = test, .out_dir = dir, .narration = stdout};
    ts_study s = {.name = "s", .variants = variants, .nvariants = 2,
                  .base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 16, .epochs = 1, .eval_batch_size = 16}};
    ck_assert_int_eq(ts_study_chart_first_epoch(&L, &s, (const int[]){0, 1}, 2, 1, "steps", "Loss"), TS_OK);
    /* blocks of "step loss lo hi" lines (no band: lo and hi NaN) */
    const char *dat = read_text("steps.dat"), *huge = strstr(dat, "lr 1e4");
    ck_assert_ptr_nonnull(huge);
    const char *sane_last = strstr(dat, "\n6 "); /* 96 / 16 = 6 steps */
    ck_assert(sane_last != NULL && sane_last < huge && strncmp(sane_last, "\n6 NaN", 6) != 0);
    ck_assert_ptr_nonnull(strstr(huge, "\n6 NaN")); /* the diverged one has no loss at its last step */
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
    tcase_add_test(tc, stat_format_shows_mean_and_spread);
    tcase_add_test(tc, epochs_to_threshold_counts_runs_that_get_there);
    tcase_add_test(tc, metrics_regrouped_as_variants);
    tcase_add_test(tc, study_bars_show_a_measure_per_variant);
    tcase_add_test(tc, a_diverging_run_is_recorded_not_fatal);
    tcase_add_test(tc, fact_reports_what_was_measured_and_its_sentence);
    tcase_add_test(tc, study_table_shows_each_measure_and_the_failed_runs);
    tcase_add_test(tc, lr_finder_tests_each_seed_and_suggests_their_geometric_mean);
    tcase_add_test(tc, first_epoch_chart_logs_every_step);
    tcase_add_test(tc, full_seeds_apply_to_the_full_preset);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
