/* A gallery of transforms: what each pipeline of a list does to a few real images.
 *
 *   const char *specs[] = {"ToTensor", "RandomCrop(28,padding=4),ToTensor"};
 *   const char *labels[] = {"original", "RandomCrop(28, padding=4)"};
 *   const int classes[] = {0, 7, 9};   // the first test image of each class
 *   ts_chart_transform_gallery(&chart, &test_set, classes, 3, 2, specs, labels, 2);
 *
 * Row r shows pipeline r; the columns are the images, each drawn `draws` times (labelled
 * 1a, 1b, 2a, …: a deterministic pipeline gives the same picture each time). Draw k of row
 * r uses ts_rng_derive(1, r, column), so the picture is the same on every run. Each tile is
 * as large as the largest output, a smaller output sits in its middle on white — a crop looks
 * smaller and a pad larger, as they are. The outputs are shown from 0 (black) to 1 (white),
 * so each pipeline should end as a float tensor of 0..1 (ToTensor last). */
#ifndef TS_GALLERY_H
#define TS_GALLERY_H

#include "../data/dataset.h"
#include "chart.h"

/* At most 8 images × draws columns; the specs must keep the data set's channel count of 1. */
int ts_chart_transform_gallery(const ts_chart *c, const ts_dataset *ds, const int *classes, int nimages, int draws,
                               const char *const *specs, const char *const *labels, int nrows);

#endif
