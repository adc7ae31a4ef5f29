#include "table.h"

#include "../plot/chart.h"

void ts_report_measure_table(ts_report *r, const ts_study *s, const char *first_header, const ts_measure *columns,
                             int ncolumns) {
    ts_report_printf(r, "| %s |", first_header);
    for (int c = 0; c < ncolumns; c++) ts_report_printf(r, " %s |", columns[c].name);
    ts_report_printf(r, "\n|---|");
    for (int c = 0; c < ncolumns; c++) ts_report_printf(r, "---|");
    ts_report_printf(r, "\n");
    for (int v = 0; v < s->nvariants; v++) {
        ts_report_printf(r, "| %s |", s->variants[v].label);
        for (int c = 0; c < ncolumns; c++) {
            const ts_measure *m = &columns[c];
            const ts_stat st = ts_study_measure(s, v, m);
            char cell[96];
            ts_stat_format(st, m->scale ? m->scale : 1.0, m->digits ? m->digits : 1, cell, sizeof cell);
            if (st.n < s->seeds) ts_report_printf(r, " %s (n = %d) |", cell, st.n);
            else ts_report_printf(r, " %s |", cell);
        }
        ts_report_printf(r, "\n");
    }
    ts_report_printf(r, "\n");
}

int ts_study_chart_measure(const ts_lesson *L, const ts_study *s, const ts_measure *m, const char *name,
                           const char *title, const char *ylabel) {
    const int n = s->nvariants;
    double mean[n], err[n];
    const char *labels[n], *one_group[] = {s->title}; /* the one group: the study */
    int colors[n];
    for (int v = 0; v < n; v++) {
        const ts_stat st = ts_study_measure(s, v, m);
        mean[v] = st.mean * (m->scale ? m->scale : 1.0);
        err[v] = st.std * (m->scale ? m->scale : 1.0);
        labels[v] = s->variants[v].label;
        colors[v] = v;
    }
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = title, .ylabel = ylabel};
    return ts_chart_bars(&chart, one_group, 1, labels, colors, n, mean, err, NULL);
}
