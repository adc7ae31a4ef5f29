/* The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 *   bytes 0–1  zero
 *   byte  2    element type (0x08 = unsigned byte; the only type these data sets use)
 *   byte  3    number of dimensions d
 *   then d big-endian uint32 sizes, then the data, row-major.
 * Files may be gzip'd (.gz) or raw; zlib reads both through the same calls.
 *
 * Every fault is an error naming the file and the fault — missing file, wrong magic,
 * unsupported type, wrong rank, truncated data, trailing bytes after the data — never a
 * crash or a silent short read. */
#ifndef TS_IDX_H
#define TS_IDX_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int ndim;
    int dims[4];
    uint8_t *data;  /* dims[0]·…·dims[ndim−1] bytes, owned */
    size_t size;    /* number of bytes in data */
} ts_idx;

/* Reads `path` and checks it has `expected_ndim` dimensions. TS_OK or TS_ERR + message. */
int ts_idx_read(const char *path, int expected_ndim, ts_idx *out);
void ts_idx_free(ts_idx *idx);

#endif
