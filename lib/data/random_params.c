/* The random parameters of the random transforms, drawn as torchvision 0.14's get_params
 * methods draw them (transforms.py), from a ts_rng instead of torch's generator.
 * torch's uniform_(a, b) is a + (b − a)·u in float32; torch.randint(0, n) is uniform on
 * {0 … n−1}; torch.randperm is a uniform permutation. */
#include <math.h>

#include "transform.h"

static float uniform(ts_rng *rng, float lo, float hi) { return lo + (hi - lo) * ts_rng_uniform(rng); }

void ts_random_crop_get_params(ts_rng *rng, int h, int w, int th, int tw, int *i, int *j) {
    if (h == th && w == tw) {
        *i = *j = 0;
        return;
    }
    *i = (int)ts_rng_below(rng, (uint32_t)(h - th + 1));
    *j = (int)ts_rng_below(rng, (uint32_t)(w - tw + 1));
}

void ts_color_jitter_get_params(ts_rng *rng, const float range[4][2], const int enabled[4], int order[4],
                                float factor[4]) {
    for (int k = 0; k < 4; k++) order[k] = k;
    ts_rng_shuffle(rng, order, 4);
    for (int k = 0; k < 4; k++)
        if (enabled[k]) factor[k] = uniform(rng, range[k][0], range[k][1]);
}

float ts_gaussian_blur_get_params(ts_rng *rng, float sigma_min, float sigma_max) {
    return uniform(rng, sigma_min, sigma_max);
}

int ts_random_erasing_get_params(ts_rng *rng, int h, int w, const float scale[2], const float ratio[2], int *i,
                                 int *j, int *eh, int *ew) {
    const double area = (double)h * w;
    const float log_lo = logf(ratio[0]), log_hi = logf(ratio[1]); /* torch.log of a float32 tensor */
    for (int attempt = 0; attempt < 10; attempt++) {
        /* Python: erase_area and the box in double, from float32 draws (.item()). */
        const double erase_area = area * (double)uniform(rng, scale[0], scale[1]);
        const double aspect = (double)expf(uniform(rng, log_lo, log_hi));
        const int bh = (int)rint(sqrt(erase_area * aspect)), bw = (int)rint(sqrt(erase_area / aspect));
        if (!(bh < h && bw < w)) continue;
        *eh = bh, *ew = bw;
        *i = (int)ts_rng_below(rng, (uint32_t)(h - bh + 1));
        *j = (int)ts_rng_below(rng, (uint32_t)(w - bw + 1));
        return 1;
    }
    return 0;
}
