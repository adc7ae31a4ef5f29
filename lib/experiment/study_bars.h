/* A bar chart of one measure across a study's variants: one bar per variant, named on the
 * x axis, its mean over the seeds with a ± std error bar, in the measure's scale (percent
 * for .scale = 100); an accuracy gets a dotted line at chance level (1 / classes):
 *
 *   ts_study_chart_bars(L, &dropout, "dropout-gap", "Overfitting: clean train minus test accuracy",
 *                       &CLEAN_GAP, "train (eval mode) - test accuracy (points)", 5);
 *
 * draws <out>/dropout-gap.{dat,gp,png} (lib/plot/chart.h), the title completed with
 * "(mean ± std over N seeds)"; bar v has colour v + colour_offset, as in the study's curves. */
#ifndef TS_STUDY_BARS_H
#define TS_STUDY_BARS_H

#include "ablation.h"

int ts_study_chart_bars(ts_lesson *L, const ts_study *s, const char *name, const char *title, const ts_measure *m,
                        const char *ylabel, int colour_offset);

#endif
