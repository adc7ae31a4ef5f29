/* How runs start: the training loss at every optimizer step of the first epoch, for some
 * variants of a study and one seed, one line each on a log scale — a small lr falls slowly,
 * a good one quickly, too large a one explodes:
 *
 *   const int grid[] = {LR_001, LR_01, LR_03};
 *   ts_study_chart_first_epoch(L, &study, grid, 3, 1, "first-epoch-loss", "Loss in the first epoch");
 *
 * Each run is trained again for one epoch (the same steps as the study's first epoch of that
 * seed, bit for bit); a loss that turns non-finite stops the run and ends its line. Epoch-level
 * records cannot show this: a run that explodes in its first hundred steps has at most one
 * point per epoch. */
#ifndef TS_STEP_LOSS_H
#define TS_STEP_LOSS_H

#include "ablation.h"

int ts_study_chart_first_epoch(ts_lesson *L, const ts_study *s, const int *variants, int n, int seed, const char *name,
                               const char *title);

#endif
