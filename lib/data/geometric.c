/* Crops and flips (torchvision.transforms.functional.crop, center_crop, hflip, vflip): pure
 * index arithmetic, so the results equal torchvision's exactly on both kinds of image. */
#include <math.h>

#include "../core/error.h"
#include "functional.h"

static void set_shape(ts_image *out, const ts_image *in, int c, int h, int w) {
    out->c = c, out->h = h, out->w = w, out->is_float = in->is_float;
}

/* out[ch][y][x] = in[ch][top + y][left + x], 0 outside the image. */
int ts_crop(ts_image *out, const ts_image *in, int top, int left, int height, int width) {
    if (height <= 0 || width <= 0) return ts_fail("crop: size must be positive, got (%d, %d)", height, width);
    set_shape(out, in, in->c, height, width);
    for (int ch = 0; ch < in->c; ch++)
        for (int y = 0; y < height; y++) {
            const int sy = top + y;
            float *dst = out->data + ((size_t)ch * height + y) * width;
            for (int x = 0; x < width; x++) {
                const int sx = left + x;
                const int inside = sy >= 0 && sy < in->h && sx >= 0 && sx < in->w;
                dst[x] = inside ? in->data[((size_t)ch * in->h + sy) * in->w + sx] : 0.0f;
            }
        }
    return TS_OK;
}

/* Offset of a centred crop of `crop` pixels from `n`: rint((n − crop)/2) — Python's round()
   is half to even, as rint is in the default rounding mode (C's round() is half away from
   zero: 2.5 → 3 where Python gives 2). A larger crop pads ⌊(crop − n)/2⌋ zeros before the
   image, which is the same as starting the crop that far before it. */
static int center_offset(int n, int crop) {
    return crop > n ? -((crop - n) / 2) : (int)rint((n - crop) / 2.0);
}

int ts_center_crop(ts_image *out, const ts_image *in, int height, int width) {
    return ts_crop(out, in, center_offset(in->h, height), center_offset(in->w, width), height, width);
}

int ts_hflip(ts_image *out, const ts_image *in) {
    set_shape(out, in, in->c, in->h, in->w);
    for (int row = 0; row < in->c * in->h; row++) {
        const float *src = in->data + (size_t)row * in->w;
        float *dst = out->data + (size_t)row * in->w;
        for (int x = 0; x < in->w; x++) dst[x] = src[in->w - 1 - x];
    }
    return TS_OK;
}

int ts_vflip(ts_image *out, const ts_image *in) {
    set_shape(out, in, in->c, in->h, in->w);
    for (int ch = 0; ch < in->c; ch++)
        for (int y = 0; y < in->h; y++) {
            const float *src = in->data + ((size_t)ch * in->h + (in->h - 1 - y)) * in->w;
            float *dst = out->data + ((size_t)ch * in->h + y) * in->w;
            for (int x = 0; x < in->w; x++) dst[x] = src[x];
        }
    return TS_OK;
}
