/* A study's table for REPORT.md: one row per variant, one column per measure (mean ± std
 * over the seeds), declared as data like a verdict:
 *
 *   static const ts_measure COLUMNS[] = {
 *       {"final test acc.", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"},
 *       {"clean train − test gap", "train_eval", "accuracy", TS_READ_GAP, .minus_split = "test",
 *        .scale = 100, .unit = "points"},
 *   };
 *   ts_study_table(&report, &study, COLUMNS, 2);
 *
 *   | variant | final test acc. (%) | clean train − test gap (points) |
 *   |---|---|---|
 *   | dropout 0 | 84.2 ± 0.9 | 8.1 ± 0.2 |
 *
 * A cell that lacks some seeds (a run diverged before the measure) says how many it has,
 * "(n = 2)"; when a run of the study diverged, a last column counts them per variant. */
#ifndef TS_STUDY_TABLE_H
#define TS_STUDY_TABLE_H

#include "../plot/report.h"
#include "ablation.h"

void ts_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns);

#endif
