/* Resize of a tensor image (torchvision.transforms.functional.resize → F.interpolate), in
 * float32 as PyTorch's CPU kernels (aten/src/ATen/native/UpSample.h) compute it:
 *
 * bilinear, align_corners=False, no antialiasing (the 0.14 tensor default): with
 *   scale = in/out (float), the source coordinate of output pixel d is
 *   s = max(scale·(d + 0.5) − 0.5, 0) (in double, PyTorch's CPU accumulate type),
 *   i0 = ⌊s⌋, i1 = min(i0 + 1, in − 1), λ = s − i0 (rounded to float), and
 *   out = (1−λy)·[(1−λx)·x00 + λx·x01] + λy·[(1−λx)·x10 + λx·x11]   (width first, as PyTorch)
 * nearest (PyTorch's legacy 'nearest', not 'nearest-exact'): src = min(⌊d·scale⌋, in − 1),
 *   with out = 2·in special-cased to d/2.
 * An axis whose size does not change is copied. uint8 images are rounded half to even at the
 * end (torchvision's _cast_squeeze_out: torch.round, then the cast). */
#include <math.h>
#include <string.h>

#include "../core/error.h"
#include "functional.h"

void ts_resize_output_size(int h, int w, int size_h, int size_w, int *oh, int *ow) {
    if (size_w > 0) {
        *oh = size_h, *ow = size_w;
        return;
    }
    /* torchvision: new_short = size, new_long = int(size · long / short) (floor, positive) */
    const int shorter = w <= h ? w : h, longer = w <= h ? h : w;
    const int new_long = (int)((long long)size_h * longer / shorter);
    if (w <= h) *ow = size_h, *oh = new_long;
    else *oh = size_h, *ow = new_long;
}

/* One axis of bilinear interpolation: source indices and weights of output index d. */
static void linear_source(int d, int in, int out, int *i0, int *i1, float *l0, float *l1) {
    if (in == out) {
        *i0 = *i1 = d, *l0 = 1.0f, *l1 = 0.0f;
        return;
    }
    const float scale = (float)in / (float)out;
    double s = (double)scale * (d + 0.5) - 0.5; /* PyTorch: in acc_type<float> = double on CPU */
    if (s < 0.0) s = 0.0;
    *i0 = (int)s;
    *i1 = *i0 + (*i0 < in - 1 ? 1 : 0);
    *l1 = (float)(s - *i0);
    *l0 = 1.0f - *l1;
}

static int nearest_source(int d, int in, int out) {
    if (in == out) return d;
    if (out == 2 * in) return d >> 1;
    const float scale = (float)in / (float)out;
    const int s = (int)floorf((float)d * scale);
    return s < in - 1 ? s : in - 1;
}

int ts_resize(ts_image *out, const ts_image *in, int oh, int ow, ts_interpolation mode) {
    if (oh <= 0 || ow <= 0) return ts_fail("resize: output size must be positive, got (%d, %d)", oh, ow);
    out->c = in->c, out->h = oh, out->w = ow, out->is_float = in->is_float;
    if (oh == in->h && ow == in->w) {
        memcpy(out->data, in->data, sizeof(float) * (size_t)in->c * oh * ow);
        return TS_OK;
    }
    for (int ch = 0; ch < in->c; ch++) {
        const float *src = in->data + (size_t)ch * in->h * in->w;
        float *dst = out->data + (size_t)ch * oh * ow;
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                float v;
                if (mode == TS_INTERP_NEAREST) {
                    v = src[nearest_source(y, in->h, oh) * in->w + nearest_source(x, in->w, ow)];
                } else {
                    int y0, y1, x0, x1;
                    float wy0, wy1, wx0, wx1;
                    linear_source(y, in->h, oh, &y0, &y1, &wy0, &wy1);
                    linear_source(x, in->w, ow, &x0, &x1, &wx0, &wx1);
                    const float top = src[y0 * in->w + x0] * wx0 + src[y0 * in->w + x1] * wx1;
                    const float bottom = src[y1 * in->w + x0] * wx0 + src[y1 * in->w + x1] * wx1;
                    v = top * wy0 + bottom * wy1;
                }
                dst[y * ow + x] = in->is_float ? v : rintf(v);
            }
    }
    return TS_OK;
}
