/* The machinery every scheduler shares — PyTorch's _LRScheduler: construction with one
 * initial step, step(), the lr kept in double — and SequentialLR, which chains the others.
 * The rules themselves are in lr_decay.c, lr_cosine.c and lr_plateau.c. */
#include "scheduler_rules.h"

#include <stdlib.h>

#include "../core/error.h"

ts_scheduler *ts_scheduler_alloc(ts_optimizer *opt, const char *name) {
    if (!opt) {
        ts_fail("%s: no optimizer", name);
        return NULL;
    }
    ts_scheduler *s = calloc(1, sizeof *s);
    if (!s) {
        ts_fail("out of memory for a %s", name);
        return NULL;
    }
    s->name = name;
    s->opt = opt;
    s->base_lr = opt->initial_lr;
    s->lr = opt->lr;
    s->last_epoch = -1;
    return s;
}

ts_scheduler *ts_scheduler_start(ts_scheduler *s) {
    if (ts_scheduler_step(s) != TS_OK) {
        ts_scheduler_free(s);
        return NULL;
    }
    return s;
}

double ts_scheduler_group_lr(const ts_scheduler *s) {
    return s->opt->lr == (float)s->lr ? s->lr : (double)s->opt->lr;
}

void ts_scheduler_set_lr(ts_scheduler *s, double lr) {
    s->lr = lr;
    s->opt->lr = (float)lr;
}

/* step(epoch=0), PyTorch's deprecated explicit-epoch step, which SequentialLR uses to
   restart a scheduler at a milestone: the closed form where there is one. */
static void restart(ts_scheduler *s) {
    s->last_epoch = 0;
    ts_scheduler_set_lr(s, s->closed_form ? s->closed_form(s) : s->get_lr(s, ts_scheduler_group_lr(s)));
}

/* SequentialLR.step(): last_epoch += 1, then the scheduler whose interval holds it steps
   (restarting at its milestone). All share the optimizer's one lr, so each continues
   from the lr the previous one left. */
static int sequential_step(ts_scheduler *s) {
    s->last_epoch++;
    int i = 0;
    while (i < s->sequential.n - 1 && s->sequential.milestones[i] <= s->last_epoch) i++; /* bisect_right */
    ts_scheduler *active = s->sequential.schedulers[i];
    active->lr = ts_scheduler_group_lr(s);
    if (i > 0 && s->sequential.milestones[i - 1] == s->last_epoch) restart(active);
    else if (ts_scheduler_step(active) != TS_OK) return TS_ERR;
    s->lr = active->lr;
    return TS_OK;
}

int ts_scheduler_step(ts_scheduler *s) {
    if (s->kind == TS_PLATEAU)
        return ts_fail("ReduceLROnPlateau steps with the metric it watches (ts_scheduler_step_metric)");
    if (s->kind == TS_SEQUENTIAL) return sequential_step(s);
    if (s->max_epoch && s->last_epoch + 1 > s->max_epoch)
        return ts_fail("%s: tried to step %ld times; the specified number of total steps is %ld", s->name,
                       s->last_epoch + 2, s->max_epoch);
    s->last_epoch++;
    ts_scheduler_set_lr(s, s->get_lr(s, ts_scheduler_group_lr(s)));
    return TS_OK;
}

int ts_scheduler_step_metric(ts_scheduler *s, double metric) {
    if (s->kind != TS_PLATEAU) return ts_fail("%s steps without a metric (ts_scheduler_step)", s->name);
    ts_plateau_step(s, metric);
    return TS_OK;
}

ts_scheduler *ts_sequential_lr(ts_optimizer *opt, ts_scheduler **schedulers, int n, const long *milestones) {
    ts_scheduler *s = n >= 1 ? ts_scheduler_alloc(opt, "SequentialLR") : NULL;
    if (n < 1) ts_fail("SequentialLR needs at least one scheduler");
    if (s) {
        s->kind = TS_SEQUENTIAL;
        s->sequential.schedulers = malloc((size_t)n * sizeof *schedulers);
        s->owned = s->sequential.milestones = malloc((size_t)n * sizeof *milestones);
    }
    if (!s || !s->sequential.schedulers || !s->sequential.milestones) {
        if (s) ts_fail("out of memory for a SequentialLR");
        for (int i = 0; i < n; i++) ts_scheduler_free(schedulers[i]);
        ts_scheduler_free(s);
        return NULL;
    }
    for (int i = 0; i < n; i++) s->sequential.schedulers[i] = schedulers[i];
    s->sequential.n = n; /* owned from here on: freed with s */
    for (int i = 0; i < n; i++) {
        if (!schedulers[i] || schedulers[i]->opt != opt || schedulers[i]->kind != TS_CHAINABLE) {
            ts_fail("SequentialLR: scheduler %d is missing, on another optimizer, or not chainable", i);
            goto fail;
        }
        if (i == 0) continue;
        const long m = s->sequential.milestones[i - 1] = milestones[i - 1];
        if (m < 1 || (i > 1 && m <= milestones[i - 2])) {
            ts_fail("SequentialLR: milestones must be positive and increasing, got %ld", m);
            goto fail;
        }
    }
    /* PyTorch's constructor: the lr back to initial_lr, every scheduler's construction step
       undone, and the first one's initial step done again */
    ts_scheduler_set_lr(s, s->base_lr);
    for (int i = 0; i < n; i++) schedulers[i]->last_epoch--;
    schedulers[0]->lr = s->lr;
    if (ts_scheduler_step(schedulers[0]) != TS_OK) goto fail;
    s->lr = schedulers[0]->lr;
    s->last_epoch = 0;
    return s;
fail:
    ts_scheduler_free(s);
    return NULL;
}

void ts_scheduler_free(ts_scheduler *s) {
    if (!s) return;
    if (s->kind == TS_SEQUENTIAL) {
        for (int i = 0; i < s->sequential.n; i++) ts_scheduler_free(s->sequential.schedulers[i]);
        free(s->sequential.schedulers);
    }
    free(s->owned);
    free(s);
}

double ts_scheduler_get_last_lr(const ts_scheduler *s) { return s->lr; }
long ts_scheduler_last_epoch(const ts_scheduler *s) { return s->last_epoch; }
const char *ts_scheduler_name(const ts_scheduler *s) { return s->name; }
