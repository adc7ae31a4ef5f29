/* Threads. All parallelism is OpenMP: a layer splits its batch (or its channels) over
 * the threads, and each thread calls OpenBLAS single-threaded on its share — small GEMMs
 * whose operands stay in that core's cache, no second thread pool competing for the
 * cores. ts_set_threads(n) sets both (OpenMP to n, OpenBLAS to 1). The one other thread is
 * the loader's prefetcher (lib/data/prefetch.h), which prepares augmented batches and never
 * touches the model.
 *
 * Every split is static (thread t always gets the same share) and per-thread partial
 * sums are added in thread order, so a run is bit-identical for a given thread count;
 * a different count may change the last bits. */
#ifndef TS_THREADS_H
#define TS_THREADS_H

enum { TS_MAX_THREADS = 1024 };

/* 1 <= n <= TS_MAX_THREADS; TS_ERR for a bad count. */
int ts_set_threads(int n);
int ts_get_threads(void);

/* OpenBLAS to one thread per call (models do this before their first batch). */
void ts_blas_single_threaded(void);

/* Inside a parallel region: this thread's share [lo, hi) of `total` items. */
void ts_thread_share(int total, int *lo, int *hi);

#endif
