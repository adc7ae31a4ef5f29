/* A study's table for a report: one row per variant, one column per measure (measure.h)
 * headed by its name and unit, each cell the measure's mean ± standard deviation over the
 * seeds (scaled, with the measure's digits), and a last column counting the runs that
 * failed to train:
 *
 *   static const ts_measure COLUMNS[] = {
 *       {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"},
 *       {"final train loss", "train", "loss", TS_READ_FINAL, .digits = 3}};
 *   ts_report_study_table(&report, &study, COLUMNS, 2, 0.2);
 *
 * | variant | final test accuracy (%) | final train loss | failed (diverged or < 20%) |
 * |---|---|---|---|
 * | constant 0.1 | 85.2 ± 1.7 | 0.331 ± 0.033 | 0 of 3 |
 *
 * A cell whose measure some runs lack (they diverged before) says on how many it stands:
 * "85.2 ± 1.7 (n = 2)". */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include "ablation.h"
#include "verdict.h"

/* failed_below: a run that diverged or ended with a test accuracy below it counts as failed
 * (ts_study_failed); 0 leaves the column out. */
void ts_report_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns,
                           double failed_below);

/* A trained study's part of the report: its table (no failed column), its test-accuracy curves
 * in percent (chart "<name>-test-accuracy", caption "<title>: test accuracy"), its verdicts
 * (the first nverdicts, judged and written by ts_verdict_report), and for every variant with
 * diverged runs a line saying how many: a diverged run has no final value, so a verdict
 * cannot count it. */
int ts_report_study(ts_lesson *L, ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns,
                    const ts_verdict *const *verdicts, int nverdicts);

#endif
