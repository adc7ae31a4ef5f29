#include "study_bars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../plot/chart.h"

int ts_study_chart_bars(ts_lesson *L, const ts_study *s, const char *name, const char *title, const ts_measure *m,
                        const char *ylabel, int colour_offset) {
    const int nv = s->nvariants;
    double *mean = calloc((size_t)nv, sizeof *mean), *err = calloc((size_t)nv, sizeof *err);
    const char **labels = calloc((size_t)nv, sizeof *labels);
    int *colors = calloc((size_t)nv, sizeof *colors);
    int status = ts_fail("out of memory");
    if (mean && err && labels && colors) {
        const double scale = m->scale ? m->scale : 1.0;
        for (int v = 0; v < nv; v++) {
            const ts_stat st = ts_study_measure(s, v, m);
            mean[v] = scale * st.mean;
            err[v] = scale * st.std;
            labels[v] = s->variants[v].label;
            colors[v] = v + colour_offset;
        }
        char full_title[256], chance_label[64];
        snprintf(full_title, sizeof full_title, "%s (mean ± std over %d seed%s)", title, s->seeds, s->seeds > 1 ? "s" : "");
        /* an accuracy is read against chance: a guess among the classes */
        const int accuracy = strcmp(m->metric, "accuracy") == 0 && m->reading != TS_READ_GAP && L->train.classes > 0;
        const double chance = scale / L->train.classes;
        snprintf(chance_label, sizeof chance_label, "chance (%g%s)", chance, m->unit && strcmp(m->unit, "%") == 0 ? "%" : "");
        const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full_title, .ylabel = ylabel,
                                .hline_label = accuracy ? chance_label : NULL, .hline = chance};
        status = ts_chart_bars(&chart, labels, nv, NULL, colors, 1, mean, err, NULL);
    }
    free(mean);
    free(err);
    free(labels);
    free(colors);
    return status;
}
