/* ReduceLROnPlateau: multiply the lr by `factor` when a watched metric (a validation loss,
 * an accuracy) has not improved for more than `patience` epochs, then wait `cooldown`
 * epochs before counting again. "Improved" in mode min means below best·(1 − threshold)
 * ('rel') or best − threshold ('abs'); mode max mirrors it. A reduction that would change
 * the lr by eps or less, or take it below min_lr, is clipped/skipped. PyTorch 1.13's
 * ReduceLROnPlateau, which is not an _LRScheduler: no initial step, last_epoch starts at 0. */
#include <math.h>

#include "../core/error.h"
#include "scheduler_rules.h"

static int is_better(const ts_plateau_options *o, double a, double best) {
    if (!o->mode_max) return o->threshold_abs ? a < best - o->threshold : a < best * (1.0 - o->threshold);
    return o->threshold_abs ? a > best + o->threshold : a > best * (o->threshold + 1.0);
}

void ts_plateau_step(ts_scheduler *s, double metric) {
    const ts_plateau_options *o = &s->plateau.o;
    s->last_epoch++;
    if (is_better(o, metric, s->plateau.best)) {
        s->plateau.best = metric;
        s->plateau.num_bad_epochs = 0;
    } else {
        s->plateau.num_bad_epochs++;
    }
    if (s->plateau.cooldown_counter > 0) {
        s->plateau.cooldown_counter--;
        s->plateau.num_bad_epochs = 0; /* bad epochs in cooldown do not count */
    }
    if (s->plateau.num_bad_epochs > o->patience) {
        const double old_lr = ts_scheduler_group_lr(s), new_lr = fmax(old_lr * o->factor, o->min_lr);
        if (old_lr - new_lr > o->eps) ts_scheduler_set_lr(s, new_lr);
        s->plateau.cooldown_counter = o->cooldown;
        s->plateau.num_bad_epochs = 0;
    }
}

ts_scheduler *ts_reduce_lr_on_plateau(ts_optimizer *opt, ts_plateau_options o) {
    if (!(o.factor < 1.0) || o.patience < 0 || o.cooldown < 0) {
        ts_fail("ReduceLROnPlateau: need factor < 1 and non-negative patience and cooldown; got %g, %d, %d", o.factor,
                o.patience, o.cooldown);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "ReduceLROnPlateau");
    if (!s) return NULL;
    s->kind = TS_PLATEAU;
    s->last_epoch = 0;
    s->plateau.o = o;
    s->plateau.best = o.mode_max ? -INFINITY : INFINITY;
    return s;
}
