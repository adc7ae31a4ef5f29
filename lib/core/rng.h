/* A seeded random number generator, passed explicitly (no hidden global state).
 *
 * Algorithm: xoshiro256** (Blackman & Vigna, 2018) for the stream, its 256-bit state
 * filled by splitmix64 from a 64-bit seed, as the authors recommend.
 *   uniform   — the top 24 bits of a draw / 2^24: exactly representable floats in [0, 1)
 *   normal    — Box–Muller on two uniforms, both outputs used (the spare is cached)
 *   bernoulli — uniform < p
 * PyTorch uses a different generator (Philox/MT19937), so we match its distributions,
 * not its bits; tests compare moments.
 *
 * Streams that must not depend on thread scheduling (per-sample augmentation, shuffles
 * of epoch e) are derived with ts_rng_derive(seed, a, b), a hash of the three numbers. */
#ifndef TS_RNG_H
#define TS_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s[4];
    float spare_normal; /* second Box–Muller output */
    int has_spare;
} ts_rng;

void ts_rng_seed(ts_rng *rng, uint64_t seed);
/* A generator for stream (a, b) of run `seed`, e.g. (epoch, sample index). */
ts_rng ts_rng_derive(uint64_t seed, uint64_t a, uint64_t b);
uint64_t ts_rng_next(ts_rng *rng);
float ts_rng_uniform(ts_rng *rng);                 /* [0, 1) */
/* x[i] = lo + (hi − lo)·uniform for i < n, in order: U[lo, hi) (nn.init.uniform_). */
void ts_rng_fill_uniform(ts_rng *rng, float *x, size_t n, float lo, float hi);
float ts_rng_normal(ts_rng *rng);                  /* N(0, 1) */
int ts_rng_bernoulli(ts_rng *rng, float p);        /* 1 with probability p */
/* A uniform integer in [0, n). n = 0 is an empty range: 0, and no draw (the stream is unchanged). */
uint32_t ts_rng_below(ts_rng *rng, uint32_t n);
void ts_rng_shuffle(ts_rng *rng, int *a, int n);   /* Fisher–Yates */

#endif
