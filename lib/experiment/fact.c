#include "fact.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

int ts_fact_holds(const ts_fact *f, double value) {
    if (isnan(value)) return 0;
    return f->above ? value > f->tolerance : value <= f->tolerance;
}

/* The one way a fact is written: report, KEY.md and narration. */
static int write_fact(ts_lesson *L, ts_report *r, const ts_fact *f, int holds, const char *measured) {
    ts_report_verdict(r, "- **%s** — **%s** (computed once, not a statistic): %s: %s\n\n", f->claim,
                      holds ? "holds" : "does not hold", measured, holds ? f->holds : f->fails);
    ts_say(L, "  %s: %s — %s\n", f->claim, holds ? "holds" : "does NOT hold", measured);
    return holds;
}

int ts_fact_report(ts_lesson *L, ts_report *r, const ts_fact *f, double value) {
    if (isnan(value)) {
        ts_report_verdict(r, "- **%s** — **not measured** (%s).\n\n", f->claim, f->quantity);
        ts_say(L, "  %s: not measured\n", f->claim);
        return 0;
    }
    const char *unit = f->unit ? f->unit : "", *space = f->unit ? " " : "";
    char measured[256];
    snprintf(measured, sizeof measured, "%s = %.3g%s%s (holds when %s %.3g%s%s)", f->quantity, value, space, unit,
             f->above ? ">" : "≤", f->tolerance, space, unit);
    return write_fact(L, r, f, ts_fact_holds(f, value), measured);
}

int ts_fact_report_checked(ts_lesson *L, ts_report *r, const ts_fact *f, int holds, const char *measured_fmt, ...) {
    char measured[1024];
    va_list ap;
    va_start(ap, measured_fmt);
    vsnprintf(measured, sizeof measured, measured_fmt, ap);
    va_end(ap);
    return write_fact(L, r, f, holds != 0, measured);
}
