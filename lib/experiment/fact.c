#include "fact.h"

#include <math.h>
#include <stdio.h>

int ts_fact_holds(const ts_fact *f, double value) {
    if (isnan(value)) return 0;
    return f->above ? value > f->tolerance : value <= f->tolerance;
}

int ts_fact_report(ts_lesson *L, ts_report *r, const ts_fact *f, double value) {
    if (isnan(value)) {
        ts_report_verdict(r, "- **%s** — **not measured** (%s).\n\n", f->claim, f->quantity);
        ts_say(L, "  %s: not measured\n", f->claim);
        return 0;
    }
    const int holds = ts_fact_holds(f, value);
    const char *unit = f->unit ? f->unit : "", *space = f->unit ? " " : "";
    char measured[256];
    snprintf(measured, sizeof measured, "%s = %.3g%s%s (holds when %s %.3g%s%s)", f->quantity, value, space, unit,
             f->above ? ">" : "≤", f->tolerance, space, unit);
    ts_report_verdict(r, "- **%s** — **%s** (computed once, not a statistic): %s: %s\n\n", f->claim,
                      holds ? "holds" : "does not hold", measured, holds ? f->holds : f->fails);
    ts_say(L, "  %s: %s — %s\n", f->claim, holds ? "holds" : "does NOT hold", measured);
    return holds;
}
