#include "threads.h"

#include <cblas.h>
#include <omp.h>

#include "error.h"

int ts_set_threads(int n) {
    if (n < 1 || n > 1024) return ts_fail("thread count must be between 1 and 1024, got %d", n);
    omp_set_num_threads(n);
    openblas_set_num_threads(n);
    return TS_OK;
}

int ts_get_threads(void) { return omp_get_max_threads(); }
