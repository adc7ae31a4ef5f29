/* REPORT.md of a lesson: markdown written into memory and stored atomically at close,
 * so an interrupted lesson never leaves half a report. Beside it, KEY.md holds the
 * title, one key chart and the verdicts, for the index results/README.md. The verdicts in it are composed
 * by the lesson from its measurements (see lib/experiment/stats.h), never typed in. */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>

typedef struct {
    char dir[4096];
    char *buf, *key_buf;
    size_t len, key_len;
    FILE *f;        /* REPORT.md, a memory stream */
    FILE *key;      /* KEY.md: title, key chart, the verdicts — results/README.md is made of these */
} ts_report;

int ts_report_open(ts_report *r, const char *dir, const char *title);
/* printf into the report (markdown). */
void ts_report_printf(ts_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "## heading" */
void ts_report_section(ts_report *r, const char *heading);
/* An image of the lesson's directory: ![caption](name.png), with a note when the chart
 * was not rendered (no gnuplot) saying how to draw it. */
void ts_report_chart(ts_report *r, const char *name, const char *caption);
/* A verdict line: goes into the report and into KEY.md (printf format, one paragraph). */
void ts_report_verdict(ts_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The chart that represents the lesson in results/README.md. */
void ts_report_key_chart(ts_report *r, const char *name, const char *caption);
/* Writes dir/REPORT.md and dir/KEY.md; frees the buffers. */
int ts_report_close(ts_report *r);
/* Frees the buffers and writes nothing: after an error, the last complete report stays. */
void ts_report_discard(ts_report *r);

#endif
