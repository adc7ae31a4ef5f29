/* The test suites; main.c runs them all. Each tests/test_*.c defines one suite_*(). */
#ifndef TS_TESTS_H
#define TS_TESTS_H

#include <check.h>

Suite *suite_gradcheck(void);
Suite *suite_data(void);
Suite *suite_parity(void);
Suite *suite_alloc(void);
Suite *suite_training(void);
Suite *suite_accumulation(void);
Suite *suite_experiment(void);
Suite *suite_lessons(void);
Suite *suite_plot(void);
Suite *suite_prefetch(void);
Suite *suite_transforms(void);
Suite *suite_init_model(void);
Suite *suite_scheduler(void);
Suite *suite_stats(void);
Suite *suite_claims(void);
Suite *suite_trend(void);
Suite *suite_blas_core(void);
Suite *suite_rng(void);

#endif
