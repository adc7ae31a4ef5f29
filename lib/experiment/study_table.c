#include "study_table.h"

#include <stdio.h>
#include <string.h>

/* "mean ± std" of the measure's values across seeds, in its scale and digits. */
static void cell(const ts_study *s, int v, const ts_measure *m, char *buf, int len) {
    const ts_stat st = ts_study_measure(s, v, m);
    ts_stat_format(st, m->scale ? m->scale : 1.0, m->digits ? m->digits : 1, buf, len);
    if (st.n > 0 && st.n < s->seeds) snprintf(buf + strlen(buf), (size_t)len - strlen(buf), " (n = %d)", st.n);
}

void ts_study_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns) {
    int diverged = 0;
    for (int v = 0; v < s->nvariants; v++) diverged += ts_study_diverged(s, v);
    ts_report_printf(r, "| variant |");
    for (int c = 0; c < ncolumns; c++)
        ts_report_printf(r, " %s%s%s%s |", columns[c].name, columns[c].unit ? " (" : "",
                         columns[c].unit ? columns[c].unit : "", columns[c].unit ? ")" : "");
    ts_report_printf(r, "%s\n|---|", diverged ? " diverged |" : "");
    for (int c = 0; c < ncolumns + (diverged > 0); c++) ts_report_printf(r, "---|");
    ts_report_printf(r, "\n");
    for (int v = 0; v < s->nvariants; v++) {
        ts_report_printf(r, "| %s |", s->variants[v].label);
        for (int c = 0; c < ncolumns; c++) {
            char text[96];
            cell(s, v, &columns[c], text, sizeof text);
            ts_report_printf(r, " %s |", text);
        }
        if (diverged) ts_report_printf(r, " %d of %d |", ts_study_diverged(s, v), s->seeds);
        ts_report_printf(r, "\n");
    }
    ts_report_printf(r, "\n");
}
