/* PLACEHOLDER — replaced by the transforms branch (same API). */
#ifndef TS_TRANSFORM_H
#define TS_TRANSFORM_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rng.h"

typedef struct {
    int c, h, w;
    int is_float;
    float *data;
} ts_image;

typedef struct ts_transform ts_transform;

ts_transform *ts_transform_parse(const char *spec);
void ts_transform_free(ts_transform *t);
int ts_transform_out_shape(const ts_transform *t, int c, int h, int w, int *oc, int *oh, int *ow);
size_t ts_transform_work_floats(const ts_transform *t, int c, int h, int w);
int ts_transform_apply(const ts_transform *t, const uint8_t *pixels, int c, int h, int w, ts_rng *rng, float *work,
                       float *out);
int ts_transform_outputs_float(const ts_transform *t);

#endif
