#include "shape.h"

#include <stdio.h>

#include "error.h"

ts_shape ts_shape_chw(int c, int h, int w) { return (ts_shape){c, h, w, 3}; }
ts_shape ts_shape_vec(int d) { return (ts_shape){d, 1, 1, 1}; }
size_t ts_shape_numel(ts_shape s) { return (size_t)s.c * (size_t)s.h * (size_t)s.w; }

void ts_shape_format(ts_shape s, char *buf, size_t len) {
    if (s.ndim == 1)
        snprintf(buf, len, "(%d)", s.c);
    else
        snprintf(buf, len, "(%d, %d, %d)", s.c, s.h, s.w);
}

int ts_view_sizes(size_t numel, int ndim, int *sizes) {
    size_t known = 1;
    int infer = -1, bad = 0;
    for (int d = 0; d < ndim; d++) {
        if (sizes[d] == -1 && infer < 0) infer = d;
        else if (sizes[d] < 0) bad = 1; /* a second −1, or another negative size */
        else known *= (size_t)sizes[d];
    }
    if (!bad && infer >= 0 && known > 0 && numel % known == 0) {
        sizes[infer] = (int)(numel / known);
        return TS_OK;
    }
    if (!bad && infer < 0 && known == numel) return TS_OK;
    char text[128] = "";
    for (int d = 0, w = 0; d < ndim && w < (int)sizeof text; d++)
        w += snprintf(text + w, sizeof text - (size_t)w, "%s%d", d ? ", " : "", sizes[d]);
    return ts_fail("shape '[%s]' is invalid for input of size %zu", text, numel);
}
