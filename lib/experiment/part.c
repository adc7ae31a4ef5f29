/* A lesson's parts and classroom mode's pauses (part.h). */
#include "part.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../core/error.h"
#include "../plot/chart.h"
#include "run.h"

/* Waits for Enter when --pause is on and stdin is a terminal. What was typed before the
   prompt is dropped: an Enter pressed during a long run must not skip this pause.
   poll() is never restarted after a signal, so Ctrl-C (which only sets ts_interrupted)
   ends the wait; read() returning 0 is Ctrl-D (or a hung-up terminal): no more pauses. */
static int wait_for_enter(ts_lesson *L, const char *prompt) {
    if (!L->pause || !isatty(STDIN_FILENO)) return TS_OK;
    tcflush(STDIN_FILENO, TCIFLUSH);
    ts_say(L, "  [Enter: %s] ", prompt);
    for (;;) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        const int ready = poll(&p, 1, -1);
        if (ts_interrupted()) return ts_fail("interrupted");
        if (ready < 0) continue; /* EINTR: another signal */
        char line[256];
        const ssize_t n = read(STDIN_FILENO, line, sizeof line);
        if (n > 0 && memchr(line, '\n', (size_t)n)) return TS_OK;
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
            L->pause = 0;
            ts_say(L, "\n  (end of input: no more pauses)\n");
            return TS_OK;
        }
    }
}

int ts_lesson_part_begin(ts_lesson *L, const char *fmt, ...) {
    if (L->part > 0 && ts_lesson_part_end(L) != TS_OK) return TS_ERR;
    char question[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(question, sizeof question, fmt, ap);
    va_end(ap);
    L->part++;
    L->part_ncharts = L->part_charts_dropped = 0;
    ts_say(L, "\n%s\n", question);
    if (!L->pause) return TS_OK;
    if (L->part == 1 && !isatty(STDIN_FILENO))
        ts_say(L, "  (--pause: stdin is not a terminal, so the lesson does not wait)\n");
    ts_say(L, "  Predict before you look: what will this part show, and why?\n");
    return wait_for_enter(L, "run it");
}

void ts_lesson_part_chart(ts_lesson *L, const char *name, const char *caption) {
    if (L->part_ncharts == TS_PART_MAX_CHARTS) {
        L->part_charts_dropped++;
        return;
    }
    snprintf(L->part_charts[L->part_ncharts].name, sizeof L->part_charts[0].name, "%s", name);
    snprintf(L->part_charts[L->part_ncharts].caption, sizeof L->part_charts[0].caption, "%s", caption);
    L->part_ncharts++;
}

void ts_lesson_chart(ts_lesson *L, ts_report *r, const char *name, const char *caption) {
    ts_report_chart(r, name, caption);
    ts_lesson_part_chart(L, name, caption);
}

int ts_lesson_part_end(ts_lesson *L) {
    const char *ext = ts_gnuplot_available() ? ".png" : ".gp"; /* without gnuplot: the script that draws it */
    int width = 0; /* the captions in one column */
    for (int i = 0; i < L->part_ncharts; i++) {
        const int w = (int)(strlen(L->part_charts[i].name) + strlen(ext));
        if (w > width) width = w;
    }
    if (L->part_ncharts) ts_say(L, "  Charts to open, in %s/:\n", L->out_dir);
    for (int i = 0; i < L->part_ncharts; i++)
        ts_say(L, "    %s%-*s  %s\n", L->part_charts[i].name, width - (int)strlen(L->part_charts[i].name), ext,
               L->part_charts[i].caption);
    if (L->part_charts_dropped) ts_say(L, "    and %d more (REPORT.md)\n", L->part_charts_dropped);
    return wait_for_enter(L, "go on");
}
