/* Thread count for the two parallel parts: OpenBLAS (the GEMMs) and OpenMP (the
 * element-wise loops: im2col, BatchNorm, pooling, ...). Results are bit-identical for
 * a given thread count; a different count may change the last bits (GEMM blocking). */
#ifndef TS_THREADS_H
#define TS_THREADS_H

/* n >= 1; TS_ERR for a bad count. */
int ts_set_threads(int n);
int ts_get_threads(void);

#endif
