#include "study_table.h"

void ts_study_report_table(ts_report *r, const ts_study *s, const ts_measure *columns, int ncolumns) {
    ts_report_printf(r, "| variant |");
    for (int c = 0; c < ncolumns; c++)
        ts_report_printf(r, " %s%s%s%s |", columns[c].name, columns[c].unit ? " (" : "",
                         columns[c].unit ? columns[c].unit : "", columns[c].unit ? ")" : "");
    ts_report_printf(r, "\n|---|");
    for (int c = 0; c < ncolumns; c++) ts_report_printf(r, "---|");
    ts_report_printf(r, "\n");
    for (int v = 0; v < s->nvariants; v++) {
        ts_report_printf(r, "| %s |", s->variants[v].label);
        for (int c = 0; c < ncolumns; c++) {
            const ts_measure *m = &columns[c];
            char cell[64];
            ts_stat_format(ts_study_measure(s, v, m), m->scale ? m->scale : 1.0, m->digits ? m->digits : 1, cell,
                           sizeof cell);
            ts_report_printf(r, " %s |", cell);
        }
        ts_report_printf(r, "\n");
    }
    ts_report_printf(r, "\n");
}
