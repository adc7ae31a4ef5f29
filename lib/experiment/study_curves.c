/* Learning curves of a study (ablation.h): per variant, the mean over seeds with a min–max band
 * where the seeds spread. */
#include "ablation.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../plot/chart.h"

int ts_study_chart_curves(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                          const char *split, const char *metric, const char *ylabel, int colour_offset) {
    return ts_study_chart_curves_scaled(L, s, name, title, split, metric, 1.0, ylabel, colour_offset);
}

int ts_study_chart_curves_scaled(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                                 const char *split, const char *metric, double scale, const char *ylabel,
                                 int colour_offset) {
    const int nv = s->nvariants;
    int epochs = 0;
    for (int i = 0; i < nv * s->seeds; i++) {
        const int e = ts_record_last_epoch(&s->records[i], split, metric);
        epochs = e > epochs ? e : epochs;
    }
    /* per variant: x, mean, min, max over `epochs` points, and a legend label */
    double *buf = calloc((size_t)nv * 4 * (size_t)(epochs + 1), sizeof *buf);
    ts_series *series = calloc((size_t)nv, sizeof *series);
    char(*labels)[128] = calloc((size_t)nv, sizeof *labels);
    if (!buf || !series || !labels) {
        free(buf);
        free(series);
        free(labels);
        return ts_fail("out of memory");
    }
    int any_spread = 0;
    for (int v = 0; v < nv; v++) {
        double *x = buf + (size_t)v * 4 * (epochs + 1), *mean = x + epochs + 1, *lo = mean + epochs + 1,
               *hi = lo + epochs + 1;
        for (int e = 1; e <= epochs; e++) {
            const ts_stat st = ts_study_stat(s, v, split, metric, e);
            x[e - 1] = e;
            mean[e - 1] = scale * st.mean;
            lo[e - 1] = scale * st.min;
            hi[e - 1] = scale * st.max;
        }
        /* a diverged run's curve stops where it diverged; the legend says how many did */
        const int diverged = ts_study_diverged(s, v);
        if (diverged) snprintf(labels[v], sizeof labels[v], "%s (%d of %d diverged)", s->variants[v].label, diverged, s->seeds);
        else snprintf(labels[v], sizeof labels[v], "%s", s->variants[v].label);
        /* a band only where the seeds spread: a deterministic quantity (the lr) has none */
        int spread = 0;
        for (int e = 0; e < epochs; e++) spread |= hi[e] > lo[e];
        series[v] = (ts_series){.label = labels[v], .color = v + colour_offset, .npoints = epochs,
                                .x = x, .mean = mean, .lo = spread ? lo : NULL, .hi = spread ? hi : NULL};
        any_spread |= spread;
    }
    char full_title[256];
    if (s->seeds == 1) snprintf(full_title, sizeof full_title, "%s (1 seed)", title);
    else if (any_spread) snprintf(full_title, sizeof full_title, "%s (mean of %d seeds, band: min–max)", title, s->seeds);
    else snprintf(full_title, sizeof full_title, "%s (the same in each of %d seeds)", title, s->seeds);
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full_title, .xlabel = "epoch", .ylabel = ylabel};
    const int status = ts_chart_lines(&chart, series, nv, NULL);
    free(buf);
    free(series);
    free(labels);
    return status;
}
