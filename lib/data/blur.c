/* Gaussian blur (torchvision.transforms.functional_tensor.gaussian_blur).
 *
 *   g_σ(x) = exp(−½ (x/σ)²) / Σ_x exp(−½ (x/σ)²),   x = −(k−1)/2 … (k−1)/2   (float32)
 *   out[y][x] = Σ_{u,v} g_σy(u) · g_σx(v) · in_reflect[y + u][x + v]
 *
 * torchvision convolves with the 2-D outer-product kernel (a depthwise conv2d) over the image
 * reflect-padded by k/2 on each side; so do we, with the products g_σy(u)·g_σx(v) rounded to
 * float32 as its torch.mm does. The sum is accumulated in double: PyTorch's convolution sums
 * in float32 in an order of its own, and either is within a few float32 ulps of the exact sum.
 * uint8 images are rounded half to even after the convolution. */
#include <math.h>

#include "../core/error.h"
#include "functional.h"

enum { MAX_KERNEL = TS_BLUR_MAX_KERNEL };

/* Fills g[0..k) with the normalised 1-D kernel. */
static void gaussian_kernel1d(float *g, int k, float sigma) {
    const float half = (float)(k - 1) * 0.5f;
    float sum = 0.0f;
    for (int i = 0; i < k; i++) {
        const float x = (-half + (float)i) / sigma;
        g[i] = expf(-0.5f * (x * x));
        sum += g[i];
    }
    for (int i = 0; i < k; i++) g[i] /= sum;
}

int ts_gaussian_blur(ts_image *out, const ts_image *in, int kx, int ky, float sigma_x, float sigma_y) {
    if (kx <= 0 || ky <= 0 || kx % 2 == 0 || ky % 2 == 0 || kx > MAX_KERNEL || ky > MAX_KERNEL)
        return ts_fail("gaussian_blur: kernel size must be odd and in 1..%d, got (%d, %d)", MAX_KERNEL, kx, ky);
    if (!(sigma_x > 0.0f) || !(sigma_y > 0.0f))
        return ts_fail("gaussian_blur: sigma must be positive, got (%g, %g)", sigma_x, sigma_y);
    if (kx / 2 >= in->w || ky / 2 >= in->h)
        return ts_fail("gaussian_blur: kernel (%d, %d) needs reflect padding (%d, %d) smaller than the %dx%d image",
                       kx, ky, kx / 2, ky / 2, in->h, in->w);
    float gx[MAX_KERNEL], gy[MAX_KERNEL];
    gaussian_kernel1d(gx, kx, sigma_x);
    gaussian_kernel1d(gy, ky, sigma_y);
    out->c = in->c, out->h = in->h, out->w = in->w, out->is_float = in->is_float;
    for (int ch = 0; ch < in->c; ch++) {
        const float *src = in->data + (size_t)ch * in->h * in->w;
        float *dst = out->data + (size_t)ch * in->h * in->w;
        for (int y = 0; y < in->h; y++)
            for (int x = 0; x < in->w; x++) {
                double acc = 0.0;
                for (int u = 0; u < ky; u++) {
                    const int sy = ts_pad_source_index(y + u, in->h, ky / 2, TS_PAD_REFLECT);
                    for (int v = 0; v < kx; v++) {
                        const int sx = ts_pad_source_index(x + v, in->w, kx / 2, TS_PAD_REFLECT);
                        acc += (double)(gy[u] * gx[v]) * src[sy * in->w + sx];
                    }
                }
                dst[y * in->w + x] = in->is_float ? (float)acc : rintf((float)acc);
            }
    }
    return TS_OK;
}
