#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void ts_rng_seed(ts_rng *rng, uint64_t seed) {
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&seed);
    rng->has_spare = 0;
    rng->spare_normal = 0.0f;
}

ts_rng ts_rng_derive(uint64_t seed, uint64_t a, uint64_t b) {
    /* Chain the three numbers through splitmix64 so nearby (a, b) give unrelated streams. */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ a;
    h = splitmix64(&x);
    x = h ^ b;
    ts_rng rng;
    ts_rng_seed(&rng, splitmix64(&x));
    return rng;
}

uint64_t ts_rng_next(ts_rng *rng) {
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

float ts_rng_uniform(ts_rng *rng) { return (float)(ts_rng_next(rng) >> 40) * 0x1.0p-24f; }

void ts_rng_fill_uniform(ts_rng *rng, float *x, size_t n, float lo, float hi) {
    for (size_t i = 0; i < n; i++) x[i] = lo + (hi - lo) * ts_rng_uniform(rng);
}

float ts_rng_normal(ts_rng *rng) {
    if (rng->has_spare) {
        rng->has_spare = 0;
        return rng->spare_normal;
    }
    /* Box–Muller: r = sqrt(-2 ln u1), θ = 2π u2; (r cos θ, r sin θ) are independent N(0,1).
       u1 is taken in (0, 1] so the log is finite. Computed in double for accuracy. */
    double u1 = 1.0 - (double)(ts_rng_next(rng) >> 11) * 0x1.0p-53;
    double u2 = (double)(ts_rng_next(rng) >> 11) * 0x1.0p-53;
    double r = sqrt(-2.0 * log(u1)), theta = 2.0 * M_PI * u2;
    rng->spare_normal = (float)(r * sin(theta));
    rng->has_spare = 1;
    return (float)(r * cos(theta));
}

int ts_rng_bernoulli(ts_rng *rng, float p) { return ts_rng_uniform(rng) < p; }

uint32_t ts_rng_below(ts_rng *rng, uint32_t n) {
    if (n == 0) return 0;
    /* Lemire's multiply-shift with rejection: unbiased for every n. */
    uint64_t m = (uint64_t)(uint32_t)(ts_rng_next(rng) >> 32) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)-n % n;
        while (low < threshold) {
            m = (uint64_t)(uint32_t)(ts_rng_next(rng) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

void ts_rng_shuffle(ts_rng *rng, int *a, int n) {
    for (int i = n - 1; i > 0; i--) {
        int j = (int)ts_rng_below(rng, (uint32_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
