/* A lesson in parts, as a class goes through it: each part asks its question, runs (or
 * replays its finished runs from <out>/records, in seconds), says its verdicts and names its
 * charts before the next part begins.
 *
 * Classroom mode (--pause) waits for Enter twice per part: after the question, so that the
 * class predicts before it sees anything, and after the verdicts, while it looks at the charts.
 *
 *   if (ts_lesson_part_begin(L, "1. Does BatchNorm train faster?") != TS_OK) goto done;
 *   if (ts_study_run(L, &bn) != TS_OK || ts_study_chart_curves(L, &bn, "bn-lr-test-accuracy", …)) goto done;
 *   ts_lesson_chart(L, &report, "bn-lr-test-accuracy", "test accuracy per epoch");
 *   ts_verdict_report(L, &report, &bn, &BN_FASTER);  // one line of narration per verdict
 *   if (ts_lesson_part_begin(L, "2. Does dropout reduce overfitting?") != TS_OK) goto done;
 *   …
 *   status = ts_lesson_finish(L, &report, status);
 *
 * A part lasts until the next begins, like a section of a document: ts_lesson_part_begin
 * first ends the part before it, and ts_lesson_finish the last one (ts_lesson_part_end).
 *
 * The narration then reads, part after part:
 *
 *   1. Does BatchNorm train faster?
 *     Predict before you look: what will this part show, and why?     (--pause only)
 *     [Enter: run it]                                                  (--pause, on a terminal)
 *     run 1/19  bn-lr  no BN, lr 0.03  seed 1
 *     BN trains faster: confirmed (+4.1 points, 95% CI [+2.0, +6.2], p = 0.004)
 *     Charts to open, in build/results/lesson-3/:
 *       bn-lr-test-accuracy.png  test accuracy per epoch
 *     [Enter: go on]                                                   (--pause, on a terminal)
 *
 * Waiting needs a terminal: when stdin is not one (a pipe, /dev/null, a CI log) the lesson
 * says so once and prints the same parts without waiting. Ctrl-C while it waits stops the
 * lesson as it does during a run (finished runs are kept, exit status 130); Ctrl-D ends the
 * pauses and the lesson runs on. */
#ifndef TS_PART_H
#define TS_PART_H

#include "../plot/report.h"
#include "ablation.h"

/* Ends the part before (if any), then starts the next: its question (printf format), and
 * with --pause the prompt to predict and the first wait. TS_ERR after Ctrl-C. */
int ts_lesson_part_begin(ts_lesson *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A chart of this part: into the report (ts_report_chart) and into the list the part's end
 * prints. Draw it first. */
void ts_lesson_chart(ts_lesson *L, ts_report *r, const char *name, const char *caption);

/* Only the list: a chart the report shows in an earlier part, redrawn by this one. */
void ts_lesson_part_chart(ts_lesson *L, const char *name, const char *caption);

/* Ends the part: the charts to open, and with --pause the second wait. TS_ERR after Ctrl-C.
 * Called by ts_lesson_part_begin and ts_lesson_finish; a lesson need not call it. */
int ts_lesson_part_end(ts_lesson *L);

#endif
