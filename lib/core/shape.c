#include "shape.h"

#include <stdio.h>

ts_shape ts_shape_chw(int c, int h, int w) { return (ts_shape){c, h, w}; }
ts_shape ts_shape_vec(int d) { return (ts_shape){d, 1, 1}; }
size_t ts_shape_numel(ts_shape s) { return (size_t)s.c * (size_t)s.h * (size_t)s.w; }

void ts_shape_format(ts_shape s, char *buf, size_t len) {
    if (s.h == 1 && s.w == 1)
        snprintf(buf, len, "(%d)", s.c);
    else
        snprintf(buf, len, "(%d, %d, %d)", s.c, s.h, s.w);
}
