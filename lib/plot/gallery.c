#include "gallery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../data/transform.h"

enum { MAX_COLUMNS = 32 };

/* The index of the first image of class `label` (the last image when there is none). */
static int first_of_class(const ts_dataset *ds, int label) {
    int i = 0;
    while (i < ds->n - 1 && ds->labels[i] != label) i++;
    return i;
}

int ts_chart_transform_gallery(const ts_chart *c, const ts_dataset *ds, const int *classes, int nimages, int draws,
                               const char *const *specs, const char *const *labels, int nrows) {
    const int cols = nimages * draws;
    if (nimages < 1 || draws < 1 || cols > MAX_COLUMNS || nrows < 1 || ds->c != 1)
        return ts_fail("gallery: %d images × %d draws of a %d-channel data set (at most %d columns, 1 channel)",
                       nimages, draws, ds->c, MAX_COLUMNS);
    ts_transform **t = calloc((size_t)nrows, sizeof *t);
    ts_transform_plan *plan = calloc((size_t)nrows, sizeof *plan);
    int tile = 0, status = TS_ERR;
    size_t work_floats = 1;
    float *pixels = NULL, *out = NULL, *work = NULL;
    if (!t || !plan) {
        free(t);
        free(plan);
        return ts_fail("gallery: out of memory");
    }
    for (int r = 0; r < nrows; r++) {
        if (!(t[r] = ts_transform_parse(specs[r])) || ts_transform_plan_init(&plan[r], t[r], ds->c, ds->h, ds->w))
            goto done;
        if (plan[r].oc != 1) {
            ts_fail("gallery: %s gives %d channels", specs[r], plan[r].oc);
            goto done;
        }
        if (plan[r].oh > tile) tile = plan[r].oh;
        if (plan[r].ow > tile) tile = plan[r].ow;
        if (plan[r].work_floats > work_floats) work_floats = plan[r].work_floats;
    }
    const size_t tile_px = (size_t)tile * tile, per_image = (size_t)ds->h * ds->w;
    pixels = malloc(sizeof *pixels * (size_t)nrows * cols * tile_px);
    out = malloc(sizeof *out * tile_px);
    work = malloc(sizeof *work * work_floats);
    if (!pixels || !out || !work) {
        ts_fail("gallery: out of memory");
        goto done;
    }
    for (int r = 0; r < nrows; r++)
        for (int col = 0; col < cols; col++) {
            const int sample = first_of_class(ds, classes[col / draws]);
            const int h = plan[r].oh, w = plan[r].ow;
            ts_rng rng = ts_rng_derive(1, (uint64_t)r, (uint64_t)col);
            if (ts_transform_plan_apply(&plan[r], ds->images + (size_t)sample * per_image, &rng, work, out)) goto done;
            float *dst = pixels + ((size_t)r * cols + col) * tile_px;
            for (size_t k = 0; k < tile_px; k++) dst[k] = 1.0f;
            const int top = (tile - h) / 2, left = (tile - w) / 2;
            for (int i = 0; i < h; i++) memcpy(dst + (size_t)(top + i) * tile + left, out + (size_t)i * w, sizeof *out * w);
        }
    char names[MAX_COLUMNS][16];
    const char *col_labels[MAX_COLUMNS];
    for (int col = 0; col < cols; col++) {
        snprintf(names[col], sizeof names[col], "%d%c", col / draws + 1, 'a' + col % draws);
        col_labels[col] = names[col];
    }
    status = ts_chart_images(c, nrows, cols, tile, tile, pixels, 0.0f, 1.0f, labels, col_labels, NULL);
done:
    for (int r = 0; r < nrows; r++) ts_transform_free(t[r]);
    free(t);
    free(plan);
    free(pixels);
    free(out);
    free(work);
    return status;
}
