#include "mean_std.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"

int ts_dataset_mean_std(const ts_dataset *ds, double *mean, double *std) {
    if (!ds || ds->n <= 0 || !ds->images || ds->c <= 0 || ds->h <= 0 || ds->w <= 0)
        return ts_fail("mean/std: the data set is empty");
    const size_t plane = (size_t)ds->h * ds->w, per_image = plane * (size_t)ds->c;
    for (int ch = 0; ch < ds->c; ch++) {
        uint64_t sum = 0, sum_sq = 0; /* exact below 2^64 / 255² ≈ 2.8·10^14 pixels */
        for (int i = 0; i < ds->n; i++) {
            const uint8_t *p = ds->images + (size_t)i * per_image + (size_t)ch * plane;
            for (size_t j = 0; j < plane; j++) sum += p[j], sum_sq += (uint32_t)p[j] * p[j];
        }
        const unsigned __int128 n = (unsigned __int128)ds->n * plane;
        const unsigned __int128 scaled_var = n * sum_sq - (unsigned __int128)sum * sum; /* n²·var, ≥ 0 */
        const double count = (double)n;
        mean[ch] = (double)sum / count / 255.0;
        std[ch] = sqrt((double)scaled_var) / count / 255.0;
    }
    return TS_OK;
}
