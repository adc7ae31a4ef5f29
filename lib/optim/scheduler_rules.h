/* Inside the schedulers: the struct the rule files (lr_decay.c, lr_cosine.c, lr_plateau.c)
 * fill in, and the machinery they share (scheduler.c). Programs use scheduler.h. */
#ifndef TS_SCHEDULER_RULES_H
#define TS_SCHEDULER_RULES_H

#include "scheduler.h"

typedef enum { TS_CHAINABLE, TS_PLATEAU, TS_SEQUENTIAL } ts_scheduler_kind;

/* One phase of OneCycleLR: from start_lr (momentum start_m) at the previous phase's end
   to end_lr (end_m) at step end_step. */
typedef struct {
    double end_step, start_lr, end_lr, start_m, end_m;
} ts_one_cycle_phase;

struct ts_scheduler {
    const char *name;          /* PyTorch's class name */
    ts_scheduler_kind kind;
    ts_optimizer *opt;
    double base_lr;            /* base_lrs[0]: the optimizer's initial_lr */
    double lr;                 /* group['lr'] in double; opt->lr holds its float rounding */
    long last_epoch;           /* step() calls; the constructor's step makes it 0 */
    long max_epoch;            /* 0: none; OneCycleLR: total_steps (stepping past it fails) */
    /* The rule. get_lr: the lr at last_epoch from the current lr (PyTorch's get_lr(), the
       chainable form). closed_form: the lr at last_epoch from base_lr alone
       (_get_closed_form_lr, what step(epoch) uses); NULL where PyTorch has none. */
    double (*get_lr)(ts_scheduler *s, double lr);
    double (*closed_form)(ts_scheduler *s);
    void *owned;               /* freed with the scheduler: MultiStepLR's and SequentialLR's milestones */
    union { /* the PyTorch class's own fields */
        struct { long step_size; double gamma; } step;
        struct { long *milestones; int n; double gamma; } multi_step;
        struct { double gamma; } exponential;
        struct { ts_lr_lambda fn; void *ctx; } lambda;
        struct { double start_factor, end_factor; long total_iters; } linear;
        struct { long T_max; double eta_min; } cosine;
        struct { long T_0, T_mult; double T_i, T_cur, eta_min; } restarts;
        struct { ts_one_cycle_phase phase[3]; int nphases; ts_one_cycle_options o; } one_cycle;
        struct { ts_plateau_options o; double best; int num_bad_epochs, cooldown_counter; } plateau;
        struct { ts_scheduler **schedulers; int n; long *milestones; } sequential;
    };
};

/* A zeroed scheduler on opt (base_lr = opt->initial_lr, lr = opt->lr); NULL on OOM. */
ts_scheduler *ts_scheduler_alloc(ts_optimizer *opt, const char *name);
/* The constructor's _initial_step(): last_epoch −1 → 0 through one step(). Frees s and
   returns NULL on failure, so a constructor can end with `return ts_scheduler_start(s);`. */
ts_scheduler *ts_scheduler_start(ts_scheduler *s);
/* group['lr']: the scheduler's double, unless opt->lr was changed from outside. */
double ts_scheduler_group_lr(const ts_scheduler *s);
/* group['lr'] = lr: the double in s, its float rounding in the optimizer. */
void ts_scheduler_set_lr(ts_scheduler *s, double lr);
/* ReduceLROnPlateau.step(metrics) (lr_plateau.c), behind ts_scheduler_step_metric. */
void ts_plateau_step(ts_scheduler *s, double metric);

#endif
