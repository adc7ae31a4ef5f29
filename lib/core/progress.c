#include "progress.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "timer.h"

enum { BAR_WIDTH = 24 };

void ts_progress_start(ts_progress *p, FILE *out, const char *label, long total) {
    memset(p, 0, sizeof *p);
    p->out = out ? out : stderr;
    p->tty = isatty(fileno(p->out));
    snprintf(p->label, sizeof p->label, "%s", label);
    p->total = total > 0 ? total : 1;
    p->started = ts_now();
}

void ts_progress_update(ts_progress *p, long done, const char *fmt, ...) {
    p->done = done;
    if (!p->tty) return;
    const double now = ts_now();
    if (now - p->last_draw < 0.1 && done < p->total) return;
    p->last_draw = now;
    char status[128] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(status, sizeof status, fmt, ap);
        va_end(ap);
    }
    const double frac = (double)done / (double)p->total;
    char bar[BAR_WIDTH + 1];
    for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < (int)(frac * BAR_WIDTH) ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    const double elapsed = now - p->started;
    const long eta = done > 0 ? (long)(elapsed * (double)(p->total - done) / (double)done) : 0;
    fprintf(p->out, "\r%s [%s] %3d%%  %ld/%ld  %s  ETA %ld:%02ld\033[K", p->label, bar,
            (int)(100.0 * frac), done, p->total, status, eta / 60, eta % 60);
    fflush(p->out);
}

void ts_progress_finish(ts_progress *p) {
    if (p->tty) {
        fprintf(p->out, "\r\033[K");
        fflush(p->out);
    }
}
