#include "dataset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/error.h"
#include "idx.h"

/* MNIST and Fashion-MNIST both have ten classes, labels 0..9. */
#define TS_DATASET_CLASSES 10

const char *ts_data_dir(const char *dir) {
    if (dir && *dir) return dir;
    const char *env = getenv("TRAINSKILL_DATA");
    if (env && *env) return env;
    return TS_DEFAULT_DATA_DIR;
}

/* Picks "<dir>/<split>-<kind>.gz", else the raw "<dir>/<split>-<kind>" (as unpacked by
   `gunzip`), into path. When neither exists, fails naming both. Any other stat() error
   (permissions, say) selects the .gz name, so that ts_idx_read reports the real fault. */
static int find_file(char *path, size_t len, const char *dir, const char *split, const char *kind) {
    struct stat st;
    if (snprintf(path, len, "%s/%s-%s.gz", dir, split, kind) >= (int)len)
        return ts_fail("%s/%s-%s.gz: path too long", dir, split, kind);
    if (stat(path, &st) == 0 || errno != ENOENT) return TS_OK;
    const int saved = errno;
    char raw[4096];
    snprintf(raw, sizeof raw, "%s/%s-%s", dir, split, kind); /* shorter than path: fits */
    if (stat(raw, &st) == 0 || errno != ENOENT) {
        memcpy(path, raw, strlen(raw) + 1);
        return TS_OK;
    }
    return ts_fail("%s: %s (also tried %s)", path, strerror(saved), raw);
}

int ts_dataset_load(ts_dataset *ds, const char *dir, const char *split) {
    if (!ds) return ts_fail("ts_dataset_load: ds is NULL");
    memset(ds, 0, sizeof *ds);
    if (!split || !*split) return ts_fail("ts_dataset_load: split must be named (\"train\" or \"t10k\")");
    dir = ts_data_dir(dir);

    char img_path[4096], lab_path[4096];
    if (find_file(img_path, sizeof img_path, dir, split, "images-idx3-ubyte")) return TS_ERR;
    if (find_file(lab_path, sizeof lab_path, dir, split, "labels-idx1-ubyte")) return TS_ERR;

    ts_idx img, lab;
    if (ts_idx_read(img_path, 3, &img)) return TS_ERR;
    if (ts_idx_read(lab_path, 1, &lab)) {
        ts_idx_free(&img);
        return TS_ERR;
    }
    /* Sample i of the images goes with label i, so the counts must agree exactly. */
    if (img.dims[0] != lab.dims[0]) {
        ts_fail("%s: count mismatch: %d images (in %s) but %d labels", lab_path, img.dims[0],
                img_path, lab.dims[0]);
        goto fail;
    }
    int *labels = malloc(lab.size * sizeof *labels);
    if (!labels) {
        ts_fail("%s: out of memory for %zu labels", lab_path, lab.size);
        goto fail;
    }
    for (size_t i = 0; i < lab.size; i++) {
        if (lab.data[i] >= TS_DATASET_CLASSES) {
            ts_fail("%s: label out of range: label[%zu] = %d, expected 0..%d", lab_path, i,
                    lab.data[i], TS_DATASET_CLASSES - 1);
            free(labels);
            goto fail;
        }
        labels[i] = lab.data[i];
    }
    /* IDX images are (N, H, W) grey levels; the library's tensors are NCHW, so C = 1.
       The pixel buffer is taken over as is: same bytes, same order. */
    ds->n = img.dims[0];
    ds->c = 1;
    ds->h = img.dims[1];
    ds->w = img.dims[2];
    ds->classes = TS_DATASET_CLASSES;
    ds->images = img.data;
    ds->labels = labels;
    ts_idx_free(&lab);
    return TS_OK;

fail:
    ts_idx_free(&img);
    ts_idx_free(&lab);
    return TS_ERR;
}

void ts_dataset_free(ts_dataset *ds) {
    if (!ds) return;
    free(ds->images);
    free(ds->labels);
    memset(ds, 0, sizeof *ds);
}

int ts_dataset_slice(ts_dataset *dst, const ts_dataset *src, int first, int count) {
    if (!dst || !src) return ts_fail("ts_dataset_slice: NULL data set");
    if (!src->images || !src->labels || src->n <= 0) return ts_fail("ts_dataset_slice: empty source data set");
    /* count <= n − first rather than first + count <= n: the sum could overflow. */
    if (first < 0 || count <= 0 || first > src->n || count > src->n - first)
        return ts_fail("slice [%d, %d+%d) out of range: the data set has %d samples", first, first,
                       count, src->n);
    const size_t per = (size_t)src->c * src->h * src->w;
    /* Built aside and assigned at the end, so dst may be src (the slice replaces it). */
    ts_dataset out = *src;
    out.n = count;
    out.images = malloc((size_t)count * per);
    out.labels = malloc((size_t)count * sizeof *out.labels);
    if (!out.images || !out.labels) {
        free(out.images);
        free(out.labels);
        return ts_fail("slice of %d samples: out of memory", count);
    }
    memcpy(out.images, src->images + (size_t)first * per, (size_t)count * per);
    memcpy(out.labels, src->labels + first, (size_t)count * sizeof *out.labels);
    if (dst == src) ts_dataset_free(dst);
    *dst = out;
    return TS_OK;
}
