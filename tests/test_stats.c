/* The statistics behind every verdict: Student's t distribution and Welch's test against
 * scipy (tests/fixtures/stats.txt, experiments/make_fixtures_stats.py), closed forms, Holm's
 * correction, and the verdict rule on cases where it must find a difference and on cases
 * where it must not. */
#include <math.h>
#include <string.h>

#include "../lib/experiment/student_t.h"
#include "../lib/core/error.h"
#include "../lib/experiment/verdict.h"
#include "fixture.h"
#include "tests.h"

static void assert_close(double got, double want, double rel, const char *what, int i) {
    ck_assert_msg(fabs(got - want) <= rel * fmax(1.0, fabs(want)), "%s[%d]: got %.10g, want %.10g", what, i, got, want);
}

START_TEST(incomplete_beta_closed_forms) {
    for (double x = 0.05; x < 1.0; x += 0.1) {
        assert_close(ts_incomplete_beta(x, 1.0, 1.0), x, 1e-12, "I_x(1,1) = x", 0);
        assert_close(ts_incomplete_beta(x, 3.0, 1.0), x * x * x, 1e-12, "I_x(3,1) = x^3", 0);
        assert_close(ts_incomplete_beta(x, 1.0, 2.0), 1.0 - (1.0 - x) * (1.0 - x), 1e-12, "I_x(1,2)", 0);
    }
    assert_close(ts_incomplete_beta(0.5, 4.5, 4.5), 0.5, 1e-12, "I_0.5(a,a) = 1/2", 0);
}
END_TEST

/* ν = 1 is the Cauchy distribution, ν = 2 has a closed form too. */
START_TEST(student_t_closed_forms) {
    const double ts[] = {-7.0, -1.0, -0.25, 0.0, 0.3, 2.0, 40.0};
    for (int i = 0; i < 7; i++) {
        const double t = ts[i];
        assert_close(ts_student_t_cdf(t, 1.0), 0.5 + atan(t) / M_PI, 1e-12, "cauchy cdf", i);
        assert_close(ts_student_t_cdf(t, 2.0), 0.5 + t / (2.0 * sqrt(2.0 + t * t)), 1e-12, "t2 cdf", i);
    }
    assert_close(ts_student_t_quantile(0.975, 1e7), 1.959963985, 1e-6, "normal limit", 0);
    ck_assert(isnan(ts_student_t_quantile(1.0, 3.0)) && isnan(ts_student_t_quantile(0.0, 3.0)));
    ck_assert(ts_student_t_quantile(0.5, 3.0) == 0.0);
}
END_TEST

START_TEST(student_t_matches_scipy) {
    fixture *fx = fixture_load("stats");
    const float *df = fixture_get(fx, "t.df", 8), *x = fixture_get(fx, "t.points", 6), *p = fixture_get(fx, "t.probs", 6);
    const float *cdf = fixture_get(fx, "t.cdf", 48), *ppf = fixture_get(fx, "t.ppf", 48);
    for (int d = 0; d < 8; d++)
        for (int i = 0; i < 6; i++) {
            assert_close(ts_student_t_cdf(x[i], df[d]), cdf[d * 6 + i], 1e-6, "t.cdf", d * 6 + i);
            assert_close(ts_student_t_quantile(p[i], df[d]), ppf[d * 6 + i], 2e-6, "t.ppf", d * 6 + i);
        }
    fixture_free(fx);
}
END_TEST

START_TEST(welch_matches_scipy) {
    fixture *fx = fixture_load("stats");
    const int cases = (int)fixture_scalar(fx, "welch.cases");
    ck_assert_int_ge(cases, 6);
    const int sizes[][2] = {{3, 3}, {3, 3}, {2, 2}, {5, 5}, {3, 7}, {10, 10}};
    for (int c = 0; c < cases; c++) {
        char name[32];
        double a[10], b[10];
        snprintf(name, sizeof name, "welch%d.a", c);
        const float *fa = fixture_get(fx, name, (size_t)sizes[c][0]);
        snprintf(name, sizeof name, "welch%d.b", c);
        const float *fb = fixture_get(fx, name, (size_t)sizes[c][1]);
        snprintf(name, sizeof name, "welch%d.result", c);
        const float *want = fixture_get(fx, name, 5);
        for (int i = 0; i < sizes[c][0]; i++) a[i] = fa[i];
        for (int i = 0; i < sizes[c][1]; i++) b[i] = fb[i];
        const ts_welch w = ts_welch_test(ts_stat_of(a, sizes[c][0]), ts_stat_of(b, sizes[c][1]));
        assert_close(w.t, want[0], 1e-5, "welch t", c);
        assert_close(w.df, want[1], 1e-5, "welch df", c);
        assert_close(w.p, want[2], 1e-5, "welch p", c);
        assert_close(w.lo, want[3], 1e-5, "welch ci low", c);
        assert_close(w.hi, want[4], 1e-5, "welch ci high", c);
    }
    fixture_free(fx);
}
END_TEST

START_TEST(welch_degenerate_cases) {
    const double one[] = {0.8}, same[] = {0.5, 0.5, 0.5}, other[] = {0.6, 0.6, 0.6};
    ts_welch w = ts_welch_test(ts_stat_of(one, 1), ts_stat_of(same, 3));
    ck_assert(isnan(w.p) && isnan(w.lo)); /* one value: no spread estimate, no test */
    w = ts_welch_test(ts_stat_of(other, 3), ts_stat_of(same, 3));
    ck_assert(w.p == 0.0 && fabs(w.lo - 0.1) < 1e-12); /* deterministic runs: exact difference */
    w = ts_welch_test(ts_stat_of(same, 3), ts_stat_of(same, 3));
    ck_assert(w.p == 1.0 && w.diff == 0.0);
}
END_TEST

START_TEST(holm_correction) {
    const double p[] = {0.01, 0.04, 0.03, NAN};
    double adj[4];
    ts_holm(p, 4, adj); /* m = 3 tests: 3·0.01, 2·0.03, then max(0.06, 1·0.04) */
    assert_close(adj[0], 0.03, 1e-12, "holm", 0);
    assert_close(adj[2], 0.06, 1e-12, "holm", 2);
    assert_close(adj[1], 0.06, 1e-12, "holm", 1);
    ck_assert(isnan(adj[3]));
    const double big[] = {0.5, 0.8};
    ts_holm(big, 2, adj);
    ck_assert(adj[0] == 1.0 && adj[1] == 1.0); /* capped at 1 */
    double alias[] = {0.02};
    ts_holm(alias, 1, alias); /* one test: unchanged */
    ck_assert(alias[0] == 0.02);
}
END_TEST

/* ------------------------------------------------------------------ the verdict rule */

static ts_verdict rule(int expect, int narms) {
    return (ts_verdict){.claim = "claim", .measure = {.name = "accuracy", .scale = 100, .unit = "%"},
                        .narms = narms, .expect = expect};
}

static ts_judgement judge(const ts_verdict *v, const double *base, const double *a1, const double *a2, int n) {
    const double *values[] = {base, a1, a2};
    const int ns[] = {n, n, n};
    return ts_verdict_judge_values(v, values, ns);
}

static const double BASE[] = {0.842, 0.851, 0.846, 0.839, 0.848};
static const double NOISE[] = {0.849, 0.838, 0.853, 0.845, 0.841};  /* same distribution */
static const double BETTER[] = {0.871, 0.866, 0.874, 0.869, 0.872}; /* 2.5 points higher */
static const double WORSE[] = {0.811, 0.816, 0.809, 0.820, 0.813};

START_TEST(verdict_finds_no_difference_in_noise) {
    const ts_verdict v = rule(+1, 1);
    const ts_judgement j = judge(&v, BASE, NOISE, NULL, 5);
    ck_assert_int_eq(j.outcome, TS_NO_DIFFERENCE);
    ck_assert(j.p_adjusted[0] > 0.3 && !j.indicative && j.direction[0] == 0);
    ck_assert(j.test[0].lo < 0 && j.test[0].hi > 0); /* the interval covers 0 */
}
END_TEST

START_TEST(verdict_finds_a_real_difference) {
    ts_verdict v = rule(+1, 1);
    ck_assert_int_eq(judge(&v, BASE, BETTER, NULL, 5).outcome, TS_CONFIRMED);
    ck_assert_int_eq(judge(&v, BASE, WORSE, NULL, 5).outcome, TS_CONTRADICTED);
    v.expect = -1;
    ck_assert_int_eq(judge(&v, BASE, WORSE, NULL, 5).outcome, TS_CONFIRMED);
    v.expect = 0; /* the note expects no effect */
    ck_assert_int_eq(judge(&v, BASE, NOISE, NULL, 5).outcome, TS_CONFIRMED);
    ck_assert_int_eq(judge(&v, BASE, BETTER, NULL, 5).outcome, TS_CONTRADICTED);
}
END_TEST

START_TEST(verdict_with_several_arms) {
    const ts_verdict v = rule(+1, 2);
    ts_judgement j = judge(&v, BASE, BETTER, WORSE, 5);
    ck_assert_int_eq(j.outcome, TS_MIXED);
    ck_assert(j.direction[0] == 1 && j.direction[1] == -1);
    j = judge(&v, BASE, NOISE, BETTER, 5);
    ck_assert_int_eq(j.outcome, TS_CONFIRMED);
    ck_assert(j.p_adjusted[1] >= j.test[1].p); /* Holm never lowers a p-value */
    /* a difference that passes alone (p ≈ 0.03) but not once corrected for 2 tests */
    const double base[] = {0.80, 0.82, 0.81}, edge[] = {0.83, 0.84, 0.835}, flat[] = {0.81, 0.80, 0.82};
    ck_assert(ts_welch_test(ts_stat_of(edge, 3), ts_stat_of(base, 3)).p < TS_ALPHA);
    j = judge(&v, base, edge, flat, 3);
    const double alone = j.test[0].p;
    ck_assert_msg(alone < TS_ALPHA && j.p_adjusted[0] >= TS_ALPHA, "p %g, adjusted %g", alone, j.p_adjusted[0]);
    ck_assert_int_eq(j.outcome, TS_NO_DIFFERENCE);
}
END_TEST

START_TEST(verdict_under_three_seeds_is_indicative) {
    const ts_verdict v = rule(+1, 1);
    const ts_judgement j = judge(&v, BASE, BETTER, NULL, 2);
    ck_assert(j.indicative && j.min_n == 2);
    /* diverged runs (NAN) leave too few values for any test */
    const double nan3[] = {NAN, NAN, 0.8};
    const ts_judgement u = judge(&v, BASE, nan3, NULL, 3);
    ck_assert_int_eq(u.outcome, TS_UNTESTED);
    ck_assert_int_eq(u.min_n, 1);
}
END_TEST

/* A study of fake runs: TS_CHANGE arms read per-seed differences (an interaction). */
static void add_final(ts_record *r, double accuracy) {
    ts_record_init(r);
    ck_assert_int_eq(ts_record_add(r, 1, 10, "test", "accuracy", accuracy), TS_OK);
}

START_TEST(verdict_on_changes_within_arms) {
    static const ts_variant variants[] = {{"a-lo", "A, lr 0.01", NULL}, {"a-hi", "A, lr 0.1", NULL},
                                          {"b-lo", "B, lr 0.01", NULL}, {"b-hi", "B, lr 0.1", NULL}};
    /* A loses about 10 points at the high lr, B about 1: B tolerates it better */
    const double acc[4][3] = {{0.85, 0.86, 0.84}, {0.75, 0.77, 0.73}, {0.88, 0.87, 0.89}, {0.87, 0.865, 0.875}};
    ts_record records[12];
    for (int v = 0; v < 4; v++)
        for (int k = 0; k < 3; k++) add_final(&records[v * 3 + k], acc[v][k]);
    const ts_study s = {.name = "x", .variants = variants, .nvariants = 4, .records = records, .seeds = 3};
    ts_verdict v = rule(+1, 1);
    v.measure = (ts_measure){.name = "final test accuracy", .split = "test", .metric = "accuracy",
                             .reading = TS_READ_FINAL, .scale = 100, .unit = "%"};
    v.baseline = TS_CHANGE(1, 0);
    v.arms[0] = TS_CHANGE(3, 2);
    const ts_judgement j = ts_verdict_judge(&s, &v);
    ck_assert_int_eq(j.outcome, TS_CONFIRMED);
    assert_close(j.baseline.mean, -0.10, 1e-9, "A's change", 0);
    assert_close(j.arm[0].mean, -0.01, 1e-9, "B's change", 0);
    /* the plain comparison at the high lr alone answers another question */
    v.baseline = TS_ARM(1);
    v.arms[0] = TS_ARM(3);
    assert_close(ts_verdict_judge(&s, &v).test[0].diff, 0.87 - 0.75, 1e-9, "B − A at lr 0.1", 0);
    for (int i = 0; i < 12; i++) ts_record_free(&records[i]);
}
END_TEST

Suite *suite_stats(void) {
    Suite *s = suite_create("stats");
    TCase *t = tcase_create("stats");
    tcase_add_test(t, incomplete_beta_closed_forms);
    tcase_add_test(t, student_t_closed_forms);
    tcase_add_test(t, student_t_matches_scipy);
    tcase_add_test(t, welch_matches_scipy);
    tcase_add_test(t, welch_degenerate_cases);
    tcase_add_test(t, holm_correction);
    tcase_add_test(t, verdict_finds_no_difference_in_noise);
    tcase_add_test(t, verdict_finds_a_real_difference);
    tcase_add_test(t, verdict_with_several_arms);
    tcase_add_test(t, verdict_under_three_seeds_is_indicative);
    tcase_add_test(t, verdict_on_changes_within_arms);
    suite_add_tcase(s, t);
    return s;
}
