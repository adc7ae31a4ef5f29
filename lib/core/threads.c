#include "threads.h"

#include <cblas.h>
#include <omp.h>

#include "error.h"

int ts_set_threads(int n) {
    if (n < 1 || n > TS_MAX_THREADS)
        return ts_fail("thread count must be between 1 and %d, got %d", TS_MAX_THREADS, n);
    omp_set_num_threads(n);
    ts_blas_single_threaded();
    return TS_OK;
}

void ts_blas_single_threaded(void) { openblas_set_num_threads(1); }

int ts_get_threads(void) { return omp_get_max_threads(); }

void ts_thread_share(int total, int *lo, int *hi) {
    const int t = omp_get_thread_num(), T = omp_get_num_threads();
    *lo = (int)((long)total * t / T);
    *hi = (int)((long)total * (t + 1) / T);
}
