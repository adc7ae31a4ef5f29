#include "lr_finder.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../plot/chart.h"

void ts_lr_finder_free(ts_lr_finder *f) {
    for (int k = 0; k < f->seeds && f->lrs; k++) {
        free(f->lrs[k]);
        free(f->losses[k]);
    }
    free(f->n);
    free(f->lrs);
    free(f->losses);
    free(f->steepest);
    free(f->min10);
    *f = (ts_lr_finder){0};
}

int ts_lr_finder_run(ts_lr_finder *f, const ts_run_config *c, const ts_dataset *train, int seeds, ts_lr_range_options o) {
    *f = (ts_lr_finder){.seeds = seeds, .suggestion = NAN};
    if (seeds < 1 || o.num_iter < 2) return ts_fail("lr finder: need at least one seed and 2 steps");
    f->n = calloc((size_t)seeds, sizeof *f->n);
    f->lrs = calloc((size_t)seeds, sizeof *f->lrs);
    f->losses = calloc((size_t)seeds, sizeof *f->losses);
    f->steepest = calloc((size_t)seeds, sizeof *f->steepest);
    f->min10 = calloc((size_t)seeds, sizeof *f->min10);
    if (!f->n || !f->lrs || !f->losses || !f->steepest || !f->min10) {
        ts_lr_finder_free(f);
        return ts_fail("out of memory");
    }
    ts_run_config config = *c;
    config.schedule = (ts_lr_schedule){0}; /* the test drives the lr itself */
    double log_sum = 0.0;
    int found = 0;
    for (int k = 0; k < seeds; k++) {
        ts_run r;
        f->lrs[k] = calloc((size_t)o.num_iter, sizeof(double));
        f->losses[k] = calloc((size_t)o.num_iter, sizeof(double));
        int status = f->lrs[k] && f->losses[k] ? TS_OK : ts_fail("out of memory");
        if (status == TS_OK) status = ts_run_init(&r, &config, (uint64_t)k + 1, train, train);
        if (status == TS_OK) {
            status = ts_lr_range_test(&r.trainer, &r.train, o, f->lrs[k], f->losses[k], &f->n[k]);
            ts_run_free(&r);
        }
        if (status != TS_OK) {
            ts_lr_finder_free(f);
            return TS_ERR;
        }
        f->steepest[k] = ts_lr_range_steepest(f->lrs[k], f->losses[k], f->n[k], 10, 5);
        f->min10[k] = ts_lr_range_min_over_10(f->lrs[k], f->losses[k], f->n[k]);
        if (f->steepest[k] > 0.0) {
            log_sum += log(f->steepest[k]);
            found++;
        }
    }
    if (found) f->suggestion = exp(log_sum / found);
    return TS_OK;
}

void ts_lr_finder_table(ts_report *r, const ts_lr_finder *f, const ts_lr_range_options *o, int batch_size) {
    ts_report_printf(r, "Smith's range test (lib/train/lr_range.c, torch-lr-finder's defaults), once per seed: from fresh "
                        "weights, %d steps of batch %d while the lr grows exponentially from %g to %g; the loss smoothed "
                        "by an exponential moving average (%g); a test stops when that exceeds %g× its minimum. A seed's "
                        "suggestion: the lr where the smoothed loss falls fastest (skipping the first 10 and last 5 "
                        "points). Over the seeds: the geometric mean of their suggestions, **%.3g**.\n\n"
                        "| seed | steps | steepest descent | minimum / 10 |\n|---|---|---|---|\n",
                     o->num_iter, batch_size, o->start_lr, o->end_lr, o->smooth, o->diverge_th, f->suggestion);
    for (int k = 0; k < f->seeds; k++)
        ts_report_printf(r, "| %d | %d | %.3g | %.3g |\n", k + 1, f->n[k], f->steepest[k], f->min10[k]);
    ts_report_printf(r, "\n");
}

int ts_lr_finder_chart(const ts_lr_finder *f, const char *dir, const char *name, const double *marks,
                       const char *const *mark_labels, int nmarks) {
    const int nlines = f->seeds + 1 + nmarks;
    ts_series *series = calloc((size_t)nlines, sizeof *series);
    char(*labels)[40] = calloc((size_t)f->seeds, sizeof *labels);
    double *x = calloc(2 * (size_t)(1 + nmarks), sizeof *x);
    if (!series || !labels || !x) {
        free(series);
        free(labels);
        free(x);
        return ts_fail("out of memory");
    }
    /* the y range: from the lowest smoothed loss to 1.5× the highest starting one, so the
       explosion at the end leaves the chart instead of flattening the part that matters */
    double y[2] = {INFINITY, 0.0};
    for (int k = 0; k < f->seeds; k++) {
        snprintf(labels[k], sizeof labels[k], "seed %d", k + 1);
        series[k] = (ts_series){.label = labels[k], .color = k, .npoints = f->n[k], .x = f->lrs[k], .mean = f->losses[k]};
        for (int i = 0; i < f->n[k]; i++) y[0] = fmin(y[0], f->losses[k][i]);
        if (f->n[k] > 0) y[1] = fmax(y[1], 1.5 * f->losses[k][0]);
    }
    if (!(y[1] > y[0])) y[0] = y[1] = 0.0; /* no curve: gnuplot's own range */
    for (int m = 0; m <= nmarks; m++) {
        x[2 * m] = x[2 * m + 1] = m == 0 ? f->suggestion : marks[m - 1];
        series[f->seeds + m] = (ts_series){.label = m == 0 ? "suggested lr (geometric mean)" : mark_labels[m - 1],
                                           .color = 8 + m, .dashed = 1, .npoints = isfinite(x[2 * m]) ? 2 : 0,
                                           .x = x + 2 * m, .mean = y};
    }
    const ts_chart c = {.dir = dir, .name = name, .title = "LR range test: loss while the lr grows exponentially",
                        .xlabel = "learning rate (log scale)", .ylabel = "training loss (EMA of the batch losses)",
                        .logx = 1, .ymin = y[0] > 0 ? 0.9 * y[0] : y[0], .ymax = y[1]};
    const int status = ts_chart_lines(&c, series, nlines, NULL);
    free(series);
    free(labels);
    free(x);
    return status;
}
