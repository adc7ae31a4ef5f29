/* A mini-batch loader, like torch.utils.data.DataLoader over an in-memory data set.
 *
 * Each epoch visits the samples in order or in a fresh permutation drawn from
 * ts_rng_derive(seed, epoch, 0) — so epoch e's order depends only on (seed, e), not on
 * what ran before. With drop_last the short final batch is skipped; without it the last
 * batch has N mod batch_size samples and everything downstream takes the batch size
 * from the batch (there is no fixed `batch_size` baked into the model).
 *
 * Pixels become floats as ToTensor then Normalize do:  x = (p/255 − mean)/std
 * (mean 0, std 1 by default: plain ToTensor) — or, with ts_loader_set_transform, through a
 * transform pipeline (lib/data/transform.h: augmentation, ToTensor, Normalize, ...) applied to
 * each sample with its own generator ts_rng_derive(seed, epoch, 1 + sample index): a sample's
 * augmentation depends on the run seed, the epoch and which sample it is — not on the batch
 * it lands in, nor on the thread that computes it. The pipeline can run on a background
 * thread that prepares the next batches while the model trains (lib/data/prefetch.h); the
 * batches are the same bits either way. */
#ifndef TS_LOADER_H
#define TS_LOADER_H

#include <stdint.h>

#include "dataset.h"
#include "prefetch.h"
#include "transform.h"

typedef struct {
    const ts_dataset *ds;   /* not owned */
    int batch_size, shuffle, drop_last;
    uint64_t seed;
    float mean, std;        /* Normalize, applied after /255 (without a transform) */
    ts_transform_plan plan; /* per-sample pipeline on the data set's images; plan.transform
                               (not owned) NULL: none */
    int c, h, w;            /* one sample as yielded: the data set's shape or the transform's output */
    int *order;             /* N: the epoch's sample order */
    ts_prefetcher *prefetcher; /* background preparation of batches, NULL: in ts_loader_next */
    /* The batch ts_loader_next fills itself — none with a prefetcher, whose slots hold the
       batches and which has its own scratch: then x, y and work are NULL. */
    float *x;               /* (min(batch_size, N), c, h, w) */
    int *y;                 /* (min(batch_size, N)) */
    float *work;            /* the transform's scratch (plan.work_floats; NULL without a transform) */
    int epoch, next;        /* current epoch, position in order */
} ts_loader;

/* Allocates every buffer (ts_loader_next allocates nothing) and prepares epoch 0, with
 * mean 0, std 1. TS_ERR if the data set is empty or batch_size <= 0. */
int ts_loader_init(ts_loader *ld, const ts_dataset *ds, int batch_size, int shuffle, int drop_last,
                   uint64_t seed);
/* Sets Normalize(mean, std) (applied after ToTensor's /255); TS_ERR unless both are finite
 * and std != 0. Equivalent to assigning ld->mean and ld->std, but checked. */
int ts_loader_normalize(ts_loader *ld, float mean, float std);
/* Every sample goes through `t` (kept by pointer: it must outlive the loader) instead of
 * ToTensor + Normalize(mean, std). prefetch > 0: a background thread prepares up to that
 * many batches ahead; 0: the pipeline runs inside ts_loader_next. TS_ERR if the pipeline
 * cannot take the data set's images (the message says why). Call before the first batch;
 * it allocates, ts_loader_next still does not. */
int ts_loader_set_transform(ts_loader *ld, const ts_transform *t, int prefetch);
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
