/* A progress bar for long loops. On a terminal it redraws one line in place
 *   epoch 2/3 [##########..........]  48%  450/938  loss 0.3121  ETA 0:07
 * at most ten times a second; when the output is not a terminal (a log file, CI) it
 * prints nothing until the end, so logs get one plain line per finished loop. */
#ifndef TS_PROGRESS_H
#define TS_PROGRESS_H

#include <stdio.h>

typedef struct {
    FILE *out;
    int tty;
    char label[64];
    long total, done;
    double started, last_draw;
} ts_progress;

/* Starts a bar of `total` units (out NULL: stderr). */
void ts_progress_start(ts_progress *p, FILE *out, const char *label, long total);
/* Sets the units done and an optional status text (printf format, may be NULL). */
void ts_progress_update(ts_progress *p, long done, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Clears the bar (on a terminal); the caller then prints the loop's summary line. */
void ts_progress_finish(ts_progress *p);

#endif
