/* Erasing a rectangle (torchvision.transforms.functional.erase, used by RandomErasing; Zhong
 * et al. 2017, "Random Erasing Data Augmentation", arXiv:1708.04896). */
#include <math.h>

#include "../core/error.h"
#include "functional.h"

int ts_erase(ts_image *img, int i, int j, int h, int w, const float *value, int nvalue, ts_rng *rng) {
    if (i < 0 || j < 0 || h < 0 || w < 0 || i + h > img->h || j + w > img->w)
        return ts_fail("erase: box (%d, %d, %d, %d) outside the %dx%d image", i, j, h, w, img->h, img->w);
    if (value && nvalue != 1 && nvalue != img->c)
        return ts_fail("erase: %d values for %d channels (need 1 or %d)", nvalue, img->c, img->c);
    for (int ch = 0; ch < img->c; ch++)
        for (int y = i; y < i + h; y++)
            for (int x = j; x < j + w; x++) {
                const float v = value ? value[nvalue == 1 ? 0 : ch] : ts_rng_normal(rng);
                img->data[((size_t)ch * img->h + y) * img->w + x] = img->is_float ? v : truncf(v);
            }
    return TS_OK;
}
