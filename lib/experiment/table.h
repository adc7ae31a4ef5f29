/* A study's measures per variant, as a report table or a bar chart.
 *
 * The table: one row per variant, one column per measure, each cell the mean ± standard
 * deviation over the seeds in the measure's scale and digits.
 *
 *   const ts_measure columns[] = {{"final test accuracy (%)", "test", "accuracy", TS_READ_FINAL, .scale = 100},
 *                                 {"training seconds", "train", "seconds", TS_READ_SUM}};
 *   ts_report_measure_table(&report, &study, "augmentation", columns, 2);
 *
 * A cell with fewer values than seeds (a run diverged: it has no final value) says so:
 * "85.8 ± 0.2 (n = 2)". */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include "../plot/report.h"
#include "ablation.h"

void ts_report_measure_table(ts_report *r, const ts_study *s, const char *first_header, const ts_measure *columns,
                             int ncolumns);

/* The chart: one bar per variant (its colour the variant's index), the measure's mean with
 * its standard deviation as the error bar, in the measure's scale — dir/name.{dat,gp,png}. */
int ts_study_chart_measure(const ts_lesson *L, const ts_study *s, const ts_measure *m, const char *name,
                           const char *title, const char *ylabel);

#endif
