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
#include "verdict.h"

void ts_report_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns);

/* A trained study's part of the report: its table, its test-accuracy curves in percent
 * (chart "<name>-test-accuracy", caption "<title>: test accuracy"), its verdicts (verdicts[i],
 * the first nverdicts, judged and written by ts_verdict_report), and for every variant with
 * diverged runs a line saying how many: a diverged run has no final value, so a verdict
 * cannot count it. */
int ts_report_study(ts_lesson *L, ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns,
                    const ts_verdict *const *verdicts, int nverdicts);

#endif
