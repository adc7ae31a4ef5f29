/* The elementary fills every scheme is built from: uniform, normal, constant. */
#include <string.h>

#include "init.h"

void ts_init_uniform(float *w, size_t n, float a, float b, ts_rng *rng) { ts_rng_fill_uniform(rng, w, n, a, b); }

void ts_init_normal(float *w, size_t n, float mean, float std, ts_rng *rng) {
    for (size_t i = 0; i < n; i++) w[i] = mean + std * ts_rng_normal(rng);
}

void ts_init_constant(float *w, size_t n, float value) {
    for (size_t i = 0; i < n; i++) w[i] = value;
}

void ts_init_zeros(float *w, size_t n) { memset(w, 0, n * sizeof(float)); }
