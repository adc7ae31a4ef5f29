#include "table.h"

#include <stdio.h>
#include <string.h>

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
