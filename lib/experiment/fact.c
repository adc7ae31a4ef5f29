#include "fact.h"

#include <stdarg.h>
#include <stdio.h>

int ts_fact_report(ts_lesson *L, ts_report *r, const ts_fact *f, int holds, const char *measured_fmt, ...) {
    char measured[1024];
    va_list ap;
    va_start(ap, measured_fmt);
    vsnprintf(measured, sizeof measured, measured_fmt, ap);
    va_end(ap);
    holds = holds != 0;
    const char *outcome = holds ? "shown" : "not shown";
    ts_report_verdict(r, "- **%s** — **%s** (a deterministic measurement, made once): %s. %s\n\n", f->claim, outcome,
                      measured, holds ? f->holds : f->fails);
    ts_say(L, "  %s: %s (%s)\n", f->claim, outcome, measured);
    return holds;
}
