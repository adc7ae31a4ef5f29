/* The per-channel mean and standard deviation of a data set, the numbers Normalize(mean, std)
 * wants (seed section 1.2: "use the mean and std of the whole data set").
 *
 * Computed on the ToTensor scale (pixel / 255) over every pixel of every image of a channel,
 * as `images.float().div(255).mean()` / `.std()` would — the std is the population one
 * (numpy's default, ddof = 0); torch.std's unbiased n/(n−1) version differs by ~1e-8 relative
 * on Fashion-MNIST's 47 million pixels.
 *
 * One pass, and exact: pixels are integers 0..255, so S = Σp and Q = Σp² are exact integer
 * sums and var = (n·Q − S²) / n² is formed in 128-bit integers before the one division — no
 * cancellation, no accumulated rounding (the usual pitfalls: E[x²] − E[x]² in float, or
 * averaging per-batch stds, which is not the data set's std). */
#ifndef TS_MEAN_STD_H
#define TS_MEAN_STD_H

#include "dataset.h"

/* mean[ch] and std[ch] for ch < ds->c. TS_ERR (message set) for an empty data set. */
int ts_dataset_mean_std(const ts_dataset *ds, double *mean, double *std);

#endif
