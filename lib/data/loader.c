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
    ld->epoch = epoch;
    ld->next = 0;
    /* Start from the identity each time: epoch e's permutation is then a function of
       (seed, e) alone, as with DataLoader's generator seeded per epoch. */
    for (int i = 0; i < n; i++) ld->order[i] = i;
    if (ld->shuffle) {
        ts_rng rng = ts_rng_derive(ld->seed, (uint64_t)epoch, 0);
        ts_rng_shuffle(&rng, ld->order, n);
    }
}

int ts_loader_next(ts_loader *ld, const float **x, const int **y) {
    const ts_dataset *ds = ld->ds;
    const int left = ds->n - ld->next;
    const int n = left < ld->batch_size ? left : ld->batch_size;
    if (n <= 0 || (ld->drop_last && n < ld->batch_size)) return 0;
    /* mean and std are public fields; one bad assignment must not fill a batch with inf. */
    if (check_normalize(ld->mean, ld->std)) return TS_ERR;

    /* ToTensor then Normalize, in float32 as torchvision computes them:
         x = (p / 255 − mean) / std
       A pixel has only 256 values, so the formula is evaluated once per value into a table
       (on the stack: no allocation) — bit-identical to evaluating it per pixel. */
    float table[256];
    for (int p = 0; p < 256; p++) table[p] = ((float)p / 255.0f - ld->mean) / ld->std;

    const size_t per = (size_t)ds->c * ds->h * ds->w;
    for (int i = 0; i < n; i++) {
        const int s = ld->order[ld->next + i];
        const uint8_t *src = ds->images + (size_t)s * per;
        float *dst = ld->x + (size_t)i * per;
        for (size_t j = 0; j < per; j++) dst[j] = table[src[j]];
        ld->y[i] = ds->labels[s];
    }
    ld->next += n;
    *x = ld->x;
    *y = ld->y;
    return n;
}
