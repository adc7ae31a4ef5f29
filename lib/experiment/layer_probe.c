#include "layer_probe.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../plot/chart.h"
#include "../train/probe.h"

static int add(ts_record *rec, const char *metric, int k, int b, double value) {
    char name[64];
    if (b < 0) snprintf(name, sizeof name, "%s_%d", metric, k);
    else snprintf(name, sizeof name, "%s_%d_%d", metric, k, b);
    return ts_record_add(rec, 0, 0, "init", name, value);
}

int ts_layer_probe_record(const ts_layer_probe *p, const ts_dataset *ds, ts_model *m, ts_record *rec) {
    if (p->nhist > 0 && (p->bins < 1 || !(p->lo < p->hi)))
        return ts_fail("layer probe: histograms need bins >= 1 and lo < hi, got %d and [%g, %g]", p->bins, p->lo,
                       p->hi);
    ts_loader ld;
    if (ts_loader_init(&ld, ds, p->batch, 0, 0, 0) != TS_OK) return TS_ERR;
    ts_layer_stats *st = calloc((size_t)m->nlayers, sizeof *st);
    double *frac = calloc((size_t)(p->bins > 0 ? p->bins : 1), sizeof *frac);
    const float *x;
    const int *y;
    const int n = ts_loader_next(&ld, &x, &y);
    ts_rng rng;
    ts_rng_seed(&rng, 0); /* dropout masks, if the model has any */
    int status = st && frac ? ts_probe_layers(m, x, y, n, &rng, st) : ts_fail("out of memory");
    for (int i = 0, k = 0; status == TS_OK && i < m->nlayers; i++) {
        if (m->layers[i]->weight_ndim < 2) continue; /* not a Conv2d or Linear */
        k++;
        status = add(rec, "pre_std", k, -1, st[i].out_std);
        if (status == TS_OK) status = add(rec, "grad_std", k, -1, st[i].grad_std);
        if (status == TS_OK) status = add(rec, "wgrad_std", k, -1, st[i].weight_grad_std);
        for (int h = 0; h < p->nhist && status == TS_OK; h++) {
            if (p->hist_layers[h] != k || i + 1 >= m->nlayers) continue;
            ts_probe_histogram(m, i + 1, n, p->lo, p->hi, p->bins, p->skip_zeros, frac);
            for (int b = 0; b < p->bins && status == TS_OK; b++) status = add(rec, "hist", k, b, frac[b]);
        }
    }
    free(frac);
    free(st);
    ts_loader_free(&ld);
    return status;
}

ts_stat ts_study_layer_stat(const ts_study *s, int v, const char *metric, int k) {
    char name[64];
    snprintf(name, sizeof name, "%s_%d", metric, k);
    return ts_study_stat(s, v, "init", name, -1);
}

int ts_study_chart_layers(ts_lesson *L, const ts_study *s, const char *name, const char *title, const char *metric,
                          int nlayers, const double *const *theory, const char *ylabel) {
    const int nv = s->nvariants, nseries = theory ? 2 * nv : nv;
    double *buf = calloc((size_t)(1 + 3 * nv) * (size_t)nlayers, sizeof *buf);
    ts_series *series = calloc((size_t)nseries, sizeof *series);
    if (!buf || !series) {
        free(buf);
        free(series);
        return ts_fail("out of memory");
    }
    double *x = buf; /* then mean, lo, hi per variant */
    for (int k = 1; k <= nlayers; k++) x[k - 1] = k;
    for (int v = 0; v < nv; v++) {
        double *mean = buf + (size_t)(1 + 3 * v) * nlayers, *lo = mean + nlayers, *hi = lo + nlayers;
        for (int k = 1; k <= nlayers; k++) {
            const ts_stat st = ts_study_layer_stat(s, v, metric, k);
            mean[k - 1] = st.mean;
            lo[k - 1] = st.min;
            hi[k - 1] = st.max;
        }
        series[v] = (ts_series){.label = s->variants[v].label, .color = v, .npoints = nlayers, .x = x,
                                .mean = mean, .lo = lo, .hi = hi};
        if (theory)
            series[nv + v] = (ts_series){.color = v, .dashed = 1, .npoints = nlayers, .x = x, .mean = theory[v]};
    }
    char full[256];
    snprintf(full, sizeof full, "%s (%d seed%s%s)", title, s->seeds, s->seeds > 1 ? "s" : "",
             theory ? "; dashed: theory" : "");
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full, .xlabel = "layer", .ylabel = ylabel,
                            .logy = 1};
    const int status = ts_chart_lines(&chart, series, nseries, NULL);
    free(buf);
    free(series);
    return status;
}

int ts_study_chart_histograms(ts_lesson *L, const ts_study *s, const ts_layer_probe *p, const char *name,
                              const char *title, const char *xlabel) {
    const int nv = s->nvariants;
    double *frac = calloc((size_t)nv * (size_t)p->nhist * (size_t)p->bins, sizeof *frac);
    const char **panels = calloc((size_t)nv, sizeof *panels);
    char(*labels)[32] = calloc((size_t)p->nhist, sizeof *labels);
    const char **layer_labels = calloc((size_t)p->nhist, sizeof *layer_labels);
    int status = frac && panels && labels && layer_labels ? TS_OK : ts_fail("out of memory");
    for (int h = 0; status == TS_OK && h < p->nhist; h++) {
        snprintf(labels[h], sizeof labels[h], "layer %d", p->hist_layers[h]);
        layer_labels[h] = labels[h];
    }
    for (int v = 0; status == TS_OK && v < nv; v++) {
        panels[v] = s->variants[v].label;
        for (int h = 0; h < p->nhist; h++)
            for (int b = 0; b < p->bins; b++) {
                char metric[64];
                snprintf(metric, sizeof metric, "hist_%d_%d", p->hist_layers[h], b);
                frac[((size_t)v * p->nhist + h) * p->bins + b] = ts_study_stat(s, v, "init", metric, -1).mean;
            }
    }
    char full[256];
    snprintf(full, sizeof full, "%s (%d seed%s)", title, s->seeds, s->seeds > 1 ? "s" : "");
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full, .xlabel = xlabel,
                            .ylabel = "fraction of values"};
    if (status == TS_OK)
        status = ts_chart_histograms(&chart, nv, panels, p->nhist, layer_labels, p->bins, p->lo, p->hi, frac, NULL);
    free(frac);
    free(panels);
    free(labels);
    free(layer_labels);
    return status;
}
