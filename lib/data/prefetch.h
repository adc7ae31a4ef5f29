/* Items prepared ahead on a background thread: a bounded queue between one producer (a
 * worker thread running `fill`) and one consumer (the training loop).
 *
 * The loader uses it so that augmentation runs while the model trains on the previous
 * batch: with depth d the worker fills items i+1 … i+d while the consumer holds item i.
 * Items are produced in index order into d+1 preallocated slots, so what the consumer sees
 * is exactly what a synchronous loop calling fill(i) would give — the thread changes when
 * the work happens, never the result. Nothing is allocated after ts_prefetcher_new.
 *
 * This thread is the one exception to "all parallelism is OpenMP" (lib/core/threads.h): it
 * only prepares data and never touches the model. */
#ifndef TS_PREFETCH_H
#define TS_PREFETCH_H

#include <stddef.h>

/* Fills item `index` into x and y (using `work` as scratch): returns the item's sample
 * count (> 0) or TS_ERR with a message. Called on the worker thread. */
typedef int (*ts_fill_fn)(void *ctx, int index, float *x, int *y, float *work);

typedef struct ts_prefetcher ts_prefetcher;

/* A worker with depth + 1 slots of x_floats floats and y_ints ints, and its own scratch of
 * work_floats floats. It waits until ts_prefetcher_go. NULL (message set) on failure. */
ts_prefetcher *ts_prefetcher_new(int depth, size_t x_floats, size_t y_ints, size_t work_floats, ts_fill_fn fill,
                                 void *ctx);
/* Stops production and waits until the worker is idle (no fill running), so the caller may
 * change what fill reads (the loader's order for the next epoch). */
void ts_prefetcher_stop(ts_prefetcher *p);
/* Starts producing items 0 … count−1. */
void ts_prefetcher_go(ts_prefetcher *p, int count);
/* The next item in order: its count, with *x and *y pointing at it until the next call;
   0 after the last item; TS_ERR (message set) if fill failed on it. */
int ts_prefetcher_next(ts_prefetcher *p, const float **x, const int **y);
/* Stops the worker and frees everything (NULL is fine). */
void ts_prefetcher_free(ts_prefetcher *p);

#endif
