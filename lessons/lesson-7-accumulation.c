/* Lesson 7 — Gradient accumulation (seed section 7).
 *
 *   make lesson-7                          # quick preset
 *   build/release/bin/lesson-7-accumulation --preset full --out results/lesson-7
 *
 * The seed's example: a step should see 32 images but only 8 fit in memory, so the
 * gradients of 4 micro-batches of 8 are added up before each optimizer step. On
 * Fashion-MNIST with the seed's CNN (SGD, lr 0.01, momentum 0.9):
 *   1. Is it exact? From the same weights, 4 × 8 accumulated against one batch of 32,
 *      without BN and with BN (each micro-batch normalised with its own statistics).
 *   2. Does it train like the large batch? Batch 8, 8 × 4 and 32, without and with BN.
 *   3. What does it save? The peak memory of a step against the effective batch size.
 *   4. The seed's short last group: its `loss / accum_iter` against our n_i / S.
 * 1, 3 and the bug of 4 are deterministic: computed facts with a tolerance (fact.h).
 * Accuracy and time vary from seed to seed: verdicts (verdict.h). Library code exercised:
 * lib/train/train.c (ts_train_epoch, ts_train_accumulate), accum_check.c, step_log.c. */
#include <math.h>
#include <stdio.h>

#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 7 (seed section 7): gradient accumulation on Fashion-MNIST with the seed's CNN —\n"
    "exactness with and without BatchNorm, small vs accumulated vs large batch (accuracy, time,\n"
    "memory), and the seed's short-last-group bug; writes runs.csv, summary.csv, charts and\n"
    "REPORT.md to the output directory. Every experiment sets its own batch sizes, so\n"
    "--batch-size has no effect here. Seeds: 1 smoke, 2 quick, 5 full (--seeds overrides).";

/* The seed's example: 8 images fit in memory, 32 are wanted per step. */
enum { MICRO = 8, ACCUM = 4, LARGE = MICRO * ACCUM };

/* ------------------------------------------------------------------ 2. the variants, the verdicts */

static void large(ts_run_config *c) { c->batch_size = LARGE; }
static void accumulated(ts_run_config *c) { c->batch_size = MICRO; c->accum_iter = ACCUM; }
static void small(ts_run_config *c) { c->batch_size = MICRO; }
static void bn_large(ts_run_config *c) { large(c); c->batchnorm = 1; }
static void bn_accumulated(ts_run_config *c) { accumulated(c); c->batchnorm = 1; }

static const ts_variant BATCH[] = {
    {"small-8", "batch 8", small},
    {"accum-8x4", "8 x 4 accumulated", accumulated},
    {"large-32", "batch 32", large},
    {"bn-accum-8x4", "BN, 8 x 4 accumulated", bn_accumulated},
    {"bn-large-32", "BN, batch 32", bn_large},
};
enum { B_SMALL, B_ACCUM, B_LARGE, B_BN_ACCUM, B_BN_LARGE, NBATCH };

#define FINAL_TEST {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"}
#define TRAIN_SECONDS {"training time", "train", "seconds", TS_READ_SUM, .unit = "s", .digits = 2}
static const ts_measure COLUMNS[] = {
    FINAL_TEST, {"final training loss", "train", "loss", TS_READ_FINAL, .digits = 3}, TRAIN_SECONDS};

/* Seed 7.2: accumulation is "training with a larger batch". An equivalence claim: the
   report adds the 95% CI, how large a difference these seeds can exclude (equivalence.h). */
static const ts_verdict SAME_AS_LARGE = {
    .claim = "8 x 4 accumulated trains like batch 32 (no BN)",
    .measure = FINAL_TEST, .baseline = TS_ARM(B_LARGE), .arms = {TS_ARM(B_ACCUM)}, .narms = 1, .expect = 0,
    .contradicted = "the final accuracies differ beyond the noise, although part 1 finds the same gradient.",
    .no_difference = "no difference beyond the seed-to-seed noise, as part 1's exact gradient predicts."};
/* REFERENCE: BN statistics are per micro-batch, so with BN accumulation is not a large batch. */
static const ts_verdict BN_SAME_AS_LARGE = {
    .claim = "with BN too, 8 x 4 accumulated trains like batch 32",
    .measure = FINAL_TEST, .baseline = TS_ARM(B_BN_LARGE), .arms = {TS_ARM(B_BN_ACCUM)}, .narms = 1, .expect = 0,
    .contradicted = "with BN the accumulated network ends elsewhere: each micro-batch is normalised with its own 8 "
                    "images' statistics, another training procedure than batch 32.",
    .no_difference = "no difference in final accuracy beyond the noise, although the gradients differ (part 1): two "
                     "procedures that end alike here, within the interval below."};
/* Seed 7.1: "small batches harm training" — at the same lr and the same number of epochs. */
static const ts_verdict SMALL_HURTS = {
    .claim = "a small batch (8) trains worse than batch 32 (seed 7.1)",
    .measure = FINAL_TEST, .baseline = TS_ARM(B_LARGE), .arms = {TS_ARM(B_SMALL)}, .narms = 1, .expect = -1,
    .confirmed = "batch 8 ends behind batch 32: the large batch is worth having, and accumulation gets it at batch "
                 "8's memory.",
    .contradicted = "batch 8 ends ahead of batch 32 after the same epochs at the same lr (it takes 4x as many "
                    "steps): here accumulating to 32 buys nothing in accuracy.",
    .no_difference = "no difference beyond the noise after the same epochs."};
static const ts_verdict SLOWER = {
    .claim = "8 x 4 accumulated takes longer than batch 32 (the same arithmetic in 4 smaller pieces)",
    .measure = TRAIN_SECONDS, .baseline = TS_ARM(B_LARGE), .arms = {TS_ARM(B_ACCUM)}, .narms = 1, .expect = +1,
    .confirmed = "the smaller pieces cost time: accumulation buys memory, not speed.",
    .contradicted = "accumulation was faster than batch 32 on this machine.",
    .no_difference = "no time difference beyond the noise: here the smaller pieces cost no measurable time."};

/* ------------------------------------------------------------------ 4. the variants, the verdict */

static void seed_style(ts_run_config *c) { accumulated(c); c->seed_style_accum = 1; }
static const ts_variant PARTIAL[] = {{"correct", "8 x 4, loss x n_i/S (ours)", accumulated},
                                     {"seed-style", "8 x 4, loss / accum_iter (seed)", seed_style}};
enum { P_CORRECT, P_SEED };

static const ts_verdict SHORT_GROUP_HARMLESS = {
    .claim = "the seed's under-weighted last step leaves the final accuracy unchanged",
    .measure = FINAL_TEST, .baseline = TS_ARM(P_CORRECT), .arms = {TS_ARM(P_SEED)}, .narms = 1, .expect = 0,
    .contradicted = "the seed's scaling changes the final accuracy beyond the noise.",
    .no_difference = "no difference beyond the noise: one shortened step per epoch does not show in accuracy."};

/* ------------------------------------------------------------------ 1, 3, 4: the computed facts */

/* Relative gradient difference max|Δg| / max|g| still counted as float round-off: the two
   sides add the same products in another order, which moves a float sum by a few
   ε = 1.2e-7 (measured about 3e-8); a real difference, like BatchNorm's, is 1e-1. */
static const double ROUNDOFF = 1e-5;

static const ts_fact EXACT = {
    .claim = "no BN: 4 micro-batches of 8 give the gradient of one batch of 32",
    .quantity = "max|Δg| / max|g|", .tolerance = ROUNDOFF,
    .holds = "the same gradient up to float round-off — only the order of the additions differs.",
    .fails = "more than round-off: something besides the order of the additions differs."};
static const ts_fact BN_DIFFERS = {
    .claim = "with BN: 4 micro-batches of 8 give another gradient than one batch of 32",
    .quantity = "max|Δg| / max|g|", .tolerance = ROUNDOFF, .above = 1,
    .holds = "far beyond round-off — each micro-batch is normalised with the mean and variance of its own 8 "
             "images, another function of the weights.",
    .fails = "within round-off: with BN this is unexpected."};
static const ts_fact MICRO_MEMORY = {
    .claim = "8 x B/8 accumulated holds the memory of batch 8, at every B",
    .quantity = "max over B of |library peak(8 x B/8) − library peak(batch 8)|", .unit = "bytes",
    .holds = "large-batch steps at small-batch memory, the point of seed section 7.",
    .fails = "accumulation holds more than its micro-batch."};
static const ts_fact OS_AGREES = {
    .claim = "the operating system sees the growth the library counts",
    .quantity = "|peak RSS growth / library peak − 1| at the largest batch", .tolerance = 0.1,
    .holds = "the process's peak resident set grows as the library counts (the rest: input batch, allocator).",
    .fails = "the operating system counts differently (pages the allocator kept, or other threads)."};
static const ts_fact SHORT_GROUP_SCALED = {
    .claim = "the seed's last step is its mean gradient scaled by n_last/(k·B)",
    .quantity = "|‖g‖ seed / ‖g‖ ours − n_last/(k·B)| at the epoch's last step (seed 1)", .tolerance = 1e-6,
    .holds = "as derived in the chapter: the missing images count as zero gradient.",
    .fails = "not the derived ratio."};

/* ------------------------------------------------------------------ 1. measuring: the gradients */

/* Seed 1's initial weights and first 32 shuffled images, as one batch and as 4 micro-batches
   of 8 (lib/train/accum_check.h). Deterministic: one check says it. */
static int check_exactness(ts_lesson *L, const ts_study *s, int v, ts_accum_check *out) {
    const ts_run_config c = ts_study_config(L, s, v);
    ts_run r;
    if (ts_run_init(&r, &c, 1, &L->train, &L->test) != TS_OK) return TS_ERR;
    const float *x;
    const int *y;
    const int status = ts_loader_next(&r.train, &x, &y) == LARGE ? ts_accum_check_run(r.model, x, y, MICRO, ACCUM, out)
                                                                 : ts_fail("part 1 needs %d training images", LARGE);
    ts_run_free(&r);
    return status;
}

/* ------------------------------------------------------------------ 3. measuring: memory */

enum { MAX_SIZES = 6 };
static const int SIZES[MAX_SIZES] = {8, 16, 32, 64, 128, 256}; /* effective batch sizes B */
typedef struct {
    int n;
    ts_run_memory large[MAX_SIZES], accum[MAX_SIZES]; /* batch B; 8 × B/8 accumulated */
} memory_sweep;

/* Two optimizer steps of batch × accum on a fresh model (lib/experiment/run_memory.h). */
static int measure_memory(ts_lesson *L, const ts_run_config *base, int batch, int accum, ts_run_memory *out) {
    ts_run_config c = *base;
    c.batch_size = batch;
    c.accum_iter = accum;
    c.train_size = 2 * batch * accum;
    c.test_size = 1;
    return ts_run_measure_memory(&c, &L->train, &L->test, out);
}

static double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

static int sweep_memory(ts_lesson *L, const ts_run_config *base, memory_sweep *sw) {
    ts_run_memory warm; /* the first run touches what every later one reuses (thread stacks, BLAS) */
    if (measure_memory(L, base, MICRO, 1, &warm) != TS_OK) return TS_ERR;
    for (int i = 0; i < sw->n; i++)
        if (measure_memory(L, base, SIZES[i], 1, &sw->large[i]) != TS_OK ||
            measure_memory(L, base, MICRO, SIZES[i] / MICRO, &sw->accum[i]) != TS_OK)
            return TS_ERR;
    return TS_OK;
}

/* The table into the report, the chart beside it: MiB against B, library and OS. */
static int memory_outputs(ts_lesson *L, ts_report *r, const memory_sweep *sw) {
    double x[MAX_SIZES], mem[4][MAX_SIZES];
    ts_report_printf(r, "| effective batch B | batch B: library (MiB) | batch B: peak RSS growth (MiB) | "
                        "8 x B/8: library (MiB) | 8 x B/8: peak RSS growth (MiB) |\n|---|---|---|---|---|\n");
    for (int i = 0; i < sw->n; i++) {
        x[i] = SIZES[i];
        mem[0][i] = mib(sw->large[i].peak);
        mem[1][i] = mib(sw->accum[i].peak);
        mem[2][i] = mib(sw->large[i].rss_growth);
        mem[3][i] = mib(sw->accum[i].rss_growth);
        ts_report_printf(r, "| %d | %.1f | %.1f | %.1f | %.1f |\n", SIZES[i], mem[0][i], mem[2][i], mem[1][i], mem[3][i]);
    }
    ts_report_printf(r, "\n");
    const ts_series series[] = {
        {.label = "batch B: library", .color = B_LARGE, .npoints = sw->n, .x = x, .mean = mem[0]},
        {.label = "8 x B/8 accumulated: library", .color = B_ACCUM, .npoints = sw->n, .x = x, .mean = mem[1]},
        {.label = "batch B: peak RSS growth", .color = B_LARGE, .dashed = 1, .npoints = sw->n, .x = x, .mean = mem[2]},
        {.label = "8 x B/8: peak RSS growth", .color = B_ACCUM, .dashed = 1, .npoints = sw->n, .x = x, .mean = mem[3]},
    };
    const ts_chart c = {.dir = L->out_dir, .name = "memory-batch", .title = "Peak memory of a training step",
                        .xlabel = "effective batch size B (images per optimizer step)", .ylabel = "MiB"};
    return ts_chart_lines(&c, series, sw->large[0].rss_problem[0] ? 2 : 4, NULL);
}

/* ------------------------------------------------------------------ 4. measuring: the last step */

/* Epoch 1 of variant v, seed 1, every step's gradient norm logged (lib/train/step_log.h). */
static int log_first_epoch(ts_lesson *L, const ts_study *s, int v, ts_step_log *log) {
    const ts_run_config c = ts_study_config(L, s, v);
    ts_run r;
    if (ts_run_init(&r, &c, 1, &L->train, &L->test) != TS_OK) return TS_ERR;
    ts_metrics m;
    int status = ts_step_log_attach(log, &r.trainer, &r.train);
    if (status == TS_OK) status = ts_train_epoch(&r.trainer, &r.train, 0, NULL, &m);
    ts_run_free(&r);
    return status;
}

static int last_step_chart(ts_lesson *L, const ts_step_log *log) {
    const int n = log[P_CORRECT].n;
    double x[n];
    for (int i = 0; i < n; i++) x[i] = i + 1;
    const ts_series series[] = {
        {.label = PARTIAL[P_CORRECT].label, .color = NBATCH, .npoints = n, .x = x, .mean = log[P_CORRECT].grad_norm},
        {.label = PARTIAL[P_SEED].label, .color = NBATCH + 1, .dashed = 1, .npoints = log[P_SEED].n, .x = x,
         .mean = log[P_SEED].grad_norm},
    };
    const ts_chart c = {.dir = L->out_dir, .name = "partial-grad-norm", .title = "Gradient norm of each step, epoch 1 "
                        "(seed 1)", .xlabel = "optimizer step", .ylabel = "gradient norm ||g||"};
    return ts_chart_lines(&c, series, 2, NULL);
}

/* ------------------------------------------------------------------ the lesson, part by part */

static int exactness_part(ts_lesson *L, ts_report *r, const ts_study *batch) {
    ts_accum_check plain, bn;
    if (ts_lesson_part_begin(L, "1. Is accumulation exact? One batch of %d against %d micro-batches of %d, from the "
                                "same weights.", LARGE, ACCUM, MICRO) != TS_OK ||
        check_exactness(L, batch, B_LARGE, &plain) != TS_OK || check_exactness(L, batch, B_BN_LARGE, &bn) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "1. Is accumulation exact?");
    ts_report_printf(r, "From seed 1's initial weights, its first %d shuffled training images as one batch and as %d "
                     "micro-batches of %d, each loss divided by %d (`ts_accum_check_run`).\n\n| | max\\|Δg\\| | "
                     "max\\|g\\| | max\\|Δg\\| / max\\|g\\| | max\\|Δ running stats\\| |\n|---|---|---|---|---|\n"
                     "| no BN | %.2e | %.2e | %.2e | (none) |\n| BN | %.2e | %.2e | %.2e | %.2e |\n\n",
                     LARGE, ACCUM, MICRO, ACCUM, plain.grad_diff, plain.grad_max, plain.relative, bn.grad_diff,
                     bn.grad_max, bn.relative, bn.buffer_diff);
    ts_fact_report(L, r, &EXACT, plain.relative);
    ts_fact_report(L, r, &BN_DIFFERS, bn.relative);
    return TS_OK;
}

static int training_part(ts_lesson *L, ts_report *r, ts_study *s) {
    if (ts_lesson_part_begin(L, "2. Does it train like the large batch? Batch 8, 8 x 4 accumulated and batch 32, "
                                "without and with BN: %d epoch(s) on %d images.", s->base.epochs,
                             s->base.train_size) != TS_OK ||
        ts_study_run(L, s) != TS_OK ||
        ts_study_chart_curves_scaled(L, s, "batch-test-accuracy", "Test accuracy", "test", "accuracy",
                                     100, "test accuracy (%)", 0) != TS_OK ||
        ts_study_chart_curves(L, s, "batch-train-loss", "Training loss", "train", "loss", "training cross-entropy",
                              0) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "2. Does it train like the large batch?");
    ts_report_printf(r, "%d epoch(s) on the first %d training images, tested on %d; the runs of a seed share its "
                     "initialisation and shuffling seed. Times are wall-clock.\n\n",
                     s->base.epochs, s->base.train_size, s->base.test_size);
    ts_report_study_table(r, s, COLUMNS, 3, 0);
    ts_lesson_chart(L, r, "batch-test-accuracy", "test accuracy per epoch: without BN the accumulated curve lies on "
                                                 "batch 32's; with BN compare the two BN curves");
    ts_lesson_chart(L, r, "batch-train-loss", "training loss per epoch: batch 8 takes 4× the optimizer steps of the other two");
    ts_verdict_report_equivalence(L, r, s, &SAME_AS_LARGE);
    ts_verdict_report_equivalence(L, r, s, &BN_SAME_AS_LARGE);
    ts_verdict_report(L, r, s, &SMALL_HURTS);
    ts_verdict_report(L, r, s, &SLOWER);
    return TS_OK;
}

static int memory_part(ts_lesson *L, ts_report *r, const ts_run_config *base) {
    memory_sweep sw = {.n = ts_by_preset(L, 3, MAX_SIZES, MAX_SIZES)};
    if (ts_lesson_part_begin(L, "3. What does it save? The peak memory of a training step against the effective "
                                "batch size B.") != TS_OK ||
        sweep_memory(L, base, &sw) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "3. What does it save?");
    const ts_run_memory *top = &sw.large[sw.n - 1];
    ts_report_printf(r, "The peak memory of a training step: two steps on a fresh model per size. *Library*: the "
                     "bytes the library holds (`ts_trainer_memory`: parameters, gradients, optimizer state, per-batch "
                     "activations), exact. *Peak RSS growth*: the operating system's view (`getrusage`, reset before "
                     "each size), which also counts the input batch and allocator slack. %s\n\n", top->rss_problem);
    if (memory_outputs(L, r, &sw) != TS_OK) return TS_ERR;
    ts_lesson_chart(L, r, "memory-batch", "peak memory against the effective batch size: a batch of B grows with B, accumulation stays at batch 8's");
    double spread = 0.0;
    for (int i = 0; i < sw.n; i++) spread = fmax(spread, fabs((double)sw.accum[i].peak - (double)sw.large[0].peak));
    ts_fact_report(L, r, &MICRO_MEMORY, spread);
    if (!top->rss_problem[0]) ts_fact_report(L, r, &OS_AGREES, fabs(top->rss_growth / (double)top->peak - 1.0));
    return TS_OK;
}

static double last_norm(const ts_step_log *log) { return log->grad_norm[log->n - 1]; }

static int short_group_part(ts_lesson *L, ts_report *r, ts_study *s) {
    const int n = s->base.train_size;
    ts_step_log last[2] = {0}; /* epoch 1 of seed 1, P_CORRECT and P_SEED */
    int status = TS_ERR;
    if (ts_lesson_part_begin(L, "4. The seed's short last group: %d images in groups of %d.", n, LARGE) != TS_OK ||
        ts_study_run(L, s) != TS_OK || log_first_epoch(L, s, P_CORRECT, &last[P_CORRECT]) != TS_OK ||
        log_first_epoch(L, s, P_SEED, &last[P_SEED]) != TS_OK || last_step_chart(L, last) != TS_OK ||
        ts_study_chart_curves_scaled(L, s, "partial-test-accuracy", "Test accuracy: our vs the seed's scaling", "test",
                                     "accuracy", 100, "test accuracy (%)", NBATCH) != TS_OK)
        goto done;
    ts_report_section(r, "4. The seed's short last group");
    const double ours = last_norm(&last[P_CORRECT]), seed = last_norm(&last[P_SEED]),
                 predicted = ts_seed_style_last_scale(n, MICRO, ACCUM);
    ts_report_printf(r, "The seed divides every micro-batch's loss by accum_iter, also in a last group with fewer "
                     "micro-batches; the library divides by the group's real size (n_i / S). %d training images = "
                     "%d groups of %d + %d. Epoch 1 of seed 1, step by step: the last step's gradient norm is %.4f "
                     "with ours and %.4f with the seed's, ratio %.4f (derived: %.4f).\n\n",
                     n, n / LARGE, LARGE, n % LARGE, ours, seed, seed / ours, predicted);
    ts_lesson_chart(L, r, "partial-grad-norm", "the gradient norm of every step: the same until the last");
    ts_fact_report(L, r, &SHORT_GROUP_SCALED, fabs(seed / ours - predicted));
    ts_lesson_chart(L, r, "partial-test-accuracy", "test accuracy per epoch with the seed's and our weighting of the short last group: do the curves separate?");
    ts_verdict_report_equivalence(L, r, s, &SHORT_GROUP_HARMLESS);
    status = TS_OK;
done:
    for (int v = 0; v < 2; v++) ts_step_log_free(&last[v], NULL);
    return status;
}

static int run_lesson(ts_lesson *L) {
    ts_lesson_set_seeds(L, 1, 2, 5); /* 5 in full: the equivalence verdicts' intervals narrow with the seeds */
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = LARGE, .eval_batch_size = 100,
                                .epochs = ts_by_preset(L, 1, 3, 6), .train_size = ts_by_preset(L, 512, 3000, 12000),
                                .test_size = ts_by_preset(L, 500, 1000, 10000)};
    ts_study batch = {.name = "batch", .title = "Small batch vs accumulation vs large batch", .base = base,
                      .variants = BATCH, .nvariants = NBATCH},
             partial = {.name = "partial", .title = "The short last group", .base = base, .variants = PARTIAL,
                        .nvariants = 2};
    partial.base.train_size = LARGE * ts_by_preset(L, 8, 62, 312) + MICRO; /* a last group of one micro-batch */
    ts_study *studies[] = {&batch, &partial};
    for (int i = 0; i < 2; i++) ts_lesson_plan(L, studies[i]);
    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 7 — Gradient accumulation", 7, __FILE__,
                              "The seed's CNN and SGD (lr 0.01, momentum 0.9); accumulation means %d micro-batches "
                              "of %d per optimizer step, against one batch of %d.", ACCUM, MICRO, LARGE) != TS_OK)
        return TS_ERR;
    ts_report_key_chart(&r, "memory-batch", "peak memory against batch size: large batch vs accumulation");
    int status = exactness_part(L, &r, &batch);
    if (status == TS_OK) status = training_part(L, &r, &batch);
    if (status == TS_OK) status = memory_part(L, &r, &base);
    if (status == TS_OK) status = short_group_part(L, &r, &partial);
    if (status == TS_OK) status = ts_lesson_write_tables(L, studies, 2, 0.8);
    status = ts_lesson_finish(L, &r, status);
    for (int i = 0; i < 2; i++) ts_study_free(studies[i]); /* also after an error or Ctrl-C */
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-7", DESCRIPTION, run_lesson); }
