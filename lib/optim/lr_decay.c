/* The multiplicative schedules of torch.optim.lr_scheduler, each as PyTorch's chainable
 * get_lr() (from the current lr η, at t = last_epoch) and, where PyTorch has one, its
 * closed form (from the base lr η₀):
 *
 *   StepLR          η ← η·γ when t > 0 and t mod step_size = 0      closed: η₀·γ^⌊t/step_size⌋
 *   MultiStepLR     η ← η·γ^c, c = how often t is a milestone       closed: η₀·γ^(milestones ≤ t)
 *                   (a multiset: a repeated milestone applies γ twice)
 *   ExponentialLR   η ← η·γ for t > 0                               closed: η₀·γ^t
 *   LambdaLR        η = η₀·λ(t)                   (absolute: λ is the whole schedule)
 *   MultiplicativeLR η ← η·λ(t) for t > 0         (relative: the factors compound, so the
 *                   seed's λ(t) = 0.95^t gives η₀·0.95^(t(t+1)/2), not η₀·0.95^t)
 *   LinearLR        η₀·f(t), f going linearly from start_factor to end_factor over
 *                   total_iters steps, then constant; chainable:
 *                   t = 0: η·start;  t ≤ total: η·(1 + (end − start)/(total·start + (t − 1)(end − start)))
 */
#include <math.h>
#include <stdlib.h>

#include "../core/error.h"
#include "scheduler_rules.h"

static double step_lr(ts_scheduler *s, double lr) {
    const long t = s->last_epoch;
    return t == 0 || t % s->step.step_size != 0 ? lr : lr * s->step.gamma;
}
static double step_closed(ts_scheduler *s) {
    return s->base_lr * pow(s->step.gamma, (double)(s->last_epoch / s->step.step_size));
}

ts_scheduler *ts_step_lr(ts_optimizer *opt, long step_size, double gamma) {
    if (step_size < 1) {
        ts_fail("StepLR: step_size must be positive, got %ld", step_size);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "StepLR");
    if (!s) return NULL;
    s->get_lr = step_lr, s->closed_form = step_closed;
    s->step.step_size = step_size, s->step.gamma = gamma;
    return ts_scheduler_start(s);
}

/* How many milestones equal t (Counter(milestones)[t]) or are ≤ t (bisect_right). */
static int milestones_at(const ts_scheduler *s, long t, int up_to) {
    int c = 0;
    for (int i = 0; i < s->multi_step.n; i++) c += up_to ? s->multi_step.milestones[i] <= t : s->multi_step.milestones[i] == t;
    return c;
}
static double multi_step_lr(ts_scheduler *s, double lr) {
    const int c = milestones_at(s, s->last_epoch, 0);
    return c == 0 ? lr : lr * pow(s->multi_step.gamma, c);
}
static double multi_step_closed(ts_scheduler *s) {
    return s->base_lr * pow(s->multi_step.gamma, milestones_at(s, s->last_epoch, 1));
}

ts_scheduler *ts_multi_step_lr(ts_optimizer *opt, const long *milestones, int nmilestones, double gamma) {
    if (nmilestones < 0 || (nmilestones > 0 && !milestones)) {
        ts_fail("MultiStepLR: invalid milestones");
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "MultiStepLR");
    if (!s) return NULL;
    s->get_lr = multi_step_lr, s->closed_form = multi_step_closed;
    s->owned = s->multi_step.milestones = malloc(((size_t)nmilestones + 1) * sizeof *milestones);
    if (!s->multi_step.milestones) {
        ts_scheduler_free(s);
        ts_fail("out of memory for MultiStepLR's milestones");
        return NULL;
    }
    for (int i = 0; i < nmilestones; i++) s->multi_step.milestones[i] = milestones[i];
    s->multi_step.n = nmilestones, s->multi_step.gamma = gamma;
    return ts_scheduler_start(s);
}

static double exponential_lr(ts_scheduler *s, double lr) { return s->last_epoch == 0 ? lr : lr * s->exponential.gamma; }
static double exponential_closed(ts_scheduler *s) { return s->base_lr * pow(s->exponential.gamma, (double)s->last_epoch); }

ts_scheduler *ts_exponential_lr(ts_optimizer *opt, double gamma) {
    ts_scheduler *s = ts_scheduler_alloc(opt, "ExponentialLR");
    if (!s) return NULL;
    s->get_lr = exponential_lr, s->closed_form = exponential_closed;
    s->exponential.gamma = gamma;
    return ts_scheduler_start(s);
}

static double lambda_lr(ts_scheduler *s, double lr) { return s->base_lr * s->lambda.fn(s->last_epoch, s->lambda.ctx); }
static double multiplicative_lr(ts_scheduler *s, double lr) {
    return s->last_epoch > 0 ? lr * s->lambda.fn(s->last_epoch, s->lambda.ctx) : lr;
}

static ts_scheduler *with_lambda(ts_optimizer *opt, const char *name, double (*rule)(ts_scheduler *, double),
                                 ts_lr_lambda fn, void *ctx) {
    if (!fn) {
        ts_fail("%s: no lr_lambda", name);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, name);
    if (!s) return NULL;
    s->get_lr = rule; /* PyTorch has no closed form for either */
    s->lambda.fn = fn, s->lambda.ctx = ctx;
    return ts_scheduler_start(s);
}

ts_scheduler *ts_lambda_lr(ts_optimizer *opt, ts_lr_lambda lr_lambda, void *ctx) {
    return with_lambda(opt, "LambdaLR", lambda_lr, lr_lambda, ctx);
}
ts_scheduler *ts_multiplicative_lr(ts_optimizer *opt, ts_lr_lambda lr_lambda, void *ctx) {
    return with_lambda(opt, "MultiplicativeLR", multiplicative_lr, lr_lambda, ctx);
}

static double linear_lr(ts_scheduler *s, double lr) {
    const long t = s->last_epoch, total = s->linear.total_iters;
    const double a = s->linear.start_factor, b = s->linear.end_factor;
    if (t == 0) return lr * a;
    if (t > total) return lr;
    return lr * (1.0 + (b - a) / ((double)total * a + (double)(t - 1) * (b - a)));
}
static double linear_closed(ts_scheduler *s) {
    const long t = s->last_epoch, total = s->linear.total_iters;
    const double a = s->linear.start_factor, b = s->linear.end_factor;
    return s->base_lr * (a + (b - a) * (double)(t < total ? t : total) / (double)total);
}

ts_scheduler *ts_linear_lr(ts_optimizer *opt, double start_factor, double end_factor, long total_iters) {
    /* PyTorch accepts start_factor 0 and then divides by zero at the first step */
    if (!(start_factor > 0.0 && start_factor <= 1.0) || !(end_factor >= 0.0 && end_factor <= 1.0) || total_iters < 1) {
        ts_fail("LinearLR: need 0 < start_factor <= 1, 0 <= end_factor <= 1, total_iters >= 1; got %g, %g, %ld",
                start_factor, end_factor, total_iters);
        return NULL;
    }
    ts_scheduler *s = ts_scheduler_alloc(opt, "LinearLR");
    if (!s) return NULL;
    s->get_lr = linear_lr, s->closed_form = linear_closed;
    s->linear.start_factor = start_factor, s->linear.end_factor = end_factor, s->linear.total_iters = total_iters;
    return ts_scheduler_start(s);
}
