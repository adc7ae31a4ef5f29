/* The generator's integer draws (lib/core/rng.h): ts_rng_below stays in [0, n) and reaches
 * every value, and n = 0, an empty range, is defined: 0 and no draw. */
#include <string.h>

#include "../lib/core/rng.h"
#include "tests.h"

START_TEST(below_zero_returns_zero_and_draws_nothing) {
    ts_rng rng, untouched;
    ts_rng_seed(&rng, 5);
    untouched = rng;
    ck_assert_uint_eq(ts_rng_below(&rng, 0), 0);
    ck_assert_msg(memcmp(&rng, &untouched, sizeof rng) == 0, "ts_rng_below(rng, 0) advanced the generator");
}
END_TEST

START_TEST(below_stays_in_range_and_reaches_every_value) {
    enum { N = 7, DRAWS = 7000 };
    ts_rng rng;
    ts_rng_seed(&rng, 6);
    int hits[N] = {0};
    for (int k = 0; k < DRAWS; k++) {
        const uint32_t v = ts_rng_below(&rng, N);
        ck_assert_uint_lt(v, N);
        hits[v]++;
    }
    for (int v = 0; v < N; v++) ck_assert_msg(hits[v] > 0, "value %d never drawn in %d draws", v, DRAWS);
    ck_assert_uint_eq(ts_rng_below(&rng, 1), 0);
    ck_assert_uint_lt(ts_rng_below(&rng, UINT32_MAX), UINT32_MAX);
}
END_TEST

Suite *suite_rng(void) {
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("below");
    tcase_add_test(tc, below_zero_returns_zero_and_draws_nothing);
    tcase_add_test(tc, below_stays_in_range_and_reaches_every_value);
    suite_add_tcase(s, tc);
    return s;
}
