/* The training and evaluation loops (classification with cross-entropy).
 *
 * One optimizer step per group of `accum_iter` mini-batches (gradient accumulation,
 * seed section 7). Each micro-batch's loss gradient is scaled by n_i / S, where n_i is
 * its size and S the number of samples in its group, so a group produces exactly the
 * mean gradient over its samples, also when the last group of an epoch is short.
 * The seed's recipe divides by accum_iter regardless (`loss = loss / accum_iter`),
 * which under-weights a short last group; `seed_style_accum` reproduces that for the
 * lesson. Gradients are zeroed after each step, and the epoch's last group always steps.
 *
 * A non-finite loss stops the epoch and marks the run as diverged (the caller decides
 * what to do; an ablation records it and goes on). */
#ifndef TS_TRAIN_H
#define TS_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "../core/progress.h"
#include "../data/loader.h"
#include "../nn/sequential.h"
#include "../optim/optimizer.h"
#include "../optim/scheduler.h"

typedef struct {
    double loss;        /* mean cross-entropy over the samples seen */
    double accuracy;    /* fraction classified correctly */
    long samples;
    double seconds;     /* wall time of the loop */
    int diverged;       /* 1 if the loss became NaN/Inf */
    long diverged_step; /* optimizer step (1-based) at which it did */
} ts_metrics;

typedef struct ts_trainer ts_trainer;

/* Watching the steps of ts_train_epoch: called when a group's gradient is complete, just
 * before the optimizer step. `step` is that step's number (1-based, over the trainer's
 * life), `loss` the mean loss over the group's `samples` samples, and t->model->grads holds
 * the gradient the step is about to apply. Lesson 7 logs per-step loss curves and the last
 * step's gradient norm with it. The hook must not allocate if the step is to stay
 * allocation-free. */
typedef void (*ts_group_hook)(void *ctx, const ts_trainer *t, long step, double loss, long samples);

struct ts_trainer {
    ts_model *model;          /* not owned */
    ts_optimizer *optimizer;  /* not owned */
    int classes;              /* width of the model output */
    int accum_iter;           /* micro-batches per optimizer step; 1 = no accumulation */
    int seed_style_accum;     /* divide every micro-batch by accum_iter, as the seed does */
    float *dlogits;           /* (capacity, classes) */
    int capacity;
    ts_rng rng;               /* dropout masks */
    long steps;               /* optimizer steps taken so far */
    size_t peak_bytes;        /* the most bytes the library held at once (params, grads,
                                 optimizer state, per-batch memory: ts_trainer_memory in
                                 memory.h), sampled after every backward */
    ts_group_hook on_group;   /* NULL: none */
    void *on_group_ctx;
    ts_scheduler *scheduler;  /* stepped after every optimizer step — a per-iteration
                                 schedule (OneCycleLR's use); NULL: none. Not owned. A
                                 per-epoch schedule is stepped by the caller after
                                 ts_train_epoch instead. */
};

/* max_batch: the largest batch the trainer will see; seed: the dropout stream. */
int ts_trainer_init(ts_trainer *t, ts_model *m, ts_optimizer *opt, int max_batch, uint64_t seed);
void ts_trainer_free(ts_trainer *t);

/* One pass over the loader's epoch `epoch` in train mode; `bar` may be NULL.
 * Fills `out` with the running train loss and accuracy. */
int ts_train_epoch(ts_trainer *t, ts_loader *ld, int epoch, ts_progress *bar, ts_metrics *out);

/* One micro-batch of gradient accumulation: forward, the loss (its gradient scaled by
 * `scale`), backward — which *adds* into the gradients; no zero_grad, no step. Gradient
 * accumulation is nothing more than k of these between two steps; ts_train_epoch is a loop
 * of them. *loss is the micro-batch's unscaled mean loss, *correct its correct predictions. */
int ts_train_accumulate(ts_trainer *t, const float *x, const int *y, int n, float scale, float *loss, int *correct);

/* What the seed's `loss / accum_iter` (seed_style_accum) makes of an epoch's last group, as a
 * multiple of that group's mean gradient — which is what ts_train_epoch applies. With
 * `samples` in the epoch, micro-batches of `batch` and k = accum_iter, the last group has
 * n = samples mod (k·batch) samples and the seed computes Σ_i (1/k)·mean_i over its
 * micro-batches (derived in lessons/lesson-7-accumulation.md):
 *   n = 0 (no short group)           1
 *   full micro-batches (n = j·batch) n / (k·batch) — as if the missing samples had zero gradient
 *   one short micro-batch (n < batch) 1/k
 *   otherwise                        NAN: the short micro-batch's samples also weigh more than
 *                                    the others', so the result is no multiple of the mean. */
double ts_seed_style_last_scale(int samples, int batch, int k);

/* One optimizer step on one batch (no accumulation): zero_grad, forward, loss, backward,
 * step (and t->scheduler's step). Returns TS_ERR on failure; *loss may be NaN (the caller checks). */
int ts_train_step(ts_trainer *t, const float *x, const int *y, int n, float *loss, int *correct);

/* Loss and accuracy in eval mode over one pass of the loader (the model's mode is
 * restored afterwards). */
int ts_evaluate(ts_model *m, ts_loader *ld, ts_metrics *out);

/* The same pass with the model in train mode (training = 1) — the classic mistake of
 * forgetting model.eval(): BatchNorm then normalises with each test batch's own
 * statistics (and updates its running statistics), dropout keeps dropping (rng draws
 * the masks). For the lesson that shows it. */
int ts_evaluate_in_mode(ts_model *m, ts_loader *ld, int training, ts_rng *rng, ts_metrics *out);

#endif
