/* A study as a table in the report: a row per variant, a column per measure (measure.h),
 *
 *   static const ts_measure COLUMNS[] = {EPOCH1_TEST, FINAL_TEST};
 *   ts_report_study_table(&report, &study, COLUMNS, 2);
 *
 *   | variant | test accuracy after epoch 1 (%) | final test accuracy (%) |
 *   | He (kaiming_normal) | 78.1 ± 0.4 | 86.0 ± 0.3 |
 *
 * Each cell is mean ± std over the seeds, scaled and rounded as the measure says, with
 * "(n = k)" when only k seeds have a value (a run that diverged has none); the variant's cell
 * says how many of its runs diverged. */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include "../plot/report.h"
#include "ablation.h"

void ts_report_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns);

#endif
