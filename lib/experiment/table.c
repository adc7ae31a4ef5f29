#include "table.h"

#include <stdio.h>
#include <string.h>

#include "../core/error.h"
#include "part.h"

void ts_report_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns,
                           double failed_below) {
    ts_report_printf(r, "| variant |");
    for (int c = 0; c < ncolumns; c++) { /* a gap is a difference: percentages make points */
        const char *unit = columns[c].reading == TS_READ_GAP ? ts_measure_difference_unit(&columns[c]) : columns[c].unit;
        ts_report_printf(r, " %s%s%s%s |", columns[c].name, unit && *unit ? " (" : "", unit ? unit : "",
                         unit && *unit ? ")" : "");
    }
    if (failed_below > 0) ts_report_printf(r, " failed (diverged or < %g%%) |", 100 * failed_below);
    ts_report_printf(r, "\n|---|");
    for (int c = 0; c < ncolumns + (failed_below > 0); c++) ts_report_printf(r, "---|");
    ts_report_printf(r, "\n");
    for (int v = 0; v < s->nvariants; v++) {
        ts_report_printf(r, "| %s |", s->variants[v].label);
        for (int c = 0; c < ncolumns; c++) {
            const ts_measure *m = &columns[c];
            const ts_stat st = ts_study_measure(s, v, m);
            char cell[96];
            ts_stat_format(st, m->scale ? m->scale : 1.0, m->digits ? m->digits : 1, cell, sizeof cell);
            if (st.n > 0 && st.n < s->seeds)
                snprintf(cell + strlen(cell), sizeof cell - strlen(cell), " (n = %d)", st.n);
            ts_report_printf(r, " %s |", cell);
        }
        if (failed_below > 0) ts_report_printf(r, " %d of %d |", ts_study_failed(s, v, failed_below), s->seeds);
        ts_report_printf(r, "\n");
    }
    ts_report_printf(r, "\n");
}

int ts_report_study(ts_lesson *L, ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns,
                    const ts_verdict *const *verdicts, int nverdicts) {
    char chart[128], title[160];
    snprintf(chart, sizeof chart, "%s-test-accuracy", s->name);
    snprintf(title, sizeof title, "%s: test accuracy", s->title);
    if (ts_study_chart_curves_scaled(L, s, chart, title, "test", "accuracy", 100, "test accuracy (%)", 0) != TS_OK)
        return TS_ERR;
    ts_report_study_table(r, s, columns, ncolumns, 0);
    ts_lesson_chart(L, r, chart, "test accuracy per epoch");
    for (int i = 0; i < nverdicts; i++) ts_verdict_report(L, r, s, verdicts[i]);
    for (int v = 0; v < s->nvariants; v++) {
        const int diverged = ts_study_diverged(s, v);
        if (!diverged) continue;
        ts_report_verdict(r, "- **%s, %s:** %d of %d runs diverged.\n\n", s->title, s->variants[v].label, diverged,
                          s->seeds);
        ts_say(L, "  %s, %s: %d of %d runs diverged\n", s->title, s->variants[v].label, diverged, s->seeds);
    }
    return TS_OK;
}
