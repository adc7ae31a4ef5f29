#include "loader.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../core/rng.h"

static int check_normalize(float mean, float std) {
    /* Normalize divides by std: zero would make every pixel ±inf (or NaN). */
    if (!isfinite(mean) || !isfinite(std) || std == 0.0f)
        return ts_fail("Normalize needs a finite mean and a finite, non-zero std; got mean %g, std %g",
                       (double)mean, (double)std);
    return TS_OK;
}

int ts_loader_init(ts_loader *ld, const ts_dataset *ds, int batch_size, int shuffle, int drop_last,
                   uint64_t seed) {
    if (!ld) return ts_fail("ts_loader_init: ld is NULL");
    memset(ld, 0, sizeof *ld);
    if (!ds || ds->n <= 0 || !ds->images || !ds->labels)
        return ts_fail("loader: the data set is empty (load it first)");
    if (ds->c <= 0 || ds->h <= 0 || ds->w <= 0)
        return ts_fail("loader: bad image shape (%d, %d, %d)", ds->c, ds->h, ds->w);
    if (batch_size <= 0) return ts_fail("loader: batch size must be positive, got %d", batch_size);

    ld->ds = ds;
    ld->batch_size = batch_size;
    ld->shuffle = shuffle != 0;
    ld->drop_last = drop_last != 0;
    ld->seed = seed;
    ld->c = ds->c, ld->h = ds->h, ld->w = ds->w;
    ld->mean = 0.0f; /* ToTensor alone: x = p/255 */
    ld->std = 1.0f;
    /* Every buffer is allocated here, once; ts_loader_next only fills them. A batch never
       holds more than N samples, so a batch size beyond N (full-batch training) costs N. */
    const int cap = batch_size < ds->n ? batch_size : ds->n;
    const size_t per = (size_t)ds->c * ds->h * ds->w;
    ld->order = malloc((size_t)ds->n * sizeof *ld->order);
    ld->x = malloc((size_t)cap * per * sizeof *ld->x);
    ld->y = malloc((size_t)cap * sizeof *ld->y);
    if (!ld->order || !ld->x || !ld->y) {
        ts_loader_free(ld);
        return ts_fail("loader: out of memory for a batch of %d samples of %zu pixels", cap, per);
    }
    /* Ready for epoch 0, so a caller that never calls ts_loader_start_epoch still works. */
    ts_loader_start_epoch(ld, 0);
    return TS_OK;
}

int ts_loader_normalize(ts_loader *ld, float mean, float std) {
    if (check_normalize(mean, std)) return TS_ERR;
    ld->mean = mean;
    ld->std = std;
    return TS_OK;
}

void ts_loader_free(ts_loader *ld) {
    if (!ld) return;
    ts_prefetcher_free(ld->prefetcher); /* first: its thread reads the order */
    free(ld->work);
    free(ld->order);
    free(ld->x);
    free(ld->y);
    memset(ld, 0, sizeof *ld);
}

int ts_loader_num_batches(const ts_loader *ld) {
    const int n = ld->ds->n, b = ld->batch_size;
    return ld->drop_last ? n / b : n / b + (n % b != 0); /* ⌊N/B⌋ or ⌈N/B⌉ without overflow */
}

void ts_loader_start_epoch(ts_loader *ld, int epoch) {
    const int n = ld->ds->n;
    if (ld->prefetcher) ts_prefetcher_stop(ld->prefetcher); /* it reads the order we rewrite */
    ld->epoch = epoch;
    ld->next = 0;
    /* Start from the identity each time: epoch e's permutation is then a function of
       (seed, e) alone, as with DataLoader's generator seeded per epoch. */
    for (int i = 0; i < n; i++) ld->order[i] = i;
    if (ld->shuffle) {
        ts_rng rng = ts_rng_derive(ld->seed, (uint64_t)epoch, 0);
        ts_rng_shuffle(&rng, ld->order, n);
    }
    if (ld->prefetcher) ts_prefetcher_go(ld->prefetcher, ts_loader_num_batches(ld));
}

/* ToTensor then Normalize, in float32 as torchvision computes them:
     x = (p / 255 − mean) / std
   A pixel has only 256 values, so the formula is evaluated once per value into a table
   (on the stack: no allocation) — bit-identical to evaluating it per pixel. */
static void to_tensor_normalize(const ts_loader *ld, const int *samples, int n, float *x) {
    float table[256];
    for (int p = 0; p < 256; p++) table[p] = ((float)p / 255.0f - ld->mean) / ld->std;
    const size_t per = (size_t)ld->ds->c * ld->ds->h * ld->ds->w;
    for (int i = 0; i < n; i++) {
        const uint8_t *src = ld->ds->images + (size_t)samples[i] * per;
        float *dst = x + (size_t)i * per;
        for (size_t j = 0; j < per; j++) dst[j] = table[src[j]];
    }
}

/* Each sample through the pipeline with its own generator (seed, epoch, 1 + sample index);
   stream (seed, epoch, 0) is the shuffle's. */
static int transform_samples(const ts_loader *ld, const int *samples, int n, float *x, float *work) {
    const ts_dataset *ds = ld->ds;
    const size_t in = (size_t)ds->c * ds->h * ds->w, out = (size_t)ld->c * ld->h * ld->w;
    for (int i = 0; i < n; i++) {
        ts_rng rng = ts_rng_derive(ld->seed, (uint64_t)ld->epoch, 1 + (uint64_t)samples[i]);
        if (ts_transform_plan_apply(&ld->plan, ds->images + (size_t)samples[i] * in, &rng, work, x + (size_t)i * out))
            return TS_ERR;
    }
    return TS_OK;
}

/* Batch `b` of the current epoch into x, y: its sample count, or TS_ERR. */
static int fill_batch(const ts_loader *ld, int b, float *x, int *y, float *work) {
    const int first = b * ld->batch_size, left = ld->ds->n - first;
    const int n = left < ld->batch_size ? left : ld->batch_size;
    const int *samples = ld->order + first;
    if (ld->plan.transform) {
        if (transform_samples(ld, samples, n, x, work) != TS_OK) return TS_ERR;
    } else {
        /* mean and std are public fields; one bad assignment must not fill a batch with inf. */
        if (check_normalize(ld->mean, ld->std)) return TS_ERR;
        to_tensor_normalize(ld, samples, n, x);
    }
    for (int i = 0; i < n; i++) y[i] = ld->ds->labels[samples[i]];
    return n;
}

static int fill_on_worker(void *ld, int b, float *x, int *y, float *work) { return fill_batch(ld, b, x, y, work); }

int ts_loader_next(ts_loader *ld, const float **x, const int **y) {
    const int left = ld->ds->n - ld->next;
    if (left <= 0 || (ld->drop_last && left < ld->batch_size)) return 0;
    const int n = ld->prefetcher ? ts_prefetcher_next(ld->prefetcher, x, y)
                                 : fill_batch(ld, ld->next / ld->batch_size, ld->x, ld->y, ld->work);
    if (n <= 0) return n;
    if (!ld->prefetcher) *x = ld->x, *y = ld->y;
    ld->next += n;
    return n;
}

int ts_loader_set_transform(ts_loader *ld, const ts_transform *t, int prefetch) {
    const ts_dataset *ds = ld->ds;
    if (!t) return ts_fail("loader: the transform is NULL");
    if (prefetch < 0) return ts_fail("loader: prefetch must be >= 0 batches, got %d", prefetch);
    ts_transform_plan plan;
    if (ts_transform_plan_init(&plan, t, ds->c, ds->h, ds->w) != TS_OK)
        return ts_fail_context("loader: transform on %d×%d×%d images: ", ds->c, ds->h, ds->w);
    /* Everything new is allocated first; the loader changes only when all of it succeeded. */
    const int cap = ld->batch_size < ds->n ? ld->batch_size : ds->n;
    const size_t x_floats = (size_t)cap * plan.oc * plan.oh * plan.ow;
    float *x = NULL, *work = NULL;
    int *y = NULL;
    ts_prefetcher *prefetcher = NULL;
    if (prefetch > 0) {
        prefetcher = ts_prefetcher_new(prefetch, x_floats, (size_t)cap, plan.work_floats, fill_on_worker, ld);
        if (!prefetcher) return TS_ERR;
    } else {
        x = malloc(x_floats * sizeof *x);
        y = malloc((size_t)cap * sizeof *y);
        work = malloc(plan.work_floats * sizeof *work);
        if (!x || !y || !work) {
            free(x);
            free(y);
            free(work);
            return ts_fail("loader: out of memory for a transformed batch of %zu floats", x_floats);
        }
    }
    ts_prefetcher_free(ld->prefetcher); /* the old one, if any: stopped before its buffers go */
    free(ld->x);
    free(ld->y);
    free(ld->work);
    ld->x = x, ld->y = y, ld->work = work, ld->prefetcher = prefetcher;
    ld->plan = plan;
    ld->c = plan.oc, ld->h = plan.oh, ld->w = plan.ow;
    ts_loader_start_epoch(ld, ld->epoch);
    return TS_OK;
}
