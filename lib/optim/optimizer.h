/* Optimizers over a flat parameter array, with PyTorch 1.13's exact update rules.
 *
 * Because a model keeps all parameters in one array and all gradients in another, an
 * optimizer is one loop over n floats. `lr` is a plain field: read it to print the
 * current learning rate (the seed's "print learning rate"), write it to schedule it.
 *
 *   ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.01f, (ts_sgd_options){.momentum = 0.9f});
 *   ... ts_optimizer_step(opt); printf("lr %g\n", opt->lr);
 */
#ifndef TS_OPTIMIZER_H
#define TS_OPTIMIZER_H

#include <stddef.h>

typedef enum { TS_SGD, TS_ADAM } ts_optimizer_kind;

/* torch.optim.SGD's defaults are all zero (momentum 0, dampening 0, weight_decay 0, nesterov
   False), so `(ts_sgd_options){.momentum = 0.9f}` leaves the rest at PyTorch's defaults. */
typedef struct {
    float momentum, dampening, weight_decay;
    int nesterov;
} ts_sgd_options;

/* weight_decay is L2, added to the gradient — not AdamW's decoupled decay. A zero field means
   zero (betas (0, 0.9), eps 0 are all valid in PyTorch), so start from the defaults:
     ts_adam_options o = TS_ADAM_DEFAULTS;
     o.beta1 = 0.5f;                                  // DCGAN's Adam(betas=(0.5, 0.999)) */
typedef struct {
    float beta1, beta2, eps, weight_decay;
} ts_adam_options;
/* torch.optim.Adam's defaults: betas (0.9, 0.999), eps 1e-8, weight_decay 0. */
#define TS_ADAM_DEFAULTS ((ts_adam_options){.beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .weight_decay = 0.0f})

typedef struct {
    ts_optimizer_kind kind;
    float lr;
    float initial_lr;     /* lr at construction; schedulers scale from it */
    float *params;        /* n, not owned */
    const float *grads;   /* n, not owned */
    size_t n;
    long steps;           /* optimizer.step() calls so far */
    ts_sgd_options sgd;
    ts_adam_options adam;
    float *state1, *state2; /* SGD: momentum buffer; Adam: exp_avg, exp_avg_sq */
} ts_optimizer;

/* NULL, with PyTorch's error message ("Invalid beta parameter at index 0: 1.5"), for a value
   torch.optim.SGD or Adam refuses: lr, momentum, weight_decay, eps < 0, a beta outside [0, 1),
   Nesterov without momentum or with dampening; and, stricter than PyTorch, any NaN or
   infinity (PyTorch's `lr < 0.0` lets NaN through to the weights). */
ts_optimizer *ts_sgd(float *params, const float *grads, size_t n, float lr, ts_sgd_options o);
ts_optimizer *ts_adam(float *params, const float *grads, size_t n, float lr, ts_adam_options o);
void ts_optimizer_free(ts_optimizer *opt);
void ts_optimizer_step(ts_optimizer *opt);
/* Bytes of optimizer state: SGD with momentum keeps one float per parameter (the momentum
   buffer), Adam two (exp_avg, exp_avg_sq), plain SGD none. For memory accounting
   (lib/train/memory.h). */
size_t ts_optimizer_state_bytes(const ts_optimizer *opt);
/* Rebinds to another model's arrays of the same size (a replica, a restored copy). */
void ts_optimizer_rebind(ts_optimizer *opt, float *params, const float *grads);

/* The update rules, one file each (sgd.c, adam.c); called by ts_optimizer_step. */
void ts_sgd_step(ts_optimizer *opt);
void ts_adam_step(ts_optimizer *opt);

#endif
