/* Learning-rate schedulers over any optimizer, with torch.optim.lr_scheduler's (1.13)
 * semantics, seed section 4:
 *
 *   ts_optimizer *opt = ts_sgd(params, grads, n, 0.01f, (ts_sgd_options){.momentum = 0.9f});
 *   ts_scheduler *s = ts_step_lr(opt, 1, 0.99);   // the constructor performs one step: last_epoch 0
 *   for (int epoch = 0; epoch < 100; epoch++) {
 *       train(...);                               // ts_optimizer_step(opt) for every batch
 *       ts_scheduler_step(s);                     // after the optimizer's steps, as PyTorch ≥ 1.1
 *       printf("lr %g\n", ts_scheduler_get_last_lr(s));
 *   }
 *   ts_scheduler_free(s);
 *
 * What a step is — an epoch or an iteration — is up to the caller: call step() once per
 * epoch or once per optimizer step (OneCycleLR is meant per iteration). A scheduler whose
 * step() is never called leaves the optimizer's lr at its construction value for ever —
 * the answer to the seed's "these seem not to need scheduler.step()".
 *
 * PyTorch's bookkeeping, kept here: `last_epoch` counts step() calls, the constructor's
 * own step making it 0; `base_lr` is the optimizer's initial_lr; get_lr() is PyTorch's
 * chainable (recursive) form — StepLR multiplies the *current* lr by γ at each boundary,
 * CosineAnnealingLR follows the recursion η_{t+1} = η_min + (η_t − η_min)·(1 + cos(π(t+1)/T))
 * / (1 + cos(πt/T)) — so the values match PyTorch step by step, also past T_max (where the
 * cosine climbs back to the base lr at 2·T_max) and when something else changes the lr.
 *
 * Precision: PyTorch keeps group['lr'] as a Python float (double) and recurses on it; our
 * optimizer's lr is a float32 field. Recursing on the float would add a rounding of ~6e-8
 * relative per step (1e-5 after 200 steps). So every scheduler keeps the lr sequence in
 * double (`lr`) and writes its float32 rounding into opt->lr after each step; the next step
 * recurses on the double. If opt->lr no longer equals that rounding, someone else changed
 * it (a hand-written decay, another scheduler) and the recursion continues from opt->lr, as
 * PyTorch's chainable forms do.
 *
 * Parameter groups: our optimizer has one learning rate for the whole flat parameter array
 * (one parameter group), so each scheduler schedules one lr; PyTorch's per-group lists are
 * lists of one here.
 *
 * Construction may allocate; ts_scheduler_step never does (safe inside the training step).
 * Bad arguments → NULL with a message (ts_error()). */
#ifndef TS_SCHEDULER_H
#define TS_SCHEDULER_H

#include "optimizer.h"

typedef struct ts_scheduler ts_scheduler;

/* A multiplicative factor of the epoch, for LambdaLR and MultiplicativeLR: the C form of
 * the seed's `lambda epoch: 0.95 ** epoch`. ctx is the user data given at construction. */
typedef double (*ts_lr_lambda)(long epoch, void *ctx);

/* OneCycleLR's keyword arguments. Start from TS_ONE_CYCLE_DEFAULTS (PyTorch's defaults)
 * and change what you need:  ts_one_cycle_options o = TS_ONE_CYCLE_DEFAULTS; o.pct_start = 0.25;
 * cycle_momentum needs SGD created with momentum, or Adam (whose β1 is cycled): PyTorch
 * would silently turn plain SGD into momentum SGD, we refuse with an error instead. */
typedef struct {
    double pct_start;
    int linear_anneal;       /* 1: anneal_strategy='linear', 0: 'cos' */
    int three_phase;
    int cycle_momentum;
    double base_momentum, max_momentum;
    double div_factor, final_div_factor;
} ts_one_cycle_options;
#define TS_ONE_CYCLE_DEFAULTS                                                                   \
    ((ts_one_cycle_options){.pct_start = 0.3, .cycle_momentum = 1, .base_momentum = 0.85,      \
                            .max_momentum = 0.95, .div_factor = 25.0, .final_div_factor = 1e4})

/* ReduceLROnPlateau's keyword arguments; start from TS_PLATEAU_DEFAULTS (PyTorch's). */
typedef struct {
    int mode_max;            /* 1: mode='max' (the metric should increase), 0: 'min' */
    int threshold_abs;       /* 1: threshold_mode='abs', 0: 'rel' */
    double factor, threshold, min_lr, eps;
    int patience, cooldown;
} ts_plateau_options;
#define TS_PLATEAU_DEFAULTS \
    ((ts_plateau_options){.factor = 0.1, .patience = 10, .threshold = 1e-4, .eps = 1e-8})

/* The schedulers, named and parameterised as PyTorch's (last_epoch = −1, verbose = False). */
ts_scheduler *ts_step_lr(ts_optimizer *opt, long step_size, double gamma);
ts_scheduler *ts_multi_step_lr(ts_optimizer *opt, const long *milestones, int nmilestones, double gamma);
ts_scheduler *ts_exponential_lr(ts_optimizer *opt, double gamma);
ts_scheduler *ts_lambda_lr(ts_optimizer *opt, ts_lr_lambda lr_lambda, void *ctx);
ts_scheduler *ts_multiplicative_lr(ts_optimizer *opt, ts_lr_lambda lr_lambda, void *ctx);
ts_scheduler *ts_linear_lr(ts_optimizer *opt, double start_factor, double end_factor, long total_iters);
ts_scheduler *ts_cosine_annealing_lr(ts_optimizer *opt, long T_max, double eta_min);
ts_scheduler *ts_cosine_annealing_warm_restarts(ts_optimizer *opt, long T_0, long T_mult, double eta_min);
ts_scheduler *ts_one_cycle_lr(ts_optimizer *opt, double max_lr, long total_steps, ts_one_cycle_options o);
ts_scheduler *ts_reduce_lr_on_plateau(ts_optimizer *opt, ts_plateau_options o);
/* SequentialLR: schedulers[i] runs from milestones[i−1] (0 for the first) on; at a milestone
 * the next scheduler restarts at its epoch 0 (its closed form: StepLR, CosineAnnealingLR …
 * start again from the base lr). The schedulers must have been built on `opt`, in order; the
 * SequentialLR takes ownership of them (also on failure). nmilestones = n − 1. */
ts_scheduler *ts_sequential_lr(ts_optimizer *opt, ts_scheduler **schedulers, int n, const long *milestones);

void ts_scheduler_free(ts_scheduler *s);

/* scheduler.step(): last_epoch += 1 and the new lr into the optimizer. TS_ERR (message
 * set) when OneCycleLR is stepped past total_steps — PyTorch raises there — or when
 * called on ReduceLROnPlateau, which needs its metric. */
int ts_scheduler_step(ts_scheduler *s);
/* ReduceLROnPlateau.step(metrics): TS_ERR on any other scheduler. */
int ts_scheduler_step_metric(ts_scheduler *s, double metric);
/* get_last_lr()[0], in double as PyTorch returns it. */
double ts_scheduler_get_last_lr(const ts_scheduler *s);
/* last_epoch: step() calls, 0 right after construction. */
long ts_scheduler_last_epoch(const ts_scheduler *s);
/* "StepLR", "CosineAnnealingLR", ... */
const char *ts_scheduler_name(const ts_scheduler *s);

#endif
