/* Padding (torchvision.transforms.functional.pad) in its four modes. Each mode is a map from a
 * padded coordinate to a source coordinate, applied to rows and columns independently:
 *   constant   outside → the fill value
 *   edge       clamp to [0, n−1]                      (torch 'replicate')
 *   reflect    −x, 2(n−1) − x: mirror about the border pixel, which is not repeated
 *   symmetric  −x−1, 2n−1 − x: mirror about the border itself, which is repeated
 * e.g. [1,2,3,4] padded by 2: reflect 3 2 1 2 3 4 3 2, symmetric 2 1 1 2 3 4 4 3.
 * Index arithmetic only, so equal to torchvision's exactly. */
#include <math.h>
#include <stddef.h>

#include "../core/error.h"
#include "functional.h"

int ts_pad_source_index(int x, int n, int before, ts_padding_mode mode) {
    int i = x - before;
    if (i >= 0 && i < n) return i;
    switch (mode) {
    case TS_PAD_CONSTANT: return -1;
    case TS_PAD_EDGE: return i < 0 ? 0 : n - 1;
    case TS_PAD_REFLECT: return i < 0 ? -i : 2 * (n - 1) - i;
    case TS_PAD_SYMMETRIC: return i < 0 ? -i - 1 : 2 * n - 1 - i;
    }
    return -1;
}

const char *ts_padding_mode_name(ts_padding_mode mode) {
    static const char *names[] = {"constant", "edge", "reflect", "symmetric"};
    return mode >= TS_PAD_CONSTANT && mode <= TS_PAD_SYMMETRIC ? names[mode] : NULL;
}

/* The largest padding a mode can mirror from n pixels (see ts_pad in functional.h). */
static int max_padding(int n, ts_padding_mode mode) {
    return mode == TS_PAD_REFLECT ? n - 1 : mode == TS_PAD_SYMMETRIC ? n : 1 << 30;
}

int ts_pad_check(int h, int w, const int padding[4], ts_padding_mode mode) {
    const int left = padding[0], top = padding[1], right = padding[2], bottom = padding[3];
    if (left < 0 || top < 0 || right < 0 || bottom < 0)
        return ts_fail("pad: padding must be >= 0, got (%d, %d, %d, %d)", left, top, right, bottom);
    const int lim_w = max_padding(w, mode), lim_h = max_padding(h, mode);
    if (left > lim_w || right > lim_w || top > lim_h || bottom > lim_h)
        return ts_fail("pad: %s padding (%d, %d, %d, %d) too large for a %dx%d image (at most %d across, %d down)",
                       ts_padding_mode_name(mode), left, top, right, bottom, h, w, lim_w, lim_h);
    return TS_OK;
}

int ts_pad(ts_image *out, const ts_image *in, const int padding[4], float fill, ts_padding_mode mode) {
    if (ts_pad_check(in->h, in->w, padding, mode)) return TS_ERR;
    const int left = padding[0], top = padding[1], right = padding[2], bottom = padding[3];
    const int oh = in->h + top + bottom, ow = in->w + left + right;
    if (!in->is_float) fill = truncf(fill); /* torch casts the fill to the uint8 tensor's dtype */
    out->c = in->c, out->h = oh, out->w = ow, out->is_float = in->is_float;
    for (int ch = 0; ch < in->c; ch++)
        for (int y = 0; y < oh; y++) {
            const int sy = ts_pad_source_index(y, in->h, top, mode);
            float *dst = out->data + ((size_t)ch * oh + y) * ow;
            for (int x = 0; x < ow; x++) {
                const int sx = ts_pad_source_index(x, in->w, left, mode);
                dst[x] = sy < 0 || sx < 0 ? fill : in->data[((size_t)ch * in->h + sy) * in->w + sx];
            }
        }
    return TS_OK;
}
