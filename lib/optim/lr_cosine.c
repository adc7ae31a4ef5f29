/* The cosine schedules of torch.optim.lr_scheduler.
 *
 * CosineAnnealingLR (Loshchilov & Hutter 2017, the annealing without restarts), in
 * PyTorch's recursive form, at t = last_epoch from the current lr η:
 *   t = 0:                        η
 *   (t − 1 − T) mod 2T = 0:       η + (η₀ − η_min)(1 − cos(π/T))/2     (#17913: the ratio below
 *                                                                        would be 0/0 there)
 *   otherwise:                    η_min + (η − η_min)·(1 + cos(πt/T)) / (1 + cos(π(t − 1)/T))
 * which equals the closed form η_min + (η₀ − η_min)(1 + cos(πt/T))/2 when nothing else
 * touches the lr — a cosine of period 2T: past T_max the lr climbs back to η₀ at 2T.
 *
 * CosineAnnealingWarmRestarts (SGDR): η_min + (η₀ − η_min)(1 + cos(π·T_cur/T_i))/2, where
 * T_cur counts steps since the last restart and the period T_i starts at T_0 and is
 * multiplied by T_mult at each restart.
 *
 * OneCycleLR (Smith & Topin 2017, fastai's two-phase default): from η₀ = max_lr/div_factor
 * up to max_lr over pct_start of total_steps, then down to η₀/final_div_factor, each phase a
 * half cosine (or a line); the momentum (SGD's, or Adam's β1) moves the other way between
 * max_momentum and base_momentum. Not chainable: it ignores the current lr. */
#include <math.h>

#include "../core/error.h"
#include "scheduler_rules.h"

static double cosine_lr(ts_scheduler *s, double lr) {
    const long t = s->last_epoch, T = s->cosine.T_max;
    const double eta_min = s->cosine.eta_min;
    /* (PyTorch's branch for _step_count == 1 with last_epoch > 0 serves resuming from a given
       last_epoch, which these constructors do not offer.) */
    if (t == 0) return lr;
    if ((t - 1 - T) % (2 * T) == 0) return lr + (s->base_lr - eta_min) * (1.0 - cos(M_PI / (double)T)) / 2.0;
    return (1.0 + cos(M_PI * (double)t / (double)T)) / (1.0 + cos(M_PI * (double)(t - 1) / (double)T)) *
               (lr - eta_min) + eta_min;
}
static double cosine_closed(ts_scheduler *s) {
    const double eta_min = s->cosine.eta_min;
    return eta_min + (s->base_lr - eta_min) * (1.0 + cos(M_PI * (double)s->last_epoch / (double)s->cosine.T_max)) / 2.0;
}

ts_scheduler *ts_cosine_annealing_lr(ts_optimizer *opt, long T_max, double eta_min) {
    if (T_max < 1) {
        ts_fail("CosineAnnealingLR: T_max must be positive, got %ld", T_max);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "CosineAnnealingLR");
    if (!s) return NULL;
    s->get_lr = cosine_lr, s->closed_form = cosine_closed;
    s->cosine.T_max = T_max, s->cosine.eta_min = eta_min;
    return ts_scheduler_start(s);
}

static double restarts_value(const ts_scheduler *s) {
    const double eta_min = s->restarts.eta_min;
    return eta_min + (s->base_lr - eta_min) * (1.0 + cos(M_PI * s->restarts.T_cur / s->restarts.T_i)) / 2.0;
}
/* step(epoch): where epoch falls in the sequence of periods T_0, T_0·T_mult, ... */
static double restarts_closed(ts_scheduler *s) {
    const double epoch = (double)s->last_epoch, T_0 = (double)s->restarts.T_0, T_mult = (double)s->restarts.T_mult;
    if (epoch >= T_0) {
        if (s->restarts.T_mult == 1) {
            s->restarts.T_cur = (double)(s->last_epoch % s->restarts.T_0);
        } else {
            const double n = floor(log(epoch / T_0 * (T_mult - 1.0) + 1.0) / log(T_mult)); /* int(math.log(x, T_mult)) */
            s->restarts.T_cur = epoch - T_0 * (pow(T_mult, n) - 1.0) / (T_mult - 1.0);
            s->restarts.T_i = T_0 * pow(T_mult, n);
        }
    } else {
        s->restarts.T_i = T_0;
        s->restarts.T_cur = epoch;
    }
    return restarts_value(s);
}
/* step(): T_cur += 1, and a restart when it reaches T_i (the first step is step(0)). */
static double restarts_lr(ts_scheduler *s, double lr) {
    if (s->last_epoch == 0) return restarts_closed(s);
    if (++s->restarts.T_cur >= s->restarts.T_i) {
        s->restarts.T_cur -= s->restarts.T_i;
        s->restarts.T_i *= (double)s->restarts.T_mult;
    }
    return restarts_value(s);
}

ts_scheduler *ts_cosine_annealing_warm_restarts(ts_optimizer *opt, long T_0, long T_mult, double eta_min) {
    if (T_0 < 1 || T_mult < 1) {
        ts_fail("CosineAnnealingWarmRestarts: need T_0 >= 1 and T_mult >= 1, got %ld and %ld", T_0, T_mult);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "CosineAnnealingWarmRestarts");
    if (!s) return NULL;
    s->get_lr = restarts_lr, s->closed_form = restarts_closed;
    s->restarts.T_0 = T_0, s->restarts.T_mult = T_mult, s->restarts.eta_min = eta_min;
    s->restarts.T_i = (double)T_0, s->restarts.T_cur = -1.0;
    return ts_scheduler_start(s);
}

static double anneal(const ts_one_cycle_options *o, double start, double end, double pct) {
    if (o->linear_anneal) return (end - start) * pct + start;
    return end + (start - end) / 2.0 * (cos(M_PI * pct) + 1.0);
}

static void set_momentum(ts_scheduler *s, double m) {
    if (s->opt->kind == TS_SGD) s->opt->sgd.momentum = (float)m;
    else s->opt->adam.beta1 = (float)m;
}

static double one_cycle_lr(ts_scheduler *s, double lr) {
    const double t = (double)s->last_epoch;
    double start = 0.0;
    for (int i = 0; i < s->one_cycle.nphases; i++) {
        const ts_one_cycle_phase *p = &s->one_cycle.phase[i];
        if (t <= p->end_step || i == s->one_cycle.nphases - 1) {
            const double pct = (t - start) / (p->end_step - start);
            if (s->one_cycle.o.cycle_momentum) set_momentum(s, anneal(&s->one_cycle.o, p->start_m, p->end_m, pct));
            return anneal(&s->one_cycle.o, p->start_lr, p->end_lr, pct);
        }
        start = p->end_step;
    }
    return lr; /* not reached: the last phase always applies */
}

ts_scheduler *ts_one_cycle_lr(ts_optimizer *opt, double max_lr, long total_steps, ts_one_cycle_options o) {
    if (total_steps < 1 || !(o.pct_start >= 0.0 && o.pct_start <= 1.0) || !(max_lr > 0.0) || !(o.div_factor > 0.0) ||
        !(o.final_div_factor > 0.0)) {
        ts_fail("OneCycleLR: need total_steps >= 1, 0 <= pct_start <= 1, positive max_lr and div factors; got "
                "%ld, %g, %g", total_steps, o.pct_start, max_lr);
        return NULL;
    }
    if (o.cycle_momentum && opt && opt->kind == TS_SGD && !opt->state1) {
        ts_fail("OneCycleLR: cycle_momentum needs SGD created with momentum (or set cycle_momentum = 0)");
        return NULL;
    }
    const double up_end = o.pct_start * (double)total_steps - 1.0;
    /* step 0 divides by the warm-up's length: PyTorch raises ZeroDivisionError (after setting
       initial_lr and the momentum), a C division would make the lr NaN */
    if (up_end == 0.0) {
        ts_fail("OneCycleLR: pct_start · total_steps = %g · %ld = 1 leaves the warm-up no step", o.pct_start,
                total_steps);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "OneCycleLR");
    if (!s) return NULL;
    s->get_lr = one_cycle_lr; /* no closed form in PyTorch */
    s->max_epoch = total_steps;
    s->one_cycle.o = o;
    /* the group's initial_lr, max_lr and min_lr, as PyTorch stores them */
    const double initial = max_lr / o.div_factor, min_lr = initial / o.final_div_factor;
    const double hi_m = o.max_momentum, lo_m = o.base_momentum;
    s->base_lr = initial;
    ts_one_cycle_phase *p = s->one_cycle.phase;
    p[0] = (ts_one_cycle_phase){up_end, initial, max_lr, hi_m, lo_m};
    if (o.three_phase) {
        p[1] = (ts_one_cycle_phase){2.0 * o.pct_start * (double)total_steps - 2.0, max_lr, initial, lo_m, hi_m};
        p[2] = (ts_one_cycle_phase){(double)total_steps - 1.0, initial, min_lr, hi_m, hi_m};
        s->one_cycle.nphases = 3;
    } else {
        p[1] = (ts_one_cycle_phase){(double)total_steps - 1.0, max_lr, min_lr, lo_m, hi_m};
        s->one_cycle.nphases = 2;
    }
    /* the first step sets the lr and the momentum; initial_lr only once the scheduler exists,
       so that a failed construction leaves the optimizer as it was */
    s = ts_scheduler_start(s);
    if (s) opt->initial_lr = (float)initial;
    return s;
}
