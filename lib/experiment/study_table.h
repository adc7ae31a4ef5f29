/* A study at a glance: one row per variant, one column per measure (measure.h), each cell
 * the mean ± standard deviation over the seeds — the table a report shows before its
 * verdicts compare the rows.
 *
 *   static const ts_measure COLUMNS[] = {
 *       {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"},
 *       {"training time", "train", "seconds", TS_READ_SUM, .unit = "s", .digits = 2}};
 *   ts_study_report_table(&report, &study, COLUMNS, 2);
 *
 *   | variant | final test accuracy (%) | training time (s) |
 *   |---|---|---|
 *   | batch 32 | 84.1 ± 0.3 | 41.20 ± 0.85 |                                            */
#ifndef TS_STUDY_TABLE_H
#define TS_STUDY_TABLE_H

#include "../plot/report.h"
#include "ablation.h"

void ts_study_report_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns);

#endif
