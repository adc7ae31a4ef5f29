#include "run.h"

#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../core/error.h"
#include "../core/progress.h"
#include "../data/loader.h"
#include "../nn/seed_cnn.h"
#include "../optim/optimizer.h"
#include "../train/train.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig) {
    (void)sig;
    interrupted = 1;
    signal(SIGINT, SIG_DFL);
}

void ts_catch_interrupt(void) { signal(SIGINT, on_interrupt); }
int ts_interrupted(void) { return interrupted; }

/* printf at the end of what buf holds (n characters so far); stops quietly when full. */
static void __attribute__((format(printf, 4, 5))) append(char *buf, size_t len, int *n, const char *fmt, ...) {
    if (*n < 0 || (size_t)*n >= len) return;
    va_list ap;
    va_start(ap, fmt);
    const int w = vsnprintf(buf + *n, len - (size_t)*n, fmt, ap);
    va_end(ap);
    *n = w < 0 ? w : *n + w;
}

void ts_run_config_describe(const ts_run_config *c, char *buf, size_t len) {
    int n = 0;
    append(buf, len, &n,
           "model=%s batchnorm=%d dropout=%g optimizer=sgd lr=%g momentum=%g batch_size=%d "
           "epochs=%d train_size=%d test_size=%d eval_batch_size=%d",
           c->model == TS_MODEL_DEEP_MLP ? "deep_mlp" : "seed_cnn", c->batchnorm, c->dropout, c->lr, c->momentum,
           c->batch_size, c->epochs, c->train_size, c->test_size, c->eval_batch_size);
    /* fields added later appear only when set: the lines (and hashes) of older runs stay as they were */
    if (c->bn_after_relu) append(buf, len, &n, " bn_after_relu=1");
    if (c->dropout_elementwise) append(buf, len, &n, " dropout_elementwise=1");
    if (c->no_fc_batchnorm) append(buf, len, &n, " no_fc_batchnorm=1");
    if (c->accum_iter > 1) append(buf, len, &n, " accum_iter=%d", c->accum_iter);
    if (c->seed_style_accum) append(buf, len, &n, " seed_style_accum=1");
    if (c->model == TS_MODEL_DEEP_MLP)
        append(buf, len, &n, " depth=%d width=%d activation=%s", c->depth, c->width,
               ts_activation_name(c->activation) ? ts_activation_name(c->activation) : "?");
    if (c->model == TS_MODEL_DEEP_MLP && c->activation == TS_ACT_LEAKY_RELU)
        append(buf, len, &n, " negative_slope=%g", c->negative_slope);
    if (c->init.kind != TS_INIT_PYTORCH_DEFAULT) {
        const char *name = ts_init_kind_name(c->init.kind);
        append(buf, len, &n, " init=%s", name ? name : "?");
        if (c->init.kind == TS_INIT_NORMAL) append(buf, len, &n, " init_std=%g", c->init.std);
        if (c->init.kind == TS_INIT_KAIMING_NORMAL && c->init.a != 0.0f) append(buf, len, &n, " init_a=%g", c->init.a);
        if (c->init.default_bias) append(buf, len, &n, " init_default_bias=1");
        if (c->init.conv_only) append(buf, len, &n, " init_conv_only=1");
    }
    if (c->train_transform) append(buf, len, &n, " train_transform=%s", c->train_transform);
    if (c->test_transform) append(buf, len, &n, " test_transform=%s", c->test_transform);
    if (c->eval_train) append(buf, len, &n, " eval_train=1");
    static const char *const KINDS[] = {"constant", "step", "cosine", "one_cycle", "warmup_cosine"};
    const ts_lr_schedule *s = &c->schedule;
    if (s->kind != TS_LR_CONSTANT)
        append(buf, len, &n, " schedule=%s per_iteration=%d step_size=%d gamma=%g max_lr=%g warmup=%g",
               (unsigned)s->kind < 5 ? KINDS[s->kind] : "?", s->per_iteration, s->step_size, s->gamma, s->max_lr,
               s->warmup);
    if (s->fixed_momentum) append(buf, len, &n, " cycle_momentum=0"); /* added later: only when set */
}

ts_scheduler *ts_lr_schedule_build(const ts_lr_schedule *s, ts_optimizer *opt, long length, int *failed) {
    ts_scheduler *sched = NULL;
    *failed = 0;
    if (length < 1) length = 1;
    switch (s->kind) {
    case TS_LR_CONSTANT: return NULL;
    case TS_LR_STEP: sched = ts_step_lr(opt, s->step_size, s->gamma); break;
    case TS_LR_COSINE: sched = ts_cosine_annealing_lr(opt, length, 0.0); break;
    case TS_LR_ONE_CYCLE: {
        ts_one_cycle_options o = TS_ONE_CYCLE_DEFAULTS;
        if (s->warmup > 0.0f) o.pct_start = s->warmup;
        o.cycle_momentum = !s->fixed_momentum;
        sched = ts_one_cycle_lr(opt, s->max_lr, length, o);
        break;
    }
    case TS_LR_WARMUP_COSINE: {
        long w = lround((double)s->warmup * (double)length);
        if (w < 1) w = 1;
        if (w >= length) w = length - 1 > 0 ? length - 1 : 1;
        ts_scheduler *parts[] = {ts_linear_lr(opt, 0.1, 1.0, w), ts_cosine_annealing_lr(opt, length - w > 0 ? length - w : 1, 0.0)};
        sched = ts_sequential_lr(opt, parts, 2, &w);
        break;
    }
    default: ts_fail("unknown learning-rate schedule %d", (int)s->kind);
    }
    *failed = sched == NULL;
    return sched;
}

ts_dataset ts_dataset_head(const ts_dataset *ds, int count) {
    ts_dataset view = *ds;
    if (count > 0 && count < ds->n) view.n = count;
    return view;
}

/* Batches the augmentation thread prepares ahead of training: one is enough when the
   pipeline is faster than a training step; two absorb the odd slow batch. Evaluation
   pipelines (ToTensor, Normalize) run inline: one loader thread per run, the training one. */
enum { PREFETCH_BATCHES = 2 };

/* Parses `spec` (if any) into *t and puts it on the loader; the model must accept the result. */
static int use_transform(ts_loader *ld, const char *spec, ts_transform **t, int prefetch, const ts_model *m) {
    if (!spec) return TS_OK;
    if (!*t && !(*t = ts_transform_parse(spec))) return TS_ERR;
    if (ts_loader_set_transform(ld, *t, prefetch) != TS_OK) return TS_ERR;
    if (ld->c != m->in.c || ld->h != m->in.h || ld->w != m->in.w)
        return ts_fail("transform \"%s\" makes %d×%d×%d images; the model takes %d×%d×%d", spec, ld->c, ld->h,
                       ld->w, m->in.c, m->in.h, m->in.w);
    return TS_OK;
}

int ts_run_init(ts_run *r, const ts_run_config *c, uint64_t seed, const ts_dataset *train, const ts_dataset *test) {
    *r = (ts_run){.train_set = ts_dataset_head(train, c->train_size), .test_set = ts_dataset_head(test, c->test_size)};
    if (c->accum_iter < 0) return ts_fail("accum_iter must not be negative, got %d", c->accum_iter);
    if (c->model != TS_MODEL_SEED_CNN && c->model != TS_MODEL_DEEP_MLP) return ts_fail("unknown model %d", (int)c->model);
    if (!ts_init_kind_name(c->init.kind)) return ts_fail("unknown init scheme %d", (int)c->init.kind);
    if (c->init.kind == TS_INIT_NORMAL && !(c->init.std > 0.0f))
        return ts_fail("init=normal needs a positive std, got %g", c->init.std);
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    if (c->model == TS_MODEL_DEEP_MLP)
        r->model = ts_deep_mlp(ts_shape_chw(train->c, train->h, train->w), train->classes,
                               (ts_deep_mlp_options){.depth = c->depth, .width = c->width, .activation = c->activation,
                                                     .negative_slope = c->negative_slope,
                                                     .batchnorm = c->batchnorm, .dropout = c->dropout},
                               &rng);
    else
        r->model = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = c->batchnorm, .dropout = c->dropout,
                                                     .bn_after_relu = c->bn_after_relu,
                                                     .dropout_elementwise = c->dropout_elementwise,
                                                     .no_fc_batchnorm = c->no_fc_batchnorm},
                               &rng);
    if (!r->model) return TS_ERR;
    /* PyTorch's default is what the constructors drew: redrawing it would change the bits of older runs */
    if (c->init.kind != TS_INIT_PYTORCH_DEFAULT) ts_model_init(r->model, &c->init, &rng);
    r->opt = ts_sgd(r->model->params, r->model->grads, r->model->nparams, c->lr,
                    (ts_sgd_options){.momentum = c->momentum});
    if (!r->opt || ts_loader_init(&r->train, &r->train_set, c->batch_size, 1, 0, seed) != TS_OK ||
        ts_loader_init(&r->test, &r->test_set, c->eval_batch_size, 0, 0, 0) != TS_OK ||
        ts_trainer_init(&r->trainer, r->model, r->opt, c->batch_size, seed ^ 0x5eed) != TS_OK ||
        use_transform(&r->train, c->train_transform, &r->train_transform, PREFETCH_BATCHES, r->model) != TS_OK ||
        use_transform(&r->test, c->test_transform, &r->test_transform, 0, r->model) != TS_OK ||
        (c->eval_train && (ts_loader_init(&r->train_eval, &r->train_set, c->eval_batch_size, 0, 0, 0) != TS_OK ||
                           use_transform(&r->train_eval, c->test_transform, &r->test_transform, 0, r->model) != TS_OK))) {
        ts_run_free(r);
        return TS_ERR;
    }
    r->trainer.accum_iter = c->accum_iter > 1 ? c->accum_iter : 1;
    r->trainer.seed_style_accum = c->seed_style_accum;
    /* the schedule's length: epochs, or optimizer steps (one per accumulation group) */
    const long groups = (ts_loader_num_batches(&r->train) + r->trainer.accum_iter - 1) / r->trainer.accum_iter;
    int failed;
    r->scheduler = ts_lr_schedule_build(&c->schedule, r->opt, c->schedule.per_iteration ? groups * c->epochs : c->epochs,
                                        &failed);
    if (failed) {
        ts_run_free(r);
        return TS_ERR;
    }
    if (c->schedule.per_iteration) r->trainer.scheduler = r->scheduler;
    return TS_OK;
}

void ts_run_free(ts_run *r) {
    ts_scheduler_free(r->scheduler);
    r->scheduler = NULL;
    ts_trainer_free(&r->trainer);
    ts_loader_free(&r->train);
    ts_loader_free(&r->test);
    ts_loader_free(&r->train_eval);
    ts_transform_free(r->train_transform);
    ts_transform_free(r->test_transform);
    r->train_transform = r->test_transform = NULL;
    ts_optimizer_free(r->opt);
    ts_model_free(r->model);
    r->opt = NULL;
    r->model = NULL;
}

int ts_run_train(const ts_run_config *c, uint64_t seed, const ts_dataset *train_all,
                 const ts_dataset *test_all, const ts_run_display *display, ts_record *rec,
                 ts_model **model_out) {
    ts_run r;
    if (ts_run_init(&r, c, seed, train_all, test_all) != TS_OK) return TS_ERR;
    int status = TS_ERR;
    for (int epoch = 0; epoch < c->epochs && !ts_interrupted(); epoch++) {
        ts_progress bar;
        char label[160];
        snprintf(label, sizeof label, "%s  epoch %d/%d", display->label, epoch + 1, c->epochs);
        ts_progress_start(&bar, stderr, label, ts_loader_num_batches(&r.train));
        ts_metrics tr, te;
        const double lr = r.opt->lr; /* the lr this epoch starts with */
        const int trained = ts_train_epoch(&r.trainer, &r.train, epoch, display->quiet ? NULL : &bar, &tr);
        ts_progress_finish(&bar);
        if (trained != TS_OK) goto done;
        const long steps = r.trainer.steps;
        if (tr.diverged) {
            ts_record_add(rec, epoch + 1, steps, "train", "diverged_step", (double)tr.diverged_step);
            break;
        }
        if (ts_evaluate(r.model, &r.test, &te) != TS_OK) goto done;
        const int e = epoch + 1;
        if (c->eval_train) {
            ts_metrics clean;
            if (ts_evaluate(r.model, &r.train_eval, &clean) != TS_OK ||
                ts_record_add(rec, e, steps, "train_eval", "loss", clean.loss) != TS_OK ||
                ts_record_add(rec, e, steps, "train_eval", "accuracy", clean.accuracy) != TS_OK)
                goto done;
        }
        if (ts_record_add(rec, e, steps, "train", "loss", tr.loss) != TS_OK ||
            ts_record_add(rec, e, steps, "train", "accuracy", tr.accuracy) != TS_OK ||
            ts_record_add(rec, e, steps, "test", "loss", te.loss) != TS_OK ||
            ts_record_add(rec, e, steps, "test", "accuracy", te.accuracy) != TS_OK ||
            ts_record_add(rec, e, steps, "train", "seconds", tr.seconds) != TS_OK ||
            ts_record_add(rec, e, steps, "train", "lr", lr) != TS_OK)
            goto done;
        if (!isfinite(te.loss)) { /* the weights went bad without a non-finite train loss */
            ts_record_add(rec, e, steps, "train", "diverged_step", (double)steps);
            break;
        }
        /* a per-epoch schedule steps after the epoch's optimizer steps */
        if (r.scheduler && !c->schedule.per_iteration && ts_scheduler_step(r.scheduler) != TS_OK) goto done;
    }
    status = TS_OK;
    if (model_out) { /* handed over: ts_run_free leaves it alone */
        *model_out = r.model;
        r.model = NULL;
    }
done:
    ts_run_free(&r);
    return status;
}
