#include "step_loss.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../plot/chart.h"

static void log_loss(void *ctx, const ts_trainer *t, long step, double loss, long samples) {
    (void)t;
    (void)samples;
    ((double *)ctx)[step - 1] = loss;
}

int ts_study_chart_first_epoch(ts_lesson *L, const ts_study *s, const int *variants, int n, int seed, const char *name,
                               const char *title) {
    int steps = 1; /* the longest first epoch of the variants, in optimizer steps */
    for (int i = 0; i < n; i++) {
        const ts_run_config c = ts_study_config(L, s, variants[i]);
        const int size = c.train_size > 0 && c.train_size < L->train.n ? c.train_size : L->train.n;
        const int batches = (size + c.batch_size - 1) / c.batch_size, accum = c.accum_iter > 1 ? c.accum_iter : 1;
        if ((batches + accum - 1) / accum > steps) steps = (batches + accum - 1) / accum;
    }
    double *loss = malloc((size_t)(n + 1) * (size_t)steps * sizeof *loss), *x = loss + (size_t)n * steps;
    ts_series *series = calloc((size_t)n, sizeof *series);
    int status = loss && series ? TS_OK : ts_fail("out of memory");
    for (int i = 0; i < n && status == TS_OK; i++) {
        const ts_run_config c = ts_study_config(L, s, variants[i]);
        double *line = loss + (size_t)i * steps;
        for (int k = 0; k < steps; k++) {
            line[k] = NAN;
            x[k] = k + 1;
        }
        ts_run r;
        ts_metrics m;
        if ((status = ts_run_init(&r, &c, (uint64_t)seed, &L->train, &L->test)) != TS_OK) break;
        r.trainer.on_group = log_loss;
        r.trainer.on_group_ctx = line;
        status = ts_train_epoch(&r.trainer, &r.train, 0, NULL, &m); /* stops at a non-finite loss */
        ts_run_free(&r);
        series[i] = (ts_series){.label = s->variants[variants[i]].label, .color = variants[i], .npoints = steps, .x = x,
                                .mean = line};
    }
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = title, .xlabel = "optimizer step", .logy = 1,
                            .ylabel = "training cross-entropy of the batch (log scale)"};
    if (status == TS_OK) status = ts_chart_lines(&chart, series, n, NULL);
    free(loss);
    free(series);
    return status;
}
