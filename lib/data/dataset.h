/* An image-classification data set in memory: the IDX pair <split>-images-idx3-ubyte and
 * <split>-labels-idx1-ubyte of MNIST-style data sets (.gz or raw), checked for
 * consistency: image and label counts match, labels are in [0, classes).
 *
 * The data directory is, in order: the `dir` argument, $TRAINSKILL_DATA, then
 * /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist package). */
#ifndef TS_DATASET_H
#define TS_DATASET_H

#include <stdint.h>

#define TS_DEFAULT_DATA_DIR "/usr/share/datasets/fashion-mnist"

typedef struct {
    int n, c, h, w;     /* images (N, C, H, W) */
    int classes;        /* 10 */
    uint8_t *images;    /* N·C·H·W pixels, owned */
    int *labels;        /* N, owned */
} ts_dataset;

/* The directory to read from: dir if not NULL/empty, else $TRAINSKILL_DATA, else the default. */
const char *ts_data_dir(const char *dir);

/* split is "train" or "t10k". TS_OK or TS_ERR + message naming the file and the fault
 * (on failure *ds is left empty, so ts_dataset_free is safe either way). */
int ts_dataset_load(ts_dataset *ds, const char *dir, const char *split);
void ts_dataset_free(ts_dataset *ds);

/* A copy of samples [first, first + count) (owned by dst). */
int ts_dataset_slice(ts_dataset *dst, const ts_dataset *src, int first, int count);

#endif
