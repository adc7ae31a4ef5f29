/* The trend rule (lib/experiment/trend.h): the regression slope's t-test against scipy's
 * linregress (tests/fixtures/trend.txt, experiments/make_fixtures_trend.py), and the
 * outcome on cases where it must find a trend and where it must not. */
#include <math.h>

#include "../lib/core/error.h"
#include "../lib/experiment/trend.h"
#include "fixture.h"
#include "tests.h"

static void assert_close(double got, double want, double tol, const char *what, int i) {
    ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)), "%s[%d]: got %.10g, want %.10g", what, i, got, want);
}

START_TEST(slope_matches_scipy) {
    fixture *fx = fixture_load("trend");
    const int sizes[] = {15, 8, 3}, cases = (int)fixture_scalar(fx, "cases");
    ck_assert_int_eq(cases, 3);
    for (int c = 0; c < cases; c++) {
        char name[32];
        double x[16], y[16];
        snprintf(name, sizeof name, "case%d.x", c);
        const float *fx_ = fixture_get(fx, name, (size_t)sizes[c]);
        snprintf(name, sizeof name, "case%d.y", c);
        const float *fy = fixture_get(fx, name, (size_t)sizes[c]);
        snprintf(name, sizeof name, "case%d.result", c);
        const float *want = fixture_get(fx, name, 5);
        for (int i = 0; i < sizes[c]; i++) {
            x[i] = fx_[i];
            y[i] = fy[i];
        }
        const ts_welch w = ts_slope_test(x, y, sizes[c]);
        assert_close(w.diff, want[0], 1e-6, "slope", c);
        assert_close(w.se, want[1], 1e-6, "stderr", c);
        assert_close(w.p, want[2], 1e-5, "p", c);
        assert_close(w.lo, want[3], 1e-5, "ci low", c);
        assert_close(w.hi, want[4], 1e-5, "ci high", c);
        ck_assert(w.df == sizes[c] - 2);
    }
    fixture_free(fx);
}
END_TEST

START_TEST(slope_degenerate_cases) {
    const double x[] = {1, 2, 3, 4}, line[] = {0.5, 0.6, 0.7, 0.8}, tied[] = {2, 2, 2, 2};
    ts_welch w = ts_slope_test(x, line, 4); /* on the line (up to rounding): p about 0 */
    ck_assert(fabs(w.diff - 0.1) < 1e-12 && w.p < 1e-12);
    w = ts_slope_test(tied, line, 4); /* no spread in x: no slope */
    ck_assert(isnan(w.p) && isnan(w.diff));
    const double two[] = {0.5, NAN, NAN, 0.8}; /* diverged runs leave 2 points: no test */
    ck_assert(isnan(ts_slope_test(x, two, 4).p));
    const double one_nan[] = {0.5, 0.61, NAN, 0.79}; /* a diverged run is left out */
    w = ts_slope_test(x, one_nan, 4);
    ck_assert(w.df == 1 && w.diff > 0);
}
END_TEST

/* A fake study: 4 variants × 3 seeds, each run one final test accuracy. */
static void fake_study(ts_study *s, ts_record *records, const double acc[4][3]) {
    static const ts_variant variants[] = {{"a", "A", NULL}, {"b", "B", NULL}, {"c", "C", NULL}, {"d", "D", NULL}};
    for (int v = 0; v < 4; v++)
        for (int k = 0; k < 3; k++) {
            ts_record_init(&records[v * 3 + k]);
            ck_assert_int_eq(ts_record_add(&records[v * 3 + k], 1, 10, "test", "accuracy", acc[v][k]), TS_OK);
        }
    *s = (ts_study){.name = "x", .variants = variants, .nvariants = 4, .records = records, .seeds = 3};
}

static const double X[4] = {-1.0, 0.0, 1.0, 2.0};

START_TEST(trend_must_and_must_not_find) {
    const double rising[4][3] = {{0.84, 0.85, 0.845}, {0.86, 0.855, 0.865}, {0.87, 0.875, 0.868}, {0.88, 0.885, 0.879}};
    const double flat[4][3] = {{0.851, 0.842, 0.846}, {0.839, 0.848, 0.853}, {0.845, 0.841, 0.849}, {0.847, 0.838, 0.852}};
    ts_trend t = {.claim = "claim", .measure = {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100,
                                                .unit = "%"},
                  .x_name = "x", .x = X, .variants = {0, 1, 2, 3}, .nvariants = 4, .expect = +1};
    ts_record records[12];
    ts_study s;
    ts_welch w;
    fake_study(&s, records, rising);
    ck_assert_int_eq(ts_trend_judge(&s, &t, &w).outcome, TS_CONFIRMED);
    ck_assert(w.p < 0.001 && w.lo > 0);
    t.expect = -1;
    ck_assert_int_eq(ts_trend_judge(&s, &t, &w).outcome, TS_CONTRADICTED);
    t.nvariants = 2; /* two variants: still 6 points, a test */
    ck_assert_int_ne(ts_trend_judge(&s, &t, &w).outcome, TS_UNTESTED);
    for (int i = 0; i < 12; i++) ts_record_free(&records[i]);
    fake_study(&s, records, flat);
    t.nvariants = 4;
    t.expect = +1;
    const ts_judgement j = ts_trend_judge(&s, &t, &w);
    ck_assert_int_eq(j.outcome, TS_NO_DIFFERENCE);
    ck_assert(w.p > 0.3 && w.lo < 0 && w.hi > 0 && !j.indicative);
    t.expect = 0;
    ck_assert_int_eq(ts_trend_judge(&s, &t, &w).outcome, TS_CONFIRMED);
    for (int i = 0; i < 12; i++) ts_record_free(&records[i]);
}
END_TEST

Suite *suite_trend(void) {
    Suite *s = suite_create("trend");
    TCase *t = tcase_create("trend");
    tcase_add_test(t, slope_matches_scipy);
    tcase_add_test(t, slope_degenerate_cases);
    tcase_add_test(t, trend_must_and_must_not_find);
    suite_add_tcase(s, t);
    return s;
}
