#include "step_log.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"

static void log_step(void *ctx, const ts_trainer *t, long step, double loss, long samples) {
    ts_step_log *log = ctx;
    if (log->n == log->capacity) {
        log->dropped++;
        return;
    }
    double sq = 0.0;
    for (size_t i = 0; i < t->model->nparams; i++) sq += (double)t->model->grads[i] * t->model->grads[i];
    log->loss[log->n] = loss;
    log->grad_norm[log->n] = sqrt(sq);
    log->samples[log->n++] = samples;
}

int ts_step_log_attach(ts_step_log *log, ts_trainer *t, const ts_loader *ld) {
    const int k = t->accum_iter > 0 ? t->accum_iter : 1;
    const int steps = (ts_loader_num_batches(ld) + k - 1) / k;
    *log = (ts_step_log){.capacity = steps};
    log->loss = calloc((size_t)steps + 1, sizeof *log->loss);
    log->grad_norm = calloc((size_t)steps + 1, sizeof *log->grad_norm);
    log->samples = calloc((size_t)steps + 1, sizeof *log->samples);
    if (!log->loss || !log->grad_norm || !log->samples) {
        ts_step_log_free(log, NULL);
        return ts_fail("out of memory for a log of %d steps", steps);
    }
    t->on_group = log_step;
    t->on_group_ctx = log;
    return TS_OK;
}

void ts_step_log_free(ts_step_log *log, ts_trainer *t) {
    if (t && t->on_group_ctx == log) {
        t->on_group = NULL;
        t->on_group_ctx = NULL;
    }
    free(log->loss);
    free(log->grad_norm);
    free(log->samples);
    *log = (ts_step_log){0};
}
