/* Runs every suite. Check's fork mode (CK_FORK=yes, set by `make test`) runs each test in
 * its own process, so a segfault is a failed test, not a dead suite. The exit code is
 * EXIT_FAILURE when any test fails (not the number of failures: an exit status is taken
 * modulo 256, so 256 failures would read as success), so CI goes red on any regression.
 * Like every program, the runner first puts OpenBLAS on the CPU's best kernels: the suites
 * test the code that runs. */
#include <stdio.h>
#include <stdlib.h>

#include "../lib/core/blas_core.h"
#include "../lib/core/error.h"
#include "tests.h"

int main(int argc, char **argv) {
    if (ts_blas_ensure_best_core(argv) != TS_OK) fprintf(stderr, "trainskill: warning: %s\n", ts_error());
    Suite *(*suites[])(void) = {
        suite_blas_core, suite_gradcheck, suite_data, suite_transforms, suite_prefetch, suite_parity,
        suite_alloc, suite_training, suite_accumulation, suite_experiment, suite_lessons,
        suite_plot, suite_init_model, suite_scheduler, suite_stats, suite_claims, suite_trend, suite_rng,
    };
    /* Check's default timeout (4 s per test) is a hang guard, but a loaded 2-core machine
       runs a normal test past it; tcase_create reads this, and a value the user set wins */
    setenv("CK_DEFAULT_TIMEOUT", "60", 0);
    SRunner *runner = srunner_create(NULL);
    for (size_t i = 0; i < sizeof suites / sizeof *suites; i++) srunner_add_suite(runner, suites[i]());
    srunner_run_all(runner, CK_NORMAL);
    const int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
