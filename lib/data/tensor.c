/* ToTensor, Normalize and ToPILImage (torchvision.transforms.functional.to_tensor,
 * normalize, to_pil_image):
 *   to_tensor     x / 255 for uint8 values (float32 division, as torch's .div(255))
 *   to_pil_image  a float x becomes the uint8 of x·255 truncated (pic.mul(255).byte()),
 *                 out-of-range values wrapping modulo 256 as torch's cast does
 *   normalize  (x − mean[c]) / std[c]  (a float32 subtraction then a division — not a
 *              multiplication by 1/std, which would round differently)
 * Exactly torchvision's results. */
#include <math.h>

#include "../core/error.h"
#include "functional.h"

int ts_to_tensor(ts_image *out, const ts_image *in) {
    if (in->is_float) return ts_fail("to_tensor: the image is already a float tensor (ToTensor takes uint8 pixels)");
    const size_t n = (size_t)in->c * in->h * in->w;
    for (size_t i = 0; i < n; i++) out->data[i] = in->data[i] / 255.0f;
    out->c = in->c, out->h = in->h, out->w = in->w, out->is_float = 1;
    return TS_OK;
}

int ts_normalize(ts_image *out, const ts_image *in, const float *mean, int nmean, const float *std, int nstd) {
    if (!in->is_float) return ts_fail("normalize: needs a float tensor (put Normalize after ToTensor)");
    if ((nmean != 1 && nmean != in->c) || (nstd != 1 && nstd != in->c))
        return ts_fail("normalize: %d means and %d stds for %d channels (need 1 or %d each)", nmean, nstd, in->c, in->c);
    for (int ch = 0; ch < in->c; ch++) {
        const float m = mean[nmean == 1 ? 0 : ch], s = std[nstd == 1 ? 0 : ch];
        if (s == 0.0f) return ts_fail("normalize: std is zero for channel %d", ch);
        const size_t hw = (size_t)in->h * in->w;
        for (size_t i = ch * hw; i < (ch + 1) * hw; i++) out->data[i] = (in->data[i] - m) / s;
    }
    out->c = in->c, out->h = in->h, out->w = in->w, out->is_float = 1;
    return TS_OK;
}

int ts_to_pil_image(ts_image *out, const ts_image *in) {
    const size_t n = (size_t)in->c * in->h * in->w;
    for (size_t i = 0; i < n; i++) {
        if (!in->is_float) {
            out->data[i] = in->data[i];
            continue;
        }
        /* the product in float32, then toward zero: torch's mul(255) and byte() (x86: the
           float → int conversion, then the low 8 bits: −0.5·255 → −127 → 129) */
        const float v = in->data[i] * 255.0f;
        const long k = isfinite(v) && fabsf(v) < 1e9f ? (long)v : 0;
        out->data[i] = (float)(((k % 256) + 256) % 256);
    }
    out->c = in->c, out->h = in->h, out->w = in->w, out->is_float = 0;
    return TS_OK;
}
