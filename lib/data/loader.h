/* A mini-batch loader, like torch.utils.data.DataLoader over an in-memory data set.
 *
 * Each epoch visits the samples in order or in a fresh permutation drawn from
 * ts_rng_derive(seed, epoch, 0) — so epoch e's order depends only on (seed, e), not on
 * what ran before. With drop_last the short final batch is skipped; without it the last
 * batch has N mod batch_size samples and everything downstream takes the batch size
 * from the batch (there is no fixed `batch_size` baked into the model).
 *
 * Pixels become floats as ToTensor then Normalize do:  x = (p/255 − mean)/std
 * (mean 0, std 1 by default: plain ToTensor). */
#ifndef TS_LOADER_H
#define TS_LOADER_H

#include <stdint.h>

#include "dataset.h"

typedef struct {
    const ts_dataset *ds;   /* not owned */
    int batch_size, shuffle, drop_last;
    uint64_t seed;
    float mean, std;        /* Normalize, applied after /255 */
    int *order;             /* N: the epoch's sample order */
    float *x;               /* (min(batch_size, N), C, H, W) */
    int *y;                 /* (min(batch_size, N)) */
    int epoch, next;        /* current epoch, position in order */
} ts_loader;

/* Allocates every buffer (ts_loader_next allocates nothing) and prepares epoch 0, with
 * mean 0, std 1. TS_ERR if the data set is empty or batch_size <= 0. */
int ts_loader_init(ts_loader *ld, const ts_dataset *ds, int batch_size, int shuffle, int drop_last,
                   uint64_t seed);
/* Sets Normalize(mean, std) (applied after ToTensor's /255); TS_ERR unless both are finite
 * and std != 0. Equivalent to assigning ld->mean and ld->std, but checked. */
int ts_loader_normalize(ts_loader *ld, float mean, float std);
void ts_loader_free(ts_loader *ld);
/* Batches per epoch: ⌈N/B⌉, or ⌊N/B⌋ with drop_last. */
int ts_loader_num_batches(const ts_loader *ld);
/* Starts epoch `epoch` (0-based): resets the position, draws the order. */
void ts_loader_start_epoch(ts_loader *ld, int epoch);
/* The next batch: returns its size n (> 0) and points *x at (n, C, H, W) floats and *y at
 * n labels (valid until the next call), or 0 when the epoch is over (TS_ERR if mean/std were
 * set to something Normalize cannot use, e.g. std = 0). Allocates nothing. */
int ts_loader_next(ts_loader *ld, const float **x, const int **y);

#endif
