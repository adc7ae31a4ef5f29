/* One training run of the seed's CNN (or a deep plain MLP) on (a subset of) a data set: the
 * unit an ablation repeats over variants and seeds. A variant is a change to this configuration. */
#ifndef TS_RUN_H
#define TS_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "../data/dataset.h"
#include "../data/loader.h"
#include "../init/init.h"
#include "../nn/deep_mlp.h"
#include "../nn/sequential.h"
#include "../optim/optimizer.h"
#include "../train/train.h"
#include "record.h"

typedef enum {
    TS_MODEL_SEED_CNN,  /* lib/nn/seed_cnn.h: batchnorm, dropout and the seed-CNN options below apply */
    TS_MODEL_DEEP_MLP,  /* lib/nn/deep_mlp.h: depth, width, activation, batchnorm, dropout apply */
} ts_model_kind;

/* The learning-rate schedule of a run (seed section 4), sized to the run: T_max, total_steps
 * and milestones are computed from its length — epochs, or optimizer steps when
 * per_iteration — so a study can change the epochs without re-tuning the schedule.
 *   CONSTANT       no scheduler (the seed's default)
 *   STEP           StepLR(step_size, gamma)
 *   COSINE         CosineAnnealingLR(T_max = the run's length, eta_min = 0)
 *   ONE_CYCLE      OneCycleLR(max_lr, total_steps = the run's length, pct_start = warmup or
 *                  0.3; other arguments PyTorch's defaults — it also cycles the momentum,
 *                  0.95 → 0.85 → 0.95, unless fixed_momentum: cycle_momentum=False)
 *   WARMUP_COSINE  SequentialLR([LinearLR(0.1, 1, w), CosineAnnealingLR(length − w)], [w]),
 *                  w = warmup × length (at least 1) */
typedef enum { TS_LR_CONSTANT, TS_LR_STEP, TS_LR_COSINE, TS_LR_ONE_CYCLE, TS_LR_WARMUP_COSINE } ts_lr_schedule_kind;

typedef struct {
    ts_lr_schedule_kind kind;
    int per_iteration;   /* 1: scheduler.step() after every optimizer step; 0: after every epoch */
    int step_size;       /* STEP: the period, in the schedule's unit */
    float gamma;         /* STEP: the factor */
    float max_lr;        /* ONE_CYCLE: the peak */
    float warmup;        /* WARMUP_COSINE: the warm-up's share of the run; ONE_CYCLE: pct_start (0: 0.3) */
    int fixed_momentum;  /* ONE_CYCLE: 1 = cycle_momentum=False, the run's momentum stays as it is */
} ts_lr_schedule;

/* The scheduler of `s` on opt for a run of `length` schedule steps; NULL for CONSTANT
 * (*failed = 0) and on bad parameters (*failed = 1, message set). */
ts_scheduler *ts_lr_schedule_build(const ts_lr_schedule *s, ts_optimizer *opt, long length, int *failed);

typedef struct {
    /* the model: the seed's CNN, sections 2–3 */
    int batchnorm;        /* 1: BatchNorm after each conv and the hidden Linear */
    float dropout;        /* Dropout2d/Dropout p (0: none) */
    int bn_after_relu;    /* seed CNN: ReLU then BatchNorm instead of BatchNorm then ReLU */
    int dropout_elementwise; /* seed CNN: Dropout instead of Dropout2d after the convolutions */
    int no_fc_batchnorm;  /* seed CNN with batchnorm: no BatchNorm1d in the FC block */
    /* optimisation: SGD with momentum */
    float lr, momentum;
    int batch_size, epochs;
    /* data: the first train_size / test_size samples (0: all) */
    int train_size, test_size;
    int eval_batch_size;  /* batch size of the evaluation passes */
    /* gradient accumulation, seed section 7: one optimizer step per accum_iter
       micro-batches of batch_size (0 or 1: none), see lib/train/train.h */
    int accum_iter;
    int seed_style_accum; /* 1: the seed's loss / accum_iter, which under-weights a short last group */
    /* the architecture (default: the seed's CNN) and its initialisation, seed section 2 */
    ts_model_kind model;
    int depth, width;         /* deep MLP: hidden layers and their width */
    ts_activation activation; /* deep MLP: ReLU (default), Tanh or LeakyReLU */
    float negative_slope;     /* deep MLP with LeakyReLU: its slope (0: PyTorch's 0.01) */
    ts_init_scheme init;      /* default: PyTorch's, as the layers draw it at construction */
    /* data pipeline, seed section 1: transform specs (lib/data/transform.h), e.g.
       "RandomHorizontalFlip(0.5),ToTensor", for the training loader (augmentation runs on a
       prefetch thread) and for every evaluation; NULL: ToTensor alone. A spec without
       ToTensor feeds raw 0..255 values, as "none" does on purpose in lesson 1 */
    const char *train_transform, *test_transform;
    int eval_train;       /* 1: after each epoch also evaluate on the training subset, eval mode and
                             test_transform (no augmentation): split "train_eval" — the clean
                             train−test gap, which the running accuracy under augmentation or
                             dropout is not */
    ts_lr_schedule schedule; /* learning-rate schedule, seed section 4 (zero: constant lr) */
} ts_run_config;

/* The configuration as one line "batchnorm=1 dropout=0 lr=0.01 ..." — also what its
 * hash, which decides whether a stored run is still valid, is computed from. Fields added
 * after the first lessons were recorded (accum_iter, seed_style_accum, init; depth, width and
 * activation with model=deep_mlp; negative_slope with a LeakyReLU; a Kaiming init's a; the
 * transforms and eval_train; schedule; bn_after_relu, dropout_elementwise, no_fc_batchnorm)
 * appear only when they differ from their defaults, so the records of runs without them stay
 * valid. */
void ts_run_config_describe(const ts_run_config *c, char *buf, size_t len);

/* A run's pieces, exactly as ts_run_train builds them, for a program that drives the loop
 * itself — to watch every step through the trainer's on_group hook, or to compare the
 * weights of two runs:
 *
 *   ts_run r;
 *   if (ts_run_init(&r, &c, seed, &train, &test) != TS_OK) ...
 *   r.trainer.on_group = log_step;              // optional
 *   ts_train_epoch(&r.trainer, &r.train, 0, NULL, &metrics);
 *   ts_evaluate(r.model, &r.test, &metrics);
 *   ts_run_free(&r);
 *
 * The model is c's (seed CNN or deep MLP), initialised from `seed` with c's scheme; SGD
 * with c's lr and momentum; the loaders shuffle the training view with `seed` and visit the
 * test view in order; the trainer's capacity is one (micro-)batch. The loaders point into the struct: initialise
 * it where it will stay and do not copy it. On failure everything is freed. */
typedef struct {
    ts_dataset train_set, test_set;  /* views: the first train_size / test_size samples */
    ts_model *model;
    ts_optimizer *opt;
    ts_transform *train_transform, *test_transform; /* parsed from c's specs, NULL: none */
    ts_loader train, test;
    ts_loader train_eval;            /* the training view as evaluated (only with c->eval_train) */
    ts_trainer trainer;
    ts_scheduler *scheduler;  /* c->schedule's; NULL for a constant lr. When per-iteration
                                 it is also trainer.scheduler; otherwise step it after
                                 each epoch, as ts_run_train does. */
} ts_run;

int ts_run_init(ts_run *r, const ts_run_config *c, uint64_t seed, const ts_dataset *train, const ts_dataset *test);
void ts_run_free(ts_run *r);

/* Progress display of a run: label (e.g. "[3/16] bn lr=0.1 seed 2") and the bar's stream. */
typedef struct {
    const char *label;
    int quiet;  /* 1: no bar */
} ts_run_display;

/* Trains a fresh model (seeded by `seed`) and records per epoch: train loss/accuracy,
 * test loss/accuracy, the epoch's seconds, ("train", "lr"): the learning rate the epoch
 * started with (a per-epoch schedule's lr for the whole epoch), and train_eval loss/accuracy
 * with c->eval_train. A run whose loss becomes NaN/Inf stops and
 * records ("train", "diverged_step"). If model_out is not NULL the trained model is
 * handed over (the caller frees it), e.g. for extra measurements. */
int ts_run_train(const ts_run_config *c, uint64_t seed, const ts_dataset *train, const ts_dataset *test,
                 const ts_run_display *display, ts_record *rec, ts_model **model_out);

/* Ctrl-C handling for long runs: after ts_catch_interrupt(), the first Ctrl-C only sets
 * a flag — a run stops after its current epoch (and is not kept) — the second one ends
 * the program as usual. */
void ts_catch_interrupt(void);
int ts_interrupted(void);

/* The first `count` samples of ds as a view (no copy): count 0 or ≥ N gives all. */
ts_dataset ts_dataset_head(const ts_dataset *ds, int count);

#endif
