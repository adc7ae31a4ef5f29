/* The test suites; main.c runs them all. Each tests/test_*.c defines one suite_*(). */
#ifndef TS_TESTS_H
#define TS_TESTS_H

#include <check.h>

Suite *suite_gradcheck(void);

#endif
