/* Shapes. Tensors are float32, NCHW, row-major; the batch size N is a run-time
 * argument, so a layer's shapes are per sample. A flat vector of D features is (D, 1, 1). */
#ifndef TS_SHAPE_H
#define TS_SHAPE_H

#include <stddef.h>

typedef struct {
    int c, h, w;
} ts_shape;

ts_shape ts_shape_chw(int c, int h, int w);
ts_shape ts_shape_vec(int d);
size_t ts_shape_numel(ts_shape s);
/* "(16, 28, 28)" or "(100)" */
void ts_shape_format(ts_shape s, char *buf, size_t len);

#endif
