/* Shapes. Tensors are float32, NCHW, row-major; the batch size N is a run-time
 * argument, so a layer's shapes are per sample. A flat vector of D features is stored as
 * (D, 1, 1) but keeps its rank: PyTorch's (N, D) and (N, C, 1, 1) are different inputs to
 * BatchNorm2d (the first an error, the second valid). */
#ifndef TS_SHAPE_H
#define TS_SHAPE_H

#include <stddef.h>

typedef struct {
    int c, h, w;
    int ndim; /* per sample: 1 for a flat vector (ts_shape_vec), 3 for (C, H, W) (ts_shape_chw) */
} ts_shape;

ts_shape ts_shape_chw(int c, int h, int w);
ts_shape ts_shape_vec(int d);
size_t ts_shape_numel(ts_shape s);
/* "(16, 28, 28)", "(16, 1, 1)" or, for a vector, "(100)" */
void ts_shape_format(ts_shape s, char *buf, size_t len);

/* torch.Tensor.view's size arithmetic (infer_size in ATen): the new sizes sizes[0..ndim) of
 * a tensor of numel elements, at most one of them −1, which is filled in. TS_ERR with
 * PyTorch's words ("shape '[64, -1]' is invalid for input of size 1000") when the sizes
 * cannot hold exactly numel elements. Nothing checks that the first size is still the batch:
 * the seed's out.view(batch_size, -1) on a short last batch succeeds whenever the numbers
 * divide, and moves samples' features into other rows (lesson 2 shows where it fails). */
int ts_view_sizes(size_t numel, int ndim, int *sizes);

#endif
