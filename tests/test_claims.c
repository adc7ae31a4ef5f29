/* How a lesson states what it found, besides a verdict's test (test_stats.c): a computed
 * fact with its tolerance (lib/experiment/fact.h), what an equivalence verdict's interval
 * excludes (equivalence.h), a study's table of measures (table.h), and a lesson's
 * own seed counts (ts_lesson_set_seeds). Each on a case where it must say yes and one
 * where it must say no. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/trainskill.h"
#include "tests.h"

/* A lesson whose narration goes into memory, and a report written into a fresh directory. */
typedef struct {
    ts_lesson L;
    char *said;
    size_t said_len;
    ts_report r;
    char dir[64];
} page;

static void page_open(page *p) {
    *p = (page){0};
    p->L.narration = open_memstream(&p->said, &p->said_len);
    ck_assert_ptr_nonnull(p->L.narration);
    snprintf(p->dir, sizeof p->dir, "/tmp/ts-claims-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(p->dir));
    ck_assert_int_eq(ts_report_open(&p->r, p->dir, "claims"), TS_OK);
}

/* Closes both; returns REPORT.md's text (the caller frees it). */
static char *page_close(page *p) {
    ck_assert_int_eq(ts_report_close(&p->r), TS_OK);
    fclose(p->L.narration);
    char path[128], cmd[160];
    snprintf(path, sizeof path, "%s/REPORT.md", p->dir);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *text = calloc(1, 1 << 16);
    ck_assert_uint_gt(fread(text, 1, (1 << 16) - 1, f), 0);
    fclose(f);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p->dir);
    ck_assert_int_eq(system(cmd), 0);
    return text;
}

/* ------------------------------------------------------------------ facts */

static const ts_fact BELOW = {.claim = "the same gradient", .quantity = "relative difference", .tolerance = 1e-5,
                              .holds = "round-off only.", .fails = "more than round-off."};
static const ts_fact ABOVE = {.claim = "another gradient", .quantity = "relative difference", .tolerance = 1e-5,
                              .above = 1, .holds = "far apart.", .fails = "too close."};

START_TEST(fact_holds_within_its_tolerance) {
    ck_assert(ts_fact_holds(&BELOW, 3e-8) && ts_fact_holds(&BELOW, 1e-5));
    ck_assert(!ts_fact_holds(&BELOW, 2e-5) && !ts_fact_holds(&BELOW, NAN));
    ck_assert(ts_fact_holds(&ABOVE, 0.7) && !ts_fact_holds(&ABOVE, 1e-5) && !ts_fact_holds(&ABOVE, NAN));
    page p;
    page_open(&p);
    ck_assert_int_eq(ts_fact_report(&p.L, &p.r, &BELOW, 3e-8), 1);
    ck_assert_int_eq(ts_fact_report(&p.L, &p.r, &ABOVE, 3e-8), 0);
    ck_assert_int_eq(ts_fact_report(&p.L, &p.r, &BELOW, NAN), 0);
    char *text = page_close(&p);
    ck_assert_ptr_nonnull(strstr(text, "- **the same gradient** — **holds** (computed once, not a statistic): relative "
                                       "difference = 3e-08 (holds when ≤ 1e-05): round-off only."));
    ck_assert_ptr_nonnull(strstr(text, "- **another gradient** — **does not hold**"));
    ck_assert_ptr_nonnull(strstr(text, "(holds when > 1e-05): too close."));
    ck_assert_ptr_nonnull(strstr(text, "- **the same gradient** — **not measured**"));
    ck_assert_ptr_nonnull(strstr(p.said, "another gradient: does NOT hold"));
    free(text);
    free(p.said);
}
END_TEST

/* ------------------------------------------------------------------ a study of fake runs */

static const ts_variant VARIANTS[] = {{"base", "batch 32", NULL}, {"same", "8 x 4", NULL}, {"up", "better", NULL}};
static const double ACCURACY[3][5] = {{0.842, 0.851, 0.846, 0.839, 0.848},
                                      {0.849, 0.838, 0.853, 0.845, 0.841},  /* the same distribution */
                                      {0.871, 0.866, 0.874, 0.869, 0.872}}; /* 2.5 points higher */

static ts_study fake_study(ts_record *records) {
    for (int v = 0; v < 3; v++)
        for (int k = 0; k < 5; k++) {
            ts_record *r = &records[v * 5 + k];
            ts_record_init(r);
            ck_assert_int_eq(ts_record_add(r, 1, 10, "test", "accuracy", ACCURACY[v][k]), TS_OK);
            ck_assert_int_eq(ts_record_add(r, 1, 10, "train", "seconds", 10.0 + v + 0.1 * k), TS_OK);
        }
    return (ts_study){.name = "x", .variants = VARIANTS, .nvariants = 3, .records = records, .seeds = 5};
}

#define FINAL_TEST {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"}

START_TEST(equivalence_says_what_the_data_exclude) {
    ts_record records[15];
    const ts_study s = fake_study(records);
    const ts_verdict same = {.claim = "8 x 4 trains like batch 32", .measure = FINAL_TEST, .baseline = TS_ARM(0),
                             .arms = {TS_ARM(1)}, .narms = 1, .expect = 0, .contradicted = "they differ.",
                             .no_difference = "no difference."};
    ts_verdict differ = same;
    differ.arms[0] = TS_ARM(2);
    const ts_judgement j = ts_verdict_judge(&s, &same);
    const double bound = ts_judgement_bound(&j, 0);
    ck_assert(bound == fmax(-j.test[0].lo, j.test[0].hi) && bound > 0.0 && bound < 0.02);
    page p;
    page_open(&p);
    ck_assert_int_eq(ts_verdict_report_equivalence(&p.L, &p.r, &s, &same), TS_CONFIRMED);
    ck_assert_int_eq(ts_verdict_report_equivalence(&p.L, &p.r, &s, &differ), TS_CONTRADICTED);
    char *text = page_close(&p), expected[160];
    snprintf(expected, sizeof expected, "these 5 seeds exclude a difference larger than %.1f points either way",
             100 * bound);
    ck_assert_msg(strstr(text, expected) != NULL, "missing \"%s\" in\n%s", expected, text);
    const ts_welch w = ts_verdict_judge(&s, &differ).test[0];
    snprintf(expected, sizeof expected, "better: the difference lies between %+.1f and %+.1f points", 100 * w.lo,
             100 * w.hi);
    ck_assert_msg(strstr(text, expected) != NULL, "missing \"%s\"", expected);
    ck_assert(w.lo > 0.0); /* an interval away from zero: no "exclude" sentence for that arm */
    ck_assert_int_eq(strstr(strstr(text, "better:"), "exclude a difference") == NULL, 1);
    free(text);
    free(p.said);
    for (int i = 0; i < 15; i++) ts_record_free(&records[i]);
}
END_TEST

START_TEST(study_table_shows_each_measure) {
    ts_record records[15];
    const ts_study s = fake_study(records);
    const ts_measure columns[] = {FINAL_TEST, {"training time", "train", "seconds", TS_READ_SUM, .unit = "s", .digits = 2},
                                  {"loss", "train", "loss", TS_READ_FINAL, .digits = 1}};
    page p;
    page_open(&p);
    ts_report_study_table(&p.r, &s, columns, 3, 0);
    char *text = page_close(&p);
    ck_assert_ptr_nonnull(strstr(text, "| variant | final test accuracy (%) | training time (s) | loss |\n|---|---|---|---|\n"));
    char row[128], acc[48];
    ts_stat_format(ts_stat_of(ACCURACY[2], 5), 100, 1, acc, sizeof acc);
    snprintf(row, sizeof row, "| better | %s | 12.20 ± 0.16 | n/a |\n", acc); /* no loss recorded: n/a */
    ck_assert_msg(strstr(text, row) != NULL, "missing \"%s\" in\n%s", row, text);
    free(text);
    free(p.said);
    for (int i = 0; i < 15; i++) ts_record_free(&records[i]);
}
END_TEST

/* The best of a grid by mean, then the verdicts side by side: "up" beats the baseline (confirmed),
   "same" does not (no difference); the summary says which, per question. */
START_TEST(verdict_summary_and_best_variant) {
    ts_record records[15];
    const ts_study s = fake_study(records);
    static const ts_measure final = FINAL_TEST;
    ck_assert_int_eq(ts_study_best_variant(&s, (const int[]){0, 1, 2}, 3, &final), 2);
    ck_assert_int_eq(ts_study_best_variant(&s, (const int[]){2, 0}, 2, &final), 2);
    const ts_verdict v[2] = {
        {.claim = "up is higher", .measure = FINAL_TEST, .baseline = TS_ARM(0), .arms = {TS_ARM(2)}, .narms = 1,
         .expect = +1},
        {.claim = "same is higher", .measure = FINAL_TEST, .baseline = TS_ARM(0), .arms = {TS_ARM(1)}, .narms = 1,
         .expect = +1}};
    page p;
    page_open(&p);
    ts_report_verdict_summary(&p.r, &s, (const char *const[]){"Does up help?", "Does same help?"}, v, 2);
    char *text = page_close(&p);
    ck_assert_msg(strstr(text, "| Does up help? | up is higher | confirmed |\n"
                               "| Does same help? | same is higher | no difference beyond the noise |\n") != NULL,
                  "%s", text);
    free(text);
    free(p.said);
    for (int i = 0; i < 15; i++) ts_record_free(&records[i]);
}
END_TEST

/* ------------------------------------------------------------------ seeds */

START_TEST(lesson_seeds_unless_given) {
    ts_lesson L = {.preset = TS_FULL, .seeds = 3};
    ts_lesson_set_seeds(&L, 1, 2, 5);
    ck_assert_int_eq(L.seeds, 5);
    L = (ts_lesson){.preset = TS_QUICK, .seeds = 2};
    ts_lesson_set_seeds(&L, 1, 2, 5);
    ck_assert_int_eq(L.seeds, 2);
    L = (ts_lesson){.preset = TS_FULL, .seeds = 3, .seeds_given = 1}; /* --seeds 3 */
    ts_lesson_set_seeds(&L, 1, 2, 5);
    ck_assert_int_eq(L.seeds, 3);
}
END_TEST

Suite *suite_claims(void) {
    Suite *s = suite_create("claims");
    TCase *t = tcase_create("claims");
    tcase_add_test(t, fact_holds_within_its_tolerance);
    tcase_add_test(t, equivalence_says_what_the_data_exclude);
    tcase_add_test(t, study_table_shows_each_measure);
    tcase_add_test(t, verdict_summary_and_best_variant);
    tcase_add_test(t, lesson_seeds_unless_given);
    suite_add_tcase(s, t);
    return s;
}
