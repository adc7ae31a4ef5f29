/* Every optimizer step of an epoch, logged through the trainer's on_group hook: the
 * group's mean loss, its samples, and the norm of the gradient about to be applied.
 *
 *   ts_step_log log;
 *   ts_step_log_attach(&log, &trainer, &loader);   // sized for one epoch of the loader
 *   ts_train_epoch(&trainer, &loader, 0, NULL, &metrics);
 *   log.grad_norm[log.n - 1]                       // the epoch's last step
 *   ts_step_log_free(&log);                        // and detach it (trainer.on_group = NULL)
 *
 * Lesson 7 reads the last step of an epoch with it: with the seed's `loss / accum_iter`
 * a short last group's gradient is scaled down by n_last/(k·B). Sized before training,
 * so the hook allocates nothing and the step stays allocation-free. */
#ifndef TS_STEP_LOG_H
#define TS_STEP_LOG_H

#include "../data/loader.h"
#include "train.h"

typedef struct {
    double *loss;      /* the group's mean loss */
    double *grad_norm; /* ‖g‖₂ over all parameters, in double */
    long *samples;     /* the group's samples */
    int n, capacity;   /* steps logged; steps beyond capacity are not (dropped counts them) */
    int dropped;
} ts_step_log;

/* Allocates room for one epoch of `ld` at the trainer's accum_iter and installs the hook.
 * TS_ERR + message when out of memory (the log is then empty and the trainer untouched). */
int ts_step_log_attach(ts_step_log *log, ts_trainer *t, const ts_loader *ld);
void ts_step_log_free(ts_step_log *log, ts_trainer *t);

#endif
