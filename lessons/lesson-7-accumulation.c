/* Lesson 7 — Gradient accumulation (seed section 7).
 *
 *   make lesson-7                          # quick preset: a few minutes on 2 cores
 *   build/release/bin/lesson-7-accumulation --preset full --out results/lesson-7
 *
 * The seed's example: steps of 32 images are wanted but only 8 fit in memory, so the
 * gradients of 4 micro-batches of 8 are added up before each optimizer step. Four
 * experiments on Fashion-MNIST with the seed's CNN (SGD 0.01, momentum 0.9):
 *   1. Exactness without BN: from the same weights, the gradient of 4 accumulated
 *      micro-batches of 8 against one batch of 32 (max abs difference), then one epoch of
 *      each, step by step, with a round-off control: the large batch on another thread
 *      count, which rounds the same sums differently.
 *   2. The same with BatchNorm, where accumulation is not a large batch: every micro-batch
 *      is normalised with its own statistics, and the running statistics move 4 times.
 *   3. Small batch (8) vs accumulation (8 × 4) vs large batch (32) over seeds: curves, final
 *      accuracy, time per epoch and peak memory; then memory against batch size.
 *   4. The seed's short-last-group bug: its `loss / accum_iter` against our n_i / S on a
 *      training set that leaves a short last group — the last step's gradient norm, and
 *      whether accuracy notices.
 * Every verdict is computed from the measurements. The library code this lesson exercises:
 * lib/train/train.c (ts_train_epoch, ts_train_accumulate), lib/train/memory.c. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/ablation.h"
#include "../lib/plot/chart.h"
#include "../lib/plot/report.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 7 (seed section 7): gradient accumulation on Fashion-MNIST with the seed's CNN —\n"
    "exactness with and without BatchNorm, small vs accumulated vs large batch (accuracy, time,\n"
    "memory), and the seed's short-last-group bug; writes runs.csv, summary.csv, charts and\n"
    "REPORT.md to the output directory. Every experiment sets its own batch sizes, so\n"
    "--batch-size has no effect here.";

/* The seed's example: 8 images fit in memory, 32 are wanted per step. */
enum { MICRO = 8, ACCUM = 4, LARGE = MICRO * ACCUM };

/* Relative gradient difference, max|Δg| / max|g|, still counted as float round-off. The two
   computations add the same products in a different order (4 partial sums of 8 samples vs
   one of 32, split differently over the threads), which moves a float result by a few
   ε = 1.2e-7: measured about 3e-8. 1e-5 leaves two orders of magnitude of headroom; a real
   difference, like BatchNorm's, is 1e-1. */
static const double ROUNDOFF = 1e-5;
/* Two loss curves count as the same curve when they differ, on average per step, by less
   than this fraction of what separates two seeds' curves. Measured: accumulation without
   BN 3–10% (amplified round-off, growing with the length of the epoch), with BN 90% or more. */
static const double SAME_CURVE = 0.25;

/* One colour per configuration, the same in every chart. */
enum { C_SMALL, C_ACCUM, C_LARGE, C_SEED_STYLE, C_BN_ACCUM = 5, C_BN_LARGE = 6, C_CONTROL = 7 };

/* ------------------------------------------------------------------ the variants */

static void large(ts_run_config *c) { c->batch_size = LARGE, c->accum_iter = 1; }
static void accumulated(ts_run_config *c) { c->batch_size = MICRO, c->accum_iter = ACCUM; }
static void small(ts_run_config *c) { c->batch_size = MICRO, c->accum_iter = 1; }
static void bn_large(ts_run_config *c) { large(c), c->batchnorm = 1; }
static void bn_accumulated(ts_run_config *c) { accumulated(c), c->batchnorm = 1; }
static void seed_style(ts_run_config *c) { accumulated(c), c->seed_style_accum = 1; }

/* 1 and 2: a large batch and its accumulated twin. Not run by ts_study_run — the lesson
   trains them itself to watch every step — but configured the same way (flags apply).
   A third run, the round-off control, is the large batch again with another thread count. */
static const ts_variant EXACT[] = {{"large-32", "batch 32", large}, {"accum-8x4", "8 x 4 accumulated", accumulated}};
static const ts_variant EXACT_BN[] = {{"bn-large-32", "BN, batch 32", bn_large},
                                      {"bn-accum-8x4", "BN, 8 x 4 accumulated", bn_accumulated}};
enum { E_LARGE, E_ACCUM, E_CONTROL };

/* 3 */
static const ts_variant BATCH[] = {
    {"small-8", "batch 8", small}, {"accum-8x4", "8 x 4 accumulated", accumulated}, {"large-32", "batch 32", large}};
enum { B_SMALL, B_ACCUM, B_LARGE, NBATCH };

/* 4 */
static const ts_variant PARTIAL[] = {{"correct", "8 x 4, loss x n_i/S (ours)", accumulated},
                                     {"seed-style", "8 x 4, loss / accum_iter (seed)", seed_style}};
enum { P_CORRECT, P_SEED };

/* ------------------------------------------------------------------ small helpers */

static double max_abs(const float *a, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i]));
    return m;
}

static double max_abs_diff(const float *a, const float *b, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i] - (double)b[i]));
    return m;
}

static double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

static void pct(ts_stat s, char *buf) { ts_stat_format(s, 100.0, 1, buf, 48); }

/* The mean over epochs of a run's training seconds per epoch, as a stat over seeds. */
static ts_stat seconds_per_epoch(const ts_study *s, int v) {
    double per_seed[128];
    const int n = s->seeds < 128 ? s->seeds : 128;
    for (int k = 0; k < n; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        const int epochs = ts_record_last_epoch(rec, "train", "seconds");
        double sum = 0.0;
        for (int e = 1; e <= epochs; e++) sum += ts_record_get(rec, "train", "seconds", e);
        per_seed[k] = epochs ? sum / epochs : NAN;
    }
    return ts_stat_of(per_seed, n);
}

/* Optimizer steps in a run's first epoch, as its record counted them. */
static long steps_in_first_epoch(const ts_record *rec) {
    for (int i = 0; i < rec->nrows; i++)
        if (rec->rows[i].epoch == 1) return rec->rows[i].step;
    return 0;
}

/* ------------------------------------------------------------------ watching every step */

/* What ts_train_epoch's group hook sees at each optimizer step: the group's mean loss and
   the norm of the gradient about to be applied. Sized before training, so the hook
   allocates nothing. */
typedef struct {
    double *loss, *grad_norm;
    int n, capacity;
} step_log;

static void log_step(void *ctx, const ts_trainer *t, long step, double loss, long samples) {
    step_log *log = ctx;
    if (log->n == log->capacity) return; /* sized for one epoch: not reached */
    const float *g = t->model->grads;
    double sq = 0.0; /* ‖g‖₂ over all parameters, in double */
    for (size_t i = 0; i < t->model->nparams; i++) sq += (double)g[i] * g[i];
    log->loss[log->n] = loss;
    log->grad_norm[log->n] = sqrt(sq);
    log->n++;
}

static void step_log_free(step_log *log) {
    free(log->loss);
    free(log->grad_norm);
    *log = (step_log){0};
}

/* The first epoch of configuration c from seed's initial weights, every step logged, then
   the test accuracy. */
static int logged_epoch(ts_lesson *L, const ts_run_config *c, int seed, step_log *log, double *test_accuracy) {
    ts_run r;
    if (ts_run_init(&r, c, (uint64_t)seed, &L->train, &L->test) != TS_OK) return TS_ERR;
    const int k = r.trainer.accum_iter, batches = ts_loader_num_batches(&r.train);
    *log = (step_log){.capacity = (batches + k - 1) / k};
    log->loss = calloc((size_t)log->capacity, sizeof *log->loss);
    log->grad_norm = calloc((size_t)log->capacity, sizeof *log->grad_norm);
    r.trainer.on_group = log_step;
    r.trainer.on_group_ctx = log;
    ts_metrics m;
    int status = log->loss && log->grad_norm ? TS_OK : ts_fail("out of memory for a step log");
    if (status == TS_OK) status = ts_train_epoch(&r.trainer, &r.train, 0, NULL, &m);
    if (status == TS_OK) status = ts_evaluate(r.model, &r.test, &m);
    if (status == TS_OK) *test_accuracy = m.accuracy;
    ts_run_free(&r);
    return status;
}

/* ------------------------------------------------------------------ 1 and 2: is it exact? */

/* One seed's measurements of a large batch (E_LARGE) against its accumulated twin (E_ACCUM). */
typedef struct {
    /* one group from the same weights */
    double grad_diff, grad_max; /* max |g_accum − g_large|, max |g_large| */
    double buffer_diff;         /* max difference of the BN running statistics (NaN: no BN) */
    /* one epoch: E_LARGE, E_ACCUM, E_CONTROL */
    step_log log[3];
    double test_accuracy[3];
    double max_diff[3], mean_diff[3]; /* over steps, |loss_v − loss_large|, for E_ACCUM and E_CONTROL */
} equivalence;

/* The first group of the first epoch — 32 shuffled images — from the same initial weights:
   as one batch of 32, and as 4 micro-batches of 8 through the trainer, each micro-batch's
   loss scaled by 1/4 (the seed's loss / accum_iter; every micro-batch is full here, so this
   is also our n_i / S). */
static int compare_one_group(ts_lesson *L, const ts_study *s, int seed, equivalence *eq) {
    const ts_run_config cl = ts_study_config(L, s, E_LARGE), ca = ts_study_config(L, s, E_ACCUM);
    ts_run big, acc;
    if (ts_run_init(&big, &cl, (uint64_t)seed, &L->train, &L->test) != TS_OK) return TS_ERR;
    if (ts_run_init(&acc, &ca, (uint64_t)seed, &L->train, &L->test) != TS_OK) {
        ts_run_free(&big);
        return TS_ERR;
    }
    const float *x;
    const int *y;
    const int n = ts_loader_next(&big.train, &x, &y);
    const size_t pixels = ts_shape_numel(big.model->in);
    float loss;
    int correct, status = n == LARGE ? TS_OK : ts_fail("part 1 needs at least %d training images", LARGE);
    ts_model_zero_grad(big.model);
    ts_model_zero_grad(acc.model);
    if (status == TS_OK) status = ts_train_accumulate(&big.trainer, x, y, LARGE, 1.0f, &loss, &correct);
    for (int i = 0; i < ACCUM && status == TS_OK; i++)
        status = ts_train_accumulate(&acc.trainer, x + (size_t)i * MICRO * pixels, y + i * MICRO, MICRO,
                                     1.0f / ACCUM, &loss, &correct);
    if (status == TS_OK) {
        eq->grad_diff = max_abs_diff(acc.model->grads, big.model->grads, big.model->nparams);
        eq->grad_max = max_abs(big.model->grads, big.model->nparams);
        eq->buffer_diff = big.model->nbuffers ? max_abs_diff(acc.model->buffers, big.model->buffers, big.model->nbuffers)
                                              : NAN;
    }
    ts_run_free(&big);
    ts_run_free(&acc);
    return status;
}

/* The round-off control's thread count: another split of every sum over the threads, so the
   same mathematics rounded differently (lib/core/threads.h). */
static int control_threads(const ts_lesson *L) { return L->threads == 1 ? 2 : 1; }

/* One epoch of each, from the same weights in the same sample order; the per-step loss
   differences to the large batch. */
static int compare_epoch(ts_lesson *L, const ts_study *s, int seed, equivalence *eq) {
    int status = TS_OK;
    for (int v = E_LARGE; v <= E_CONTROL && status == TS_OK; v++) {
        const ts_run_config c = ts_study_config(L, s, v == E_CONTROL ? E_LARGE : v);
        if (v == E_CONTROL) status = ts_set_threads(control_threads(L));
        if (status == TS_OK) status = logged_epoch(L, &c, seed, &eq->log[v], &eq->test_accuracy[v]);
        if (v == E_CONTROL && ts_set_threads(L->threads) != TS_OK) status = TS_ERR;
    }
    for (int v = E_ACCUM; v <= E_CONTROL && status == TS_OK; v++) {
        const step_log *a = &eq->log[E_LARGE], *b = &eq->log[v];
        if (a->n != b->n) return ts_fail("%s: the runs took %d and %d steps", s->name, a->n, b->n);
        double sum = 0.0;
        eq->max_diff[v] = 0.0;
        for (int i = 0; i < a->n; i++) {
            const double d = fabs(b->loss[i] - a->loss[i]);
            eq->max_diff[v] = fmax(eq->max_diff[v], d);
            sum += d;
        }
        eq->mean_diff[v] = a->n ? sum / a->n : NAN;
    }
    return status;
}

static int measure_equivalence(ts_lesson *L, const ts_study *s, equivalence *eqs) {
    for (int k = 0; k < L->seeds; k++) {
        const int seed = k + 1;
        if (compare_one_group(L, s, seed, &eqs[k]) != TS_OK || compare_epoch(L, s, seed, &eqs[k]) != TS_OK)
            return TS_ERR;
        ts_say(L, "  seed %d: one group: max|dg| %.2e of max|g| %.2e; one epoch of %d steps: |dloss| max %.2e, "
                  "mean %.2e (round-off control: mean %.2e)\n",
               seed, eqs[k].grad_diff, eqs[k].grad_max, eqs[k].log[0].n, eqs[k].max_diff[E_ACCUM],
               eqs[k].mean_diff[E_ACCUM], eqs[k].mean_diff[E_CONTROL]);
    }
    return TS_OK;
}

/* The worst case over seeds of one measurement. */
static double worst(const equivalence *eqs, int seeds, double (*field)(const equivalence *)) {
    double m = 0.0;
    for (int k = 0; k < seeds; k++) m = fmax(m, field(&eqs[k]));
    return m;
}
static double relative_grad_diff(const equivalence *e) { return e->grad_diff / e->grad_max; }
static double buffer_diff(const equivalence *e) { return e->buffer_diff; }
static double accum_max(const equivalence *e) { return e->max_diff[E_ACCUM]; }
static double accum_mean(const equivalence *e) { return e->mean_diff[E_ACCUM]; }
static double control_max(const equivalence *e) { return e->max_diff[E_CONTROL]; }
static double control_mean(const equivalence *e) { return e->mean_diff[E_CONTROL]; }

static ts_stat test_accuracy_stat(const equivalence *eqs, int seeds, int v) {
    double a[128];
    for (int k = 0; k < seeds && k < 128; k++) a[k] = eqs[k].test_accuracy[v];
    return ts_stat_of(a, seeds < 128 ? seeds : 128);
}

/* The mean over steps of |loss_seed1 − loss_seed2| of the large batch: how far apart two
   curves are that come from really different runs (NaN with one seed). */
static double seed_to_seed(const equivalence *eqs, int seeds) {
    if (seeds < 2) return NAN;
    const step_log *a = &eqs[0].log[E_LARGE], *b = &eqs[1].log[E_LARGE];
    double sum = 0.0;
    const int n = a->n < b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) sum += fabs(a->loss[i] - b->loss[i]);
    return n ? sum / n : NAN;
}

static void equivalence_table(ts_lesson *L, ts_report *r, const ts_study *s, const equivalence *eqs) {
    const int bn = ts_study_config(L, s, E_LARGE).batchnorm;
    ts_report_printf(r, "| seed | max \\|Δg\\| | max \\|g\\| | relative | %ssteps | \\|Δloss\\| max | \\|Δloss\\| mean | "
                        "control: \\|Δloss\\| mean | test acc. %s (%%) | test acc. %s (%%) | test acc. control (%%) |\n"
                        "|---|---|---|---|%s---|---|---|---|---|---|---|\n",
                     bn ? "max \\|Δ running stats\\| | " : "", s->variants[E_LARGE].label, s->variants[E_ACCUM].label,
                     bn ? "---|" : "");
    for (int k = 0; k < L->seeds; k++) {
        const equivalence *e = &eqs[k];
        char stats[48] = "";
        if (bn) snprintf(stats, sizeof stats, "%.2e | ", e->buffer_diff);
        ts_report_printf(r, "| %d | %.2e | %.2e | %.2e | %s%d | %.2e | %.2e | %.2e | %.2f | %.2f | %.2f |\n", k + 1,
                         e->grad_diff, e->grad_max, e->grad_diff / e->grad_max, stats, e->log[E_LARGE].n,
                         e->max_diff[E_ACCUM], e->mean_diff[E_ACCUM], e->mean_diff[E_CONTROL],
                         100 * e->test_accuracy[E_LARGE], 100 * e->test_accuracy[E_ACCUM],
                         100 * e->test_accuracy[E_CONTROL]);
    }
    ts_report_printf(r, "\n");
}

/* Charts of seed 1: the loss of every step, and |Δloss| per step on a log axis (a step
   where both losses are bit-identical has nothing to draw there and leaves a gap). */
static int equivalence_charts(ts_lesson *L, const equivalence *plain, const equivalence *bn) {
    const int n = plain->log[E_LARGE].n;
    if (bn->log[E_LARGE].n != n) return ts_fail("parts 1 and 2 logged different step counts");
    double *buf = calloc((size_t)n * 4, sizeof *buf);
    if (!buf) return ts_fail("out of memory");
    double *x = buf, *diff[3] = {buf + n, buf + 2 * n, buf + 3 * n};
    const step_log *base[3] = {&plain->log[E_LARGE], &plain->log[E_LARGE], &bn->log[E_LARGE]},
                   *other[3] = {&plain->log[E_ACCUM], &plain->log[E_CONTROL], &bn->log[E_ACCUM]};
    for (int i = 0; i < n; i++) {
        x[i] = i + 1;
        for (int j = 0; j < 3; j++) {
            const double d = fabs(other[j]->loss[i] - base[j]->loss[i]);
            diff[j][i] = d > 0.0 ? d : NAN;
        }
    }
    const ts_series curves[] = {
        {.label = "no BN, batch 32", .color = C_LARGE, .npoints = n, .x = x, .mean = plain->log[E_LARGE].loss},
        {.label = "no BN, 8 x 4 accumulated", .color = C_ACCUM, .dashed = 1, .npoints = n, .x = x,
         .mean = plain->log[E_ACCUM].loss},
        {.label = "BN, batch 32", .color = C_BN_LARGE, .npoints = n, .x = x, .mean = bn->log[E_LARGE].loss},
        {.label = "BN, 8 x 4 accumulated", .color = C_BN_ACCUM, .dashed = 1, .npoints = n, .x = x,
         .mean = bn->log[E_ACCUM].loss},
    };
    char control[96];
    snprintf(control, sizeof control, "no BN: batch 32 on %d vs %d threads (round-off alone)", control_threads(L),
             L->threads);
    const ts_series diffs[] = {
        {.label = "no BN: accumulated vs batch 32", .color = C_ACCUM, .npoints = n, .x = x, .mean = diff[0]},
        {.label = control, .color = C_CONTROL, .dashed = 1, .npoints = n, .x = x, .mean = diff[1]},
        {.label = "BN: accumulated vs batch 32", .color = C_BN_ACCUM, .npoints = n, .x = x, .mean = diff[2]},
    };
    const ts_chart c1 = {.dir = L->out_dir, .name = "exact-step-loss",
                         .title = "One epoch, step by step: the loss of each step (seed 1)", .xlabel = "optimizer step",
                         .ylabel = "training cross-entropy of the step"};
    const ts_chart c2 = {.dir = L->out_dir, .name = "exact-step-difference",
                         .title = "Difference of the per-step losses (seed 1)", .xlabel = "optimizer step",
                         .ylabel = "|loss difference| (nats, log scale)", .logy = 1};
    const int status = ts_chart_lines(&c1, curves, 4, NULL) == TS_OK && ts_chart_lines(&c2, diffs, 3, NULL) == TS_OK
                           ? TS_OK : TS_ERR;
    free(buf);
    return status;
}

/* "a tenth of what a different seed makes" — or, with one seed, that there is no yardstick */
static void yardstick(double diff, double noise, char *buf, size_t len) {
    if (isfinite(noise))
        snprintf(buf, len, "%.0f%% of the %.2f by which two seeds' curves differ per step on average", 100 * diff / noise,
                 noise);
    else
        snprintf(buf, len, "with one seed there is no seed-to-seed difference to compare with (use --seeds 2)");
}

static void exact_verdict(ts_lesson *L, ts_report *r, const equivalence *eqs, int seeds) {
    const double rel = worst(eqs, seeds, relative_grad_diff), dmax = worst(eqs, seeds, accum_max),
                 dmean = worst(eqs, seeds, accum_mean), cmax = worst(eqs, seeds, control_max),
                 cmean = worst(eqs, seeds, control_mean), noise = seed_to_seed(eqs, seeds);
    const int exact = rel < ROUNDOFF, same = isfinite(noise) && dmean < SAME_CURVE * noise;
    ts_report_verdict(r, "- **Exactness without BN.** From the same weights, the accumulated gradient of 4 × 8 "
                         "images differs from the batch-32 gradient by at most %.1e of its largest component "
                         "(%.1f float epsilons, worst of %d seed%s): %s\n",
                      rel, rel / FLT_EPSILON, seeds, seeds > 1 ? "s" : "",
                      exact ? "the same gradient up to float round-off — only the order of the additions differs."
                            : "more than round-off — something other than the summation order differs.");
    char scale[160];
    yardstick(dmean, noise, scale, sizeof scale);
    ts_report_verdict(r, "- **Identical training.** Over one epoch (%d steps) the per-step losses of the two runs "
                         "differ by %.1e on average and by at most %.1e (worst seed) — %s. The differences start at "
                         "round-off (1e-8) and grow, because training amplifies any tiny change: the round-off "
                         "control, batch 32 again on %d thread%s instead of %d — the same mathematics rounded "
                         "differently — drifts by %.1e on average and at most %.1e, the same kind of drift. %s\n",
                      eqs[0].log[E_LARGE].n, dmean, dmax, scale, control_threads(L), control_threads(L) > 1 ? "s" : "",
                      L->threads, cmean, cmax,
                      !isfinite(noise) ? ""
                      : same ? "Accumulated and large-batch training are the same curve: apart from amplified "
                               "round-off, accumulation is a batch of 32 computed in pieces."
                             : "The curves part by more than a quarter of a seed's difference: more than round-off.");
    char seeds_apart[32] = "n/a";
    if (isfinite(noise)) snprintf(seeds_apart, sizeof seeds_apart, "%.2f", noise);
    ts_say(L, "  no BN: gradient relative difference %.1e -> %s; per-step |dloss| mean %.1e, max %.1e (two seeds: "
              "%s; round-off control: mean %.1e, max %.1e) -> %s\n", rel, exact ? "round-off only" : "NOT round-off",
           dmean, dmax, seeds_apart, cmean, cmax,
           !isfinite(noise) ? "no yardstick with one seed" : same ? "the same curve" : "different curves");
}

static void bn_verdict(ts_lesson *L, ts_report *r, const equivalence *eqs, int seeds) {
    const double rel = worst(eqs, seeds, relative_grad_diff), dmean = worst(eqs, seeds, accum_mean),
                 dstats = worst(eqs, seeds, buffer_diff), control = worst(eqs, seeds, control_mean),
                 noise = seed_to_seed(eqs, seeds);
    const ts_stat big = test_accuracy_stat(eqs, seeds, E_LARGE), acc = test_accuracy_stat(eqs, seeds, E_ACCUM);
    char a[48], b[48], scale[160];
    pct(big, a), pct(acc, b);
    yardstick(dmean, noise, scale, sizeof scale);
    ts_report_verdict(r, "- **With BatchNorm it is not exact.** The accumulated gradient differs from the batch-32 "
                         "gradient by up to %.1e of its largest component (%s), the running statistics by %.1e after "
                         "one group, and the per-step losses by %.2f on average over the epoch — %s (round-off control: "
                         "%.1e on average): %s\n",
                      rel, rel < ROUNDOFF ? "round-off" : "far beyond round-off", dstats, dmean, scale, control,
                      rel < ROUNDOFF ? "surprisingly equivalent here."
                                     : "each micro-batch is normalised with the mean and variance of its own 8 images, "
                                       "so it is a different function of the weights, and the running statistics are "
                                       "updated 4 times per step instead of once.");
    const int cmp = ts_stat_compare(acc, big);
    ts_report_verdict(r, "- **Does it matter?** Test accuracy after the epoch: %s%% with BN and batch 32, %s%% with BN "
                         "and 8 × 4 accumulated: %s\n",
                      a, b,
                      ts_compare_text(seeds, cmp, "the accumulated run is ahead beyond the seed-to-seed noise.",
                                      "the large batch is ahead beyond the seed-to-seed noise.",
                                      "different runs, but no difference in accuracy beyond the seed-to-seed noise."));
    ts_say(L, "  BN: gradient relative difference %.1e, running stats %.1e, per-step |dloss| mean %.2f (%s); "
              "test acc. batch 32 %s%% vs accumulated %s%%\n", rel, dstats, dmean, scale, a, b);
}

/* ------------------------------------------------------------------ 3. memory against batch size */

/* One configuration's peak memory: the library's own bytes (exact) and the growth of the
   process's peak resident set (the OS's view; NaN where it cannot be reset). */
typedef struct {
    double library, rss;
} memory_use;

/* Two optimizer steps of batch × accum on a fresh model: enough to have held everything a
   step holds. No evaluation, whose batch would be a different size. */
static int measure_memory(ts_lesson *L, const ts_run_config *base, int batch, int accum, memory_use *out) {
    ts_run_config c = *base;
    c.batch_size = batch, c.accum_iter = accum, c.train_size = 2 * batch * accum, c.test_size = 1, c.eval_batch_size = 1;
    const int reset = ts_memory_reset_peak_rss();
    const size_t before = ts_memory_peak_rss();
    ts_run r;
    if (ts_run_init(&r, &c, 1, &L->train, &L->test) != TS_OK) return TS_ERR;
    ts_metrics m;
    const int status = ts_train_epoch(&r.trainer, &r.train, 0, NULL, &m);
    out->library = (double)r.trainer.peak_bytes;
    out->rss = reset == TS_OK ? (double)(ts_memory_peak_rss() - before) : NAN;
    ts_run_free(&r);
    return status;
}

enum { MAX_SIZES = 8 };
typedef struct {
    int n, sizes[MAX_SIZES];                     /* effective batch sizes: 8, 16, ... */
    memory_use large[MAX_SIZES], accum[MAX_SIZES]; /* batch E; 8 × E/8 accumulated */
    char rss_problem[256];                       /* why RSS is missing, "" when measured */
} memory_sweep;

static int sweep_memory(ts_lesson *L, const ts_run_config *base, memory_sweep *sw) {
    memory_use warm;
    /* a first run touches what every later one reuses (thread stacks, BLAS buffers, code) */
    if (measure_memory(L, base, MICRO, 1, &warm) != TS_OK) return TS_ERR;
    if (ts_memory_reset_peak_rss() != TS_OK) snprintf(sw->rss_problem, sizeof sw->rss_problem, "%s", ts_error());
    for (int i = 0; i < sw->n; i++) {
        const int e = sw->sizes[i];
        if (measure_memory(L, base, e, 1, &sw->large[i]) != TS_OK ||
            measure_memory(L, base, MICRO, e / MICRO, &sw->accum[i]) != TS_OK)
            return TS_ERR;
        ts_say(L, "  effective batch %3d: batch %3d holds %6.1f MiB (peak RSS +%6.1f MiB); 8 x %-2d holds %6.1f MiB "
                  "(+%6.1f MiB)\n", e, e, mib(sw->large[i].library), mib(sw->large[i].rss), e / MICRO,
               mib(sw->accum[i].library), mib(sw->accum[i].rss));
    }
    return TS_OK;
}

static int memory_chart(ts_lesson *L, const memory_sweep *sw) {
    double x[MAX_SIZES], lib[2][MAX_SIZES], rss[2][MAX_SIZES];
    for (int i = 0; i < sw->n; i++) {
        x[i] = sw->sizes[i];
        lib[0][i] = mib(sw->large[i].library), lib[1][i] = mib(sw->accum[i].library);
        rss[0][i] = mib(sw->large[i].rss), rss[1][i] = mib(sw->accum[i].rss);
    }
    const ts_series series[] = {
        {.label = "batch B: library", .color = C_LARGE, .npoints = sw->n, .x = x, .mean = lib[0]},
        {.label = "8 x B/8 accumulated: library", .color = C_ACCUM, .npoints = sw->n, .x = x, .mean = lib[1]},
        {.label = "batch B: process peak RSS growth", .color = C_LARGE, .dashed = 1, .npoints = sw->n, .x = x, .mean = rss[0]},
        {.label = "8 x B/8 accumulated: peak RSS growth", .color = C_ACCUM, .dashed = 1, .npoints = sw->n, .x = x,
         .mean = rss[1]},
    };
    const ts_chart c = {.dir = L->out_dir, .name = "memory-batch",
                        .title = "Peak memory of a training step against the effective batch size",
                        .xlabel = "effective batch size B (images per optimizer step)", .ylabel = "MiB"};
    return ts_chart_lines(&c, series, sw->rss_problem[0] ? 2 : 4, NULL);
}

/* The sweep's entry for an effective batch (NULL: not measured). */
static const memory_use *memory_at(const memory_sweep *sw, int effective, int accumulated_run) {
    for (int i = 0; i < sw->n; i++)
        if (sw->sizes[i] == effective) return accumulated_run ? &sw->accum[i] : &sw->large[i];
    return NULL;
}

static void batch_table(ts_report *r, const ts_study *s, const memory_sweep *sw) {
    const memory_use *mem[NBATCH] = {memory_at(sw, MICRO, 0), memory_at(sw, LARGE, 1), memory_at(sw, LARGE, 0)};
    ts_report_printf(r, "| variant | steps per epoch | final test acc. (%%) | final train loss | s per epoch | "
                        "library peak (MiB) | peak RSS growth (MiB) |\n|---|---|---|---|---|---|---|\n");
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48];
        pct(ts_study_stat(s, v, "test", "accuracy", -1), a);
        ts_stat_format(ts_study_stat(s, v, "train", "loss", -1), 1.0, 3, b, sizeof b);
        ts_stat_format(seconds_per_epoch(s, v), 1.0, 2, c, sizeof c);
        ts_report_printf(r, "| %s | %ld | %s | %s | %s | %.1f | %.1f |\n", s->variants[v].label,
                         steps_in_first_epoch(&s->records[v * s->seeds]), a, b, c,
                         mem[v] ? mib(mem[v]->library) : NAN, mem[v] ? mib(mem[v]->rss) : NAN);
    }
    ts_report_printf(r, "\n");
}

static void memory_table(ts_report *r, const memory_sweep *sw) {
    ts_report_printf(r, "| effective batch B | batch B: library (MiB) | batch B: peak RSS growth (MiB) | "
                        "8 x B/8: library (MiB) | 8 x B/8: peak RSS growth (MiB) |\n|---|---|---|---|---|\n");
    for (int i = 0; i < sw->n; i++)
        ts_report_printf(r, "| %d | %.1f | %.1f | %.1f | %.1f |\n", sw->sizes[i], mib(sw->large[i].library),
                         mib(sw->large[i].rss), mib(sw->accum[i].library), mib(sw->accum[i].rss));
    ts_report_printf(r, "\n");
}

/* The largest |test accuracy(accumulated) − test accuracy(batch 32)| at any epoch of any seed. */
static double curve_gap(const ts_study *s) {
    double gap = 0.0;
    for (int k = 0; k < s->seeds; k++) {
        const ts_record *a = &s->records[B_ACCUM * s->seeds + k], *b = &s->records[B_LARGE * s->seeds + k];
        for (int e = 1; e <= ts_record_last_epoch(a, "test", "accuracy"); e++)
            gap = fmax(gap, fabs(ts_record_get(a, "test", "accuracy", e) - ts_record_get(b, "test", "accuracy", e)));
    }
    return gap;
}

static void batch_verdict(ts_lesson *L, ts_report *r, const ts_study *s, const memory_sweep *sw) {
    ts_stat acc[NBATCH], sec[NBATCH];
    char a[NBATCH][48], t[NBATCH][48];
    for (int v = 0; v < NBATCH; v++) {
        acc[v] = ts_study_stat(s, v, "test", "accuracy", -1), sec[v] = seconds_per_epoch(s, v);
        pct(acc[v], a[v]);
        ts_stat_format(sec[v], 1.0, 2, t[v], sizeof t[v]);
    }
    const double gap = curve_gap(s);
    const int same = ts_stat_compare(acc[B_ACCUM], acc[B_LARGE]);
    ts_report_verdict(r, "- **Accumulation trains like the large batch.** Final test accuracy: 8 × 4 accumulated %s%%, "
                         "batch 32 %s%%; their test-accuracy curves differ by at most %.2f points at any epoch of any "
                         "seed: %s\n", a[B_ACCUM], a[B_LARGE], 100 * gap,
                      ts_compare_text(s->seeds, same, "the accumulated run is ahead beyond the noise — unexpected after part 1.",
                                      "the large batch is ahead beyond the noise — unexpected after part 1.",
                                      "no difference beyond the seed-to-seed noise, as part 1's exactness predicts."));
    const int small_cmp = ts_stat_compare(acc[B_SMALL], acc[B_LARGE]);
    ts_report_verdict(r, "- **Small batch.** Batch 8 at the same learning rate takes 4× as many steps per epoch and "
                         "reaches %s%% (batch 32: %s%%): %s\n", a[B_SMALL], a[B_LARGE],
                      ts_compare_text(s->seeds, small_cmp,
                                      "after the same number of epochs the small batch is ahead — large-batch "
                                      "behaviour, accumulated or not, is not automatically better.",
                                      "the larger batch is ahead — here the larger batch is worth having.",
                                      "no difference beyond the seed-to-seed noise at this size."));
    const int slower = ts_stat_compare(sec[B_ACCUM], sec[B_LARGE]), steps = ts_stat_compare(sec[B_SMALL], sec[B_ACCUM]);
    ts_report_verdict(r, "- **Time.** Seconds per epoch: batch 8 %s, 8 × 4 accumulated %s, batch 32 %s: %s %s\n",
                      t[B_SMALL], t[B_ACCUM], t[B_LARGE],
                      ts_compare_text(s->seeds, slower,
                                      "accumulation costs more time than the large batch — the same arithmetic in "
                                      "4× smaller pieces, each with less work to spread over the cores. It buys "
                                      "memory, not speed.",
                                      "accumulation was faster than the large batch here.",
                                      "no timing difference beyond the noise between accumulation and the large "
                                      "batch — here the smaller pieces cost no measurable time."),
                      s->seeds < 2 ? ""
                      : steps > 0  ? "Batch 8 is slower than 8 × 4: their forward and backward passes are the "
                                     "same; batch 8 also runs 4× as many optimizer steps and zero_grads."
                                   : "");
    const memory_use *m8 = memory_at(sw, MICRO, 0), *m84 = memory_at(sw, LARGE, 1), *m32 = memory_at(sw, LARGE, 0);
    if (m8 && m84 && m32)
        ts_report_verdict(r, "- **Memory.** At the peak of a step the library holds %.1f MiB for 8 × 4 accumulated, "
                             "%.1f MiB for batch 8 and %.1f MiB for batch 32: %s\n",
                          mib(m84->library), mib(m8->library), mib(m32->library),
                          m84->library == m8->library && m32->library > m8->library
                              ? "accumulation holds exactly the memory of its micro-batch — large-batch steps at "
                                "small-batch memory, the point of seed section 7."
                              : "accumulation does not hold the memory of its micro-batch — unexpected.");
    const int last = sw->n - 1;
    if (last > 0) {
        const double slope = (sw->large[last].library - sw->large[0].library) / (sw->sizes[last] - sw->sizes[0]);
        double lo = INFINITY, hi = 0.0;
        for (int i = 0; i < sw->n; i++) lo = fmin(lo, sw->accum[i].library), hi = fmax(hi, sw->accum[i].library);
        /* the OS's count includes the input batch and allocator slack: "agrees" within 10% */
        const double seen = sw->large[last].rss / sw->large[last].library;
        char os[240] = "";
        if (!sw->rss_problem[0])
            snprintf(os, sizeof os, " The operating system %s: the process's peak resident set grows by %.1f MiB for "
                                    "batch %d and by %.1f MiB for 8 × %d.",
                     fabs(seen - 1.0) < 0.1 ? "agrees" : "counts differently", mib(sw->large[last].rss),
                     sw->sizes[last], mib(sw->accum[last].rss), sw->sizes[last] / MICRO);
        ts_report_verdict(r, "- **Memory against batch size.** From B = %d to %d the large batch's memory grows from "
                             "%.1f to %.1f MiB, %.2f MiB per image (its activations and their gradients), while "
                             "8 × B/8 accumulation %s.%s\n",
                          sw->sizes[0], sw->sizes[last], mib(sw->large[0].library), mib(sw->large[last].library),
                          mib(slope), hi == lo ? "holds the same bytes at every B" : "changes with B",
                          os);
    }
    ts_say(L, "  test acc. batch 8 %s%%, 8x4 %s%%, batch 32 %s%% (8x4 vs 32: %s); s/epoch %s / %s / %s\n", a[B_SMALL],
           a[B_ACCUM], a[B_LARGE], ts_compare_text(s->seeds, same, "8x4 ahead", "32 ahead", "within noise"), t[B_SMALL],
           t[B_ACCUM], t[B_LARGE]);
    if (m8 && m84 && m32)
        ts_say(L, "  library peak: batch 8 %.1f MiB, 8x4 %.1f MiB, batch 32 %.1f MiB\n", mib(m8->library),
               mib(m84->library), mib(m32->library));
}

/* ------------------------------------------------------------------ 4. the short last group */

/* The ratio of the seed's last-group gradient to ours, derived in lesson-7-accumulation.md:
   the seed computes Σ_i (1/k)·mean_i over the group's micro-batches, we Σ_i (n_i/S)·mean_i.
   If all its micro-batches are full (n_i = B, S = j·B) the seed's is ours × S/(k·B); a
   single short micro-batch (S = n < B) gets 1/k instead of 1. Otherwise the seed also
   weighs the group's samples unequally and the result is no rescaling of ours (NaN). */
static double predicted_ratio(int samples, int batch, int k) {
    const int last = samples % (batch * k);
    if (last == 0) return 1.0; /* no short group */
    if (last % batch == 0) return (double)last / (batch * k);
    if (last < batch) return 1.0 / k;
    return NAN;
}

typedef struct {
    step_log log[2]; /* P_CORRECT, P_SEED: the first epoch */
    double test_accuracy[2];
} partial_run;

static int measure_partial(ts_lesson *L, const ts_study *s, partial_run *runs) {
    for (int k = 0; k < L->seeds; k++)
        for (int v = 0; v < 2; v++) {
            const ts_run_config c = ts_study_config(L, s, v);
            if (logged_epoch(L, &c, k + 1, &runs[k].log[v], &runs[k].test_accuracy[v]) != TS_OK) return TS_ERR;
        }
    return TS_OK;
}

static double last_norm(const step_log *log) { return log->n ? log->grad_norm[log->n - 1] : NAN; }

static void partial_table(ts_lesson *L, ts_report *r, const partial_run *runs) {
    ts_report_printf(r, "| seed | steps in epoch 1 | ‖g‖ of the step before | ‖g‖ last step, ours | ‖g‖ last step, seed's "
                        "| seed's / ours |\n|---|---|---|---|---|---|\n");
    for (int k = 0; k < L->seeds; k++) {
        const step_log *ours = &runs[k].log[P_CORRECT], *seed = &runs[k].log[P_SEED];
        ts_report_printf(r, "| %d | %d | %.4f | %.4f | %.4f | %.4f |\n", k + 1, ours->n,
                         ours->n > 1 ? ours->grad_norm[ours->n - 2] : NAN, last_norm(ours), last_norm(seed),
                         last_norm(seed) / last_norm(ours));
    }
    ts_report_printf(r, "\n");
}

static int partial_chart(ts_lesson *L, const partial_run *run) {
    const int n = run->log[P_CORRECT].n;
    if (run->log[P_SEED].n != n) return ts_fail("part 4's two runs logged different step counts");
    double *x = calloc((size_t)n, sizeof *x);
    if (!x) return ts_fail("out of memory");
    for (int i = 0; i < n; i++) x[i] = i + 1;
    const ts_series series[] = {
        {.label = "loss x n_i/S (ours)", .color = C_ACCUM, .npoints = n, .x = x, .mean = run->log[P_CORRECT].grad_norm},
        {.label = "loss / accum_iter (seed)", .color = C_SEED_STYLE, .dashed = 1, .npoints = n, .x = x,
         .mean = run->log[P_SEED].grad_norm},
    };
    const ts_chart c = {.dir = L->out_dir, .name = "partial-grad-norm",
                        .title = "Gradient norm per step, epoch 1 (seed 1)",
                        .xlabel = "optimizer step", .ylabel = "gradient norm ||g||"};
    const int status = ts_chart_lines(&c, series, 2, NULL);
    free(x);
    return status;
}

static void partial_verdict(ts_lesson *L, ts_report *r, const ts_study *s, const partial_run *runs) {
    const ts_run_config c = ts_study_config(L, s, P_CORRECT);
    const int group = c.batch_size * c.accum_iter, last = c.train_size % group;
    const double predicted = predicted_ratio(c.train_size, c.batch_size, c.accum_iter);
    double deviation = 0.0;
    for (int k = 0; k < L->seeds; k++)
        deviation = fmax(deviation, fabs(last_norm(&runs[k].log[P_SEED]) / last_norm(&runs[k].log[P_CORRECT]) - predicted));
    const step_log *ours = &runs[0].log[P_CORRECT], *seed = &runs[0].log[P_SEED];
    if (last == 0)
        ts_report_verdict(r, "- **The bug.** With %d training images every group is full (%d × %d): there is no short "
                             "group to show — use a --train-size that is not a multiple of %d.\n",
                          c.train_size, c.train_size / group, group, group);
    else
        ts_report_verdict(r, "- **The bug.** %d training images make %d groups of %d and a last group of %d. Its gradient "
                             "norm (seed 1) is %.4f with our n_i / S and %.4f with the seed's loss / accum_iter: ratio "
                             "%.4f, derived %.4f (largest deviation over seeds %.1e): %s\n",
                          c.train_size, c.train_size / group, group, last, last_norm(ours), last_norm(seed),
                          last_norm(seed) / last_norm(ours), predicted, deviation,
                          deviation < 1e-6 ? "as derived — the seed's recipe takes the last step of every epoch "
                                             "scaled down by n_last / (k·B), as if the missing images had zero gradient."
                                           : "not the derived ratio.");
    const ts_stat a = ts_study_stat(s, P_CORRECT, "test", "accuracy", -1), b = ts_study_stat(s, P_SEED, "test", "accuracy", -1);
    char sa[48], sb[48];
    pct(a, sa), pct(b, sb);
    const int cmp = ts_stat_compare(a, b);
    char share[96] = ""; /* how much of training the bug touches */
    if (last) snprintf(share, sizeof share, " Only 1 of the %d steps of an epoch is shortened.", ours->n);
    ts_report_verdict(r, "- **Does it matter?** After %d epoch%s: %s%% test accuracy with the correct scaling, %s%% "
                         "with the seed's: %s%s\n",
                      c.epochs, c.epochs > 1 ? "s" : "", sa, sb,
                      ts_compare_text(s->seeds, cmp, "the correct scaling is ahead beyond the noise.",
                                      "the seed's scaling is ahead beyond the noise.",
                                      "no difference beyond the seed-to-seed noise."),
                      share);
    ts_say(L, "  short group of %d: last-step norm ours %.4f, seed's %.4f (ratio %.4f, derived %.4f); test acc. %s%% vs "
              "%s%% -> %s\n", last, last_norm(ours), last_norm(seed), last_norm(seed) / last_norm(ours), predicted, sa, sb,
           ts_compare_text(s->seeds, cmp, "ours ahead", "seed's ahead", "within noise"));
}

/* ------------------------------------------------------------------ the lesson */

static const double THRESHOLD = 0.8; /* summary.csv: "epochs to reach 80% test accuracy" */

static int run_lesson(ts_lesson *L) {
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = LARGE,
                                .epochs = ts_by_preset(L, 1, 3, 6),
                                .train_size = ts_by_preset(L, 512, 3000, 20000),
                                .test_size = ts_by_preset(L, 500, 1000, 10000), .eval_batch_size = 100};
    /* 1, 2: one epoch step by step */
    ts_study exact = {.name = "exact", .title = "Accumulation vs large batch without BN", .base = base,
                      .variants = EXACT, .nvariants = 2};
    exact.base.train_size = ts_by_preset(L, 256, 2048, 8192);
    ts_study exact_bn = exact;
    exact_bn.name = "exact-bn", exact_bn.title = "Accumulation vs large batch with BN", exact_bn.variants = EXACT_BN;
    /* 3 */
    ts_study batch = {.name = "batch", .title = "Small batch vs accumulation vs large batch", .base = base,
                      .variants = BATCH, .nvariants = NBATCH};
    /* 4: groups of 32 and a last group of one micro-batch */
    ts_study partial = {.name = "partial", .title = "The short last group", .base = base, .variants = PARTIAL,
                        .nvariants = 2};
    partial.base.train_size = LARGE * ts_by_preset(L, 8, 62, 312) + MICRO;
    ts_study *studies[] = {&batch, &partial};
    ts_lesson_plan(L, &batch);
    ts_lesson_plan(L, &partial);
    memory_sweep sw = {.n = ts_by_preset(L, 3, 6, 6), .sizes = {8, 16, 32, 64, 128, 256}};
    equivalence *plain = calloc((size_t)L->seeds, sizeof *plain), *bn = calloc((size_t)L->seeds, sizeof *bn);
    partial_run *short_group = calloc((size_t)L->seeds, sizeof *short_group);
    int status = plain && bn && short_group ? TS_OK : ts_fail("out of memory");
    if (status != TS_OK) goto done;
    status = TS_ERR;

    ts_say(L, "Lesson 7 — Gradient accumulation (seed section 7)\n"
              "preset %s: %d seed%s per variant, %d threads, data %s\n\n", L->preset_name, L->seeds,
           L->seeds > 1 ? "s" : "", L->threads, L->data_dir);
    const ts_run_config ce = ts_study_config(L, &exact, E_LARGE);
    ts_say(L, "1. Is accumulation exact? The seed's CNN without BN, from the same weights: one batch of 32 against\n"
              "   4 micro-batches of 8, each loss / 4; then one epoch of each on %d images, step by step.\n",
           ce.train_size);
    if (measure_equivalence(L, &exact, plain) != TS_OK) goto done;
    ts_say(L, "\n2. The same with BatchNorm after every conv and the hidden Linear.\n");
    if (measure_equivalence(L, &exact_bn, bn) != TS_OK) goto done;
    const ts_run_config cb = ts_study_config(L, &batch, B_SMALL);
    ts_say(L, "\n3. Batch 8 vs 8 x 4 accumulated vs batch 32, no BN: %d epoch%s on %d images. Then the peak memory of\n"
              "   a step against the effective batch size, each size measured on a fresh model.\n",
           cb.epochs, cb.epochs > 1 ? "s" : "", cb.train_size);
    if (ts_study_run(L, &batch) != TS_OK || sweep_memory(L, &base, &sw) != TS_OK) goto done;
    const ts_run_config cp = ts_study_config(L, &partial, P_CORRECT);
    ts_say(L, "\n4. The seed's short last group: %d images = %d groups of %d + %d. Its loss / accum_iter against\n"
              "   our n_i / S, %d epoch%s; then epoch 1 again, step by step, for the last step's gradient.\n",
           cp.train_size, cp.train_size / LARGE, LARGE, cp.train_size % LARGE, cp.epochs, cp.epochs > 1 ? "s" : "");
    if (ts_study_run(L, &partial) != TS_OK || measure_partial(L, &partial, short_group) != TS_OK) goto done;

    ts_say(L, "\nWhat was found:\n");
    if (ts_lesson_write_tables(L, studies, 2, THRESHOLD) != TS_OK || equivalence_charts(L, &plain[0], &bn[0]) != TS_OK ||
        memory_chart(L, &sw) != TS_OK || partial_chart(L, &short_group[0]) != TS_OK ||
        ts_study_chart_curves(L, &batch, "batch-test-accuracy", "Test accuracy: small vs accumulated vs large batch",
                              "test", "accuracy", "test accuracy (fraction)", C_SMALL) != TS_OK ||
        ts_study_chart_curves(L, &batch, "batch-train-loss", "Training loss: small vs accumulated vs large batch",
                              "train", "loss", "training cross-entropy", C_SMALL) != TS_OK ||
        ts_study_chart_curves(L, &partial, "partial-test-accuracy", "Test accuracy: correct vs seed-style scaling",
                              "test", "accuracy", "test accuracy (fraction)", C_ACCUM) != TS_OK)
        goto done;

    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 7 — Gradient accumulation", 7, __FILE__,
                              "The seed's CNN and SGD (lr 0.01, momentum 0.9); accumulation means %d micro-batches "
                              "of %d per optimizer step, against one batch of %d.", ACCUM, MICRO, LARGE) != TS_OK)
        goto done;
    ts_report_key_chart(&r, "memory-batch", "peak memory against batch size: large batch vs accumulation");

    ts_report_section(&r, "1. Is accumulation exact? (no BatchNorm)");
    ts_report_printf(&r, "From the same initial weights, the first 32 shuffled training images as one batch, and as 4 "
                         "micro-batches of 8 whose losses are each divided by 4 (`ts_train_accumulate`); Δg is the "
                         "difference of the two gradients. Then one epoch of each on %d images (`ts_train_epoch` with "
                         "accum_iter 4), the loss of every step recorded by the trainer's group hook; the same sample "
                         "order in both. The *control* is batch 32 once more on %d thread%s instead of %d: the same "
                         "mathematics, rounded differently. Round-off threshold for the gradient: relative difference "
                         "%.0e; two curves count as the same when their mean per-step difference is below %.0f%% of "
                         "the difference between two seeds' curves.\n\n",
                     ce.train_size, control_threads(L), control_threads(L) > 1 ? "s" : "", L->threads, ROUNDOFF,
                     100 * SAME_CURVE);
    equivalence_table(L, &r, &exact, plain);
    ts_report_chart(&r, "exact-step-loss", "the loss of every step, without and with BN");
    ts_report_chart(&r, "exact-step-difference", "how far the accumulated run's loss is from the large batch's, per step");
    exact_verdict(L, &r, plain, L->seeds);

    ts_report_section(&r, "2. With BatchNorm");
    ts_report_printf(&r, "The same measurements with BatchNorm after every conv and the hidden Linear. With BN, "
                         "\"max |Δ running stats|\" compares the running means and variances after the one group: "
                         "4 updates with momentum 0.1 from 8-image statistics against 1 from 32-image statistics.\n\n");
    equivalence_table(L, &r, &exact_bn, bn);
    bn_verdict(L, &r, bn, L->seeds);

    ts_report_section(&r, "3. Small batch vs accumulation vs large batch");
    ts_report_printf(&r, "No BN, %d epoch%s on the first %d training images, tested on %d. Peak memory from the sweep "
                         "below (same configuration, fresh model, two steps). Times are wall-clock on a possibly "
                         "shared machine.\n\n",
                     cb.epochs, cb.epochs > 1 ? "s" : "", cb.train_size, cb.test_size);
    batch_table(&r, &batch, &sw);
    ts_report_chart(&r, "batch-test-accuracy", "test accuracy per epoch");
    ts_report_chart(&r, "batch-train-loss", "training loss per epoch");
    ts_report_printf(&r, "Peak memory of one training step (two steps on a fresh model, then the peak). *Library*: the "
                         "bytes the library holds for parameters, gradients, optimizer state and per-batch "
                         "activations (`ts_trainer_memory`, `lib/train/memory.h`), exact. *Peak RSS growth*: how much "
                         "the process's peak resident set (`getrusage`) grew during the measurement, reset before each "
                         "(`ts_memory_reset_peak_rss`) — the operating system's view, including the input batch and "
                         "allocator slack.%s%s\n\n",
                     sw.rss_problem[0] ? " Not available here: " : "", sw.rss_problem);
    memory_table(&r, &sw);
    ts_report_chart(&r, "memory-batch", "peak memory against the effective batch size");
    batch_verdict(L, &r, &batch, &sw);

    ts_report_section(&r, "4. The short last group");
    ts_report_printf(&r, "The seed divides every micro-batch's loss by accum_iter, also in a last group that has fewer "
                         "than accum_iter micro-batches; the library divides by the group's real size (n_i / S). %d "
                         "training images, 8 × 4 accumulation, %d epoch%s. First the gradient norm of every step of epoch "
                         "1 (identical in both until the last step), then accuracy over seeds.\n\n",
                     cp.train_size, cp.epochs, cp.epochs > 1 ? "s" : "");
    partial_table(L, &r, short_group);
    ts_report_chart(&r, "partial-grad-norm", "gradient norm per step, epoch 1");
    ts_report_chart(&r, "partial-test-accuracy", "test accuracy per epoch");
    partial_verdict(L, &r, &partial, short_group);
    if (ts_report_close(&r) != TS_OK) goto done;

    ts_lesson_say_outputs(L);
    status = TS_OK;
done: /* also after an error or Ctrl-C */
    for (int k = 0; k < L->seeds; k++)
        for (int v = 0; v < 3; v++) {
            if (plain) step_log_free(&plain[k].log[v]);
            if (bn) step_log_free(&bn[k].log[v]);
            if (short_group && v < 2) step_log_free(&short_group[k].log[v]);
        }
    free(plain), free(bn), free(short_group);
    ts_study_free(&batch);
    ts_study_free(&partial);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-7", DESCRIPTION, run_lesson); }
