/* Colour transforms (torchvision.transforms.functional_tensor: rgb_to_grayscale, _blend,
 * adjust_brightness/contrast/saturation/hue, _rgb2hsv, _hsv2rgb), computed in float32 in
 * torchvision's order of operations, so that the cast back to uint8 — a truncation, not a
 * rounding, in every one of these — lands on the same integer. (C11 mode compiles without
 * floating-point contraction, so a·b + c is two roundings here as in PyTorch's kernels.) */
#include <math.h>

#include "../core/error.h"
#include "functional.h"

/* The uint8 cast of a value already within [0, 255]: truncation toward zero. */
static float to_dtype(float v, int is_float) { return is_float ? v : truncf(v); }

static int check_channels(const ts_image *in, const char *what) {
    if (in->c != 1 && in->c != 3)
        return ts_fail("%s: the image must have 1 or 3 channels, got %d", what, in->c);
    return TS_OK;
}

/* L = 0.2989 R + 0.587 G + 0.114 B (ITU-R 601-2 luma, as TensorFlow and torchvision). */
static float luma(float r, float g, float b, int is_float) {
    return to_dtype(0.2989f * r + 0.587f * g + 0.114f * b, is_float);
}

int ts_rgb_to_grayscale(ts_image *out, const ts_image *in, int num_output_channels) {
    if (check_channels(in, "rgb_to_grayscale")) return TS_ERR;
    if (num_output_channels != 1 && num_output_channels != 3)
        return ts_fail("rgb_to_grayscale: num_output_channels must be 1 or 3, got %d", num_output_channels);
    const size_t hw = (size_t)in->h * in->w;
    const int oc = in->c == 1 ? 1 : num_output_channels;
    for (size_t i = 0; i < hw; i++) {
        const float l = in->c == 1 ? in->data[i] : luma(in->data[i], in->data[hw + i], in->data[2 * hw + i], in->is_float);
        for (int ch = 0; ch < oc; ch++) out->data[ch * hw + i] = l;
    }
    out->c = oc, out->h = in->h, out->w = in->w, out->is_float = in->is_float;
    return TS_OK;
}

/* _blend: clamp(ratio·img + (1 − ratio)·other, 0, bound), cast. (1 − ratio) is computed in
   double, as Python does before PyTorch multiplies a float32 tensor by it. */
static float blend(float img, float other, float ratio, int is_float) {
    const float v = ratio * img + (float)(1.0 - (double)ratio) * other;
    const float bound = is_float ? 1.0f : 255.0f;
    return to_dtype(v < 0.0f ? 0.0f : v > bound ? bound : v, is_float);
}

static void same_shape(ts_image *out, const ts_image *in) {
    out->c = in->c, out->h = in->h, out->w = in->w, out->is_float = in->is_float;
}

int ts_adjust_brightness(ts_image *out, const ts_image *in, float factor) {
    if (check_channels(in, "adjust_brightness")) return TS_ERR;
    if (!(factor >= 0.0f)) return ts_fail("adjust_brightness: factor must be >= 0, got %g", factor);
    const size_t n = (size_t)in->c * in->h * in->w;
    for (size_t i = 0; i < n; i++) out->data[i] = blend(in->data[i], 0.0f, factor, in->is_float);
    same_shape(out, in);
    return TS_OK;
}

int ts_adjust_contrast(ts_image *out, const ts_image *in, float factor) {
    if (check_channels(in, "adjust_contrast")) return TS_ERR;
    if (!(factor >= 0.0f)) return ts_fail("adjust_contrast: factor must be >= 0, got %g", factor);
    /* The mean of the grayscale image (of a uint8 image: of its uint8 grayscale), summed in
       double: PyTorch's float32 mean is a pairwise sum, closer to the exact value than a
       naive float loop would be. */
    const size_t hw = (size_t)in->h * in->w;
    double sum = 0.0;
    for (size_t i = 0; i < hw; i++)
        sum += in->c == 1 ? in->data[i] : luma(in->data[i], in->data[hw + i], in->data[2 * hw + i], in->is_float);
    const float mean = (float)(sum / (double)hw);
    for (size_t i = 0; i < (size_t)in->c * hw; i++) out->data[i] = blend(in->data[i], mean, factor, in->is_float);
    same_shape(out, in);
    return TS_OK;
}

int ts_adjust_saturation(ts_image *out, const ts_image *in, float factor) {
    if (check_channels(in, "adjust_saturation")) return TS_ERR;
    if (!(factor >= 0.0f)) return ts_fail("adjust_saturation: factor must be >= 0, got %g", factor);
    const size_t hw = (size_t)in->h * in->w;
    for (size_t i = 0; i < hw; i++) {
        if (in->c == 1) { /* torchvision matches PIL: saturation of a gray image is itself */
            out->data[i] = in->data[i];
            continue;
        }
        const float l = luma(in->data[i], in->data[hw + i], in->data[2 * hw + i], in->is_float);
        for (int ch = 0; ch < 3; ch++) out->data[ch * hw + i] = blend(in->data[ch * hw + i], l, factor, in->is_float);
    }
    same_shape(out, in);
    return TS_OK;
}

/* _rgb2hsv (after Pillow's Convert.c): v = max, s = (max − min)/max, and h from whichever
   channel holds the maximum (R first, then G), as a fraction of a turn in [0, 1). */
static void rgb_to_hsv(float r, float g, float b, float *h, float *s, float *v) {
    const float maxc = fmaxf(r, fmaxf(g, b)), minc = fminf(r, fminf(g, b));
    const int eqc = maxc == minc;
    const float cr = maxc - minc;
    *s = cr / (eqc ? 1.0f : maxc);
    const float div = eqc ? 1.0f : cr;
    const float rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
    float hue;
    if (maxc == r) hue = bc - gc;
    else if (maxc == g) hue = 2.0f + rc - bc;
    else hue = 4.0f + gc - rc;
    *h = fmodf(hue / 6.0f + 1.0f, 1.0f);
    *v = maxc;
}

/* _hsv2rgb: sector i = ⌊6h⌋ mod 6, f = 6h − ⌊6h⌋, and the classic p, q, t (each clamped). */
static void hsv_to_rgb(float h, float s, float v, float rgb[3]) {
    const float fi = floorf(h * 6.0f);
    const float f = h * 6.0f - fi;
    const float p = fminf(fmaxf(v * (1.0f - s), 0.0f), 1.0f);
    const float q = fminf(fmaxf(v * (1.0f - s * f), 0.0f), 1.0f);
    const float t = fminf(fmaxf(v * (1.0f - s * (1.0f - f)), 0.0f), 1.0f);
    int i = (int)fi % 6;
    if (i < 0) i += 6;
    const float table[6][3] = {{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}};
    for (int k = 0; k < 3; k++) rgb[k] = table[i][k];
}

int ts_adjust_hue(ts_image *out, const ts_image *in, float factor) {
    if (check_channels(in, "adjust_hue")) return TS_ERR;
    if (!(factor >= -0.5f && factor <= 0.5f)) return ts_fail("adjust_hue: factor must be in [-0.5, 0.5], got %g", factor);
    const size_t hw = (size_t)in->h * in->w;
    for (size_t i = 0; i < hw; i++) {
        if (in->c == 1) { /* as PIL: a gray image has no hue */
            out->data[i] = in->data[i];
            continue;
        }
        float rgb[3], h, s, v;
        for (int ch = 0; ch < 3; ch++) rgb[ch] = in->is_float ? in->data[ch * hw + i] : in->data[ch * hw + i] / 255.0f;
        rgb_to_hsv(rgb[0], rgb[1], rgb[2], &h, &s, &v);
        h = fmodf(h + factor, 1.0f); /* torch's % on floats: the remainder with the divisor's sign */
        if (h < 0.0f) h += 1.0f;
        hsv_to_rgb(h, s, v, rgb);
        for (int ch = 0; ch < 3; ch++) out->data[ch * hw + i] = in->is_float ? rgb[ch] : truncf(rgb[ch] * 255.0f);
    }
    same_shape(out, in);
    return TS_OK;
}
