/* Two pipelines side by side on real images: what a step changes, measured.
 *
 *   ts_transform_difference d;
 *   ts_transform_compare("ToTensor", "ToTensor,ToPILImage,ToTensor", &test_set, 1000, 1, &d);
 *   printf("%.1f%% of the values changed, at most %g\n", 100 * d.changed, d.max_abs);
 *
 * Image i goes through both pipelines with the same generator, ts_rng_derive(seed, 0, i), so
 * the random steps of two pipelines that draw alike (the same random steps in the same
 * order, say with a type conversion added) draw the same parameters. */
#ifndef TS_TRANSFORM_COMPARE_H
#define TS_TRANSFORM_COMPARE_H

#include <stdint.h>

#include "dataset.h"
#include "transform.h"

typedef struct {
    long values;    /* output values compared: n·c·h·w of the output */
    double changed; /* the fraction of them where b ≠ a */
    double max_abs; /* the largest |b − a| */
    double mean;    /* the mean of b − a: a bias, e.g. of truncation */
} ts_transform_difference;

/* Applies the pipelines spec_a and spec_b (ts_transform_parse's notation) to the first n
 * images of ds (all of them when n exceeds ds->n) and compares the outputs value by value.
 * TS_ERR (message set) when a spec is malformed, a pipeline cannot take the images or the
 * two outputs differ in shape. */
int ts_transform_compare(const char *spec_a, const char *spec_b, const ts_dataset *ds, int n, uint64_t seed,
                         ts_transform_difference *d);

#endif
