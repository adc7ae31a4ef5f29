#include "transform_compare.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"

/* The comparison of two parsed pipelines. */
static int compare(const ts_transform *a, const ts_transform *b, const ts_dataset *ds, int n, uint64_t seed,
                   ts_transform_difference *d) {
    *d = (ts_transform_difference){0};
    int shape_a[3], shape_b[3];
    if (ts_transform_out_shape(a, ds->c, ds->h, ds->w, &shape_a[0], &shape_a[1], &shape_a[2]) ||
        ts_transform_out_shape(b, ds->c, ds->h, ds->w, &shape_b[0], &shape_b[1], &shape_b[2]))
        return TS_ERR;
    if (shape_a[0] != shape_b[0] || shape_a[1] != shape_b[1] || shape_a[2] != shape_b[2])
        return ts_fail("transform compare: %s gives %dx%dx%d, %s gives %dx%dx%d", ts_transform_describe(a), shape_a[0],
                       shape_a[1], shape_a[2], ts_transform_describe(b), shape_b[0], shape_b[1], shape_b[2]);
    const size_t out_floats = (size_t)shape_a[0] * shape_a[1] * shape_a[2];
    const size_t work_a = ts_transform_work_floats(a, ds->c, ds->h, ds->w);
    const size_t work_b = ts_transform_work_floats(b, ds->c, ds->h, ds->w);
    float *ya = malloc(sizeof(float) * (2 * out_floats + (work_a > work_b ? work_a : work_b)));
    if (!ya) return ts_fail("transform compare: out of memory");
    float *yb = ya + out_floats, *work = yb + out_floats;
    const size_t per_image = (size_t)ds->c * ds->h * ds->w;
    if (n > ds->n) n = ds->n;
    long changed = 0;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const uint8_t *pixels = ds->images + (size_t)i * per_image;
        ts_rng ra = ts_rng_derive(seed, 0, (uint64_t)i), rb = ra;
        if (ts_transform_apply(a, pixels, ds->c, ds->h, ds->w, &ra, work, ya) ||
            ts_transform_apply(b, pixels, ds->c, ds->h, ds->w, &rb, work, yb)) {
            free(ya);
            return TS_ERR;
        }
        for (size_t k = 0; k < out_floats; k++) {
            const double diff = (double)yb[k] - ya[k];
            changed += diff != 0.0;
            sum += diff;
            if (fabs(diff) > d->max_abs) d->max_abs = fabs(diff);
        }
    }
    free(ya);
    d->values = (long)n * (long)out_floats;
    d->changed = d->values ? (double)changed / d->values : 0.0;
    d->mean = d->values ? sum / d->values : 0.0;
    return TS_OK;
}

int ts_transform_compare(const char *spec_a, const char *spec_b, const ts_dataset *ds, int n, uint64_t seed,
                         ts_transform_difference *d) {
    ts_transform *a = ts_transform_parse(spec_a), *b = a ? ts_transform_parse(spec_b) : NULL;
    const int status = b ? compare(a, b, ds, n, seed, d) : TS_ERR;
    ts_transform_free(a);
    ts_transform_free(b);
    return status;
}
