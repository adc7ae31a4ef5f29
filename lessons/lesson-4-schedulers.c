/* Lesson 4 — Learning-rate schedulers (seed section 4).
 *
 *   make lesson-4                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-4-schedulers --preset full --out results/lesson-4
 *
 * Four experiments:
 *   1. What the seed's six snippets really do: the lr of StepLR(1, 0.99), MultiStepLR([10,
 *      30, 80], 0.99), ExponentialLR(0.99), LambdaLR(0.95**epoch), MultiplicativeLR(0.95**
 *      epoch) and CosineAnnealingLR(T_max=50, eta_min=0) over 100 epochs, with the verdicts
 *      read off the sequences: MultiplicativeLR compounds, StepLR(1) is ExponentialLR,
 *      MultiStepLR with γ 0.99 barely moves, the cosine climbs back after T_max.
 *   2. The seed's open question, "these seem not to need scheduler.step() — to check":
 *      real training runs that never call step(), printing the lr each epoch as the seed
 *      prints it, next to the same runs calling step() after every epoch.
 *   3. Training the seed's CNN with the same budget: constant lr (three values, the seed's
 *      0.01 among them) against step decay, cosine annealing, one-cycle, and linear warm-up
 *      + cosine, each over several seeds.
 *   4. The LR range test (Smith 2017): the loss while the lr grows exponentially, its
 *      suggested lr, and where that lands against the best constant lr of experiment 3.
 * Every verdict below is computed from the measurements. The library code this lesson
 * exercises: lib/optim/scheduler.h (and lr_decay.c, lr_cosine.c, scheduler.c), the run's
 * schedule in lib/experiment/run.h, lib/train/lr_range.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/ablation.h"
#include "../lib/plot/chart.h"
#include "../lib/plot/report.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 4 (seed section 4): learning-rate schedulers — the seed's snippets, scheduler.step(),\n"
    "a training ablation of schedules and the LR range test on Fashion-MNIST with the seed's CNN;\n"
    "writes runs.csv, summary.csv, charts and REPORT.md to the output directory.";

static const double THRESHOLD = 0.80; /* "epochs to reach 80% test accuracy" */
static const double FAILED_BELOW = 0.2; /* a run ending below 20% test accuracy (10 classes) failed */

/* ------------------------------------------------------------------ 1. the seed's snippets */

enum { CURVE_EPOCHS = 100 };
static const double SEED_LR = 0.001; /* the seed's LambdaLR/MultiplicativeLR/CosineAnnealingLR optimizer */

static double seed_lambda(long epoch, void *ctx) { return pow(0.95, (double)epoch); } /* lambda epoch: 0.95 ** epoch */
static const long SEED_MILESTONES[] = {10, 30, 80};

static ts_scheduler *seed_step(ts_optimizer *o) { return ts_step_lr(o, 1, 0.99); }
static ts_scheduler *seed_multistep(ts_optimizer *o) { return ts_multi_step_lr(o, SEED_MILESTONES, 3, 0.99); }
static ts_scheduler *seed_exponential(ts_optimizer *o) { return ts_exponential_lr(o, 0.99); }
static ts_scheduler *seed_lambda_lr(ts_optimizer *o) { return ts_lambda_lr(o, seed_lambda, NULL); }
static ts_scheduler *seed_multiplicative(ts_optimizer *o) { return ts_multiplicative_lr(o, seed_lambda, NULL); }
static ts_scheduler *seed_cosine(ts_optimizer *o) { return ts_cosine_annealing_lr(o, 50, 0.0); }

static const struct {
    const char *label;
    ts_scheduler *(*make)(ts_optimizer *opt);
} SEED[] = {
    {"StepLR(step_size=1, gamma=0.99)", seed_step},
    {"MultiStepLR([10,30,80], gamma=0.99)", seed_multistep},
    {"ExponentialLR(gamma=0.99)", seed_exponential},
    {"LambdaLR(0.95**epoch)", seed_lambda_lr},
    {"MultiplicativeLR(0.95**epoch)", seed_multiplicative},
    {"CosineAnnealingLR(T_max=50, eta_min=0)", seed_cosine},
};
enum { S_STEP, S_MULTISTEP, S_EXPONENTIAL, S_LAMBDA, S_MULTIPLICATIVE, S_COSINE, NSEED };

/* lr[k][e]: the lr of seed scheduler k during epoch e (e = 0 .. CURVE_EPOCHS), stepped
   after every epoch, on an SGD over one dummy parameter (the lr does not depend on it). */
static int seed_curves(double lr[NSEED][CURVE_EPOCHS + 1]) {
    float param = 0.0f, grad = 0.0f;
    for (int k = 0; k < NSEED; k++) {
        ts_optimizer *opt = ts_sgd(&param, &grad, 1, (float)SEED_LR, (ts_sgd_options){0});
        ts_scheduler *s = opt ? SEED[k].make(opt) : NULL;
        int status = s ? TS_OK : TS_ERR;
        lr[k][0] = s ? ts_scheduler_get_last_lr(s) : NAN;
        for (int e = 1; e <= CURVE_EPOCHS && status == TS_OK; e++) {
            ts_optimizer_step(opt);
            status = ts_scheduler_step(s);
            lr[k][e] = ts_scheduler_get_last_lr(s);
        }
        ts_scheduler_free(s);
        ts_optimizer_free(opt);
        if (status != TS_OK) return TS_ERR;
    }
    return TS_OK;
}

/* max over e of |a[e]/b[e] − 1| */
static double max_rel_diff(const double *a, const double *b, int n) {
    double worst = 0.0;
    for (int e = 0; e < n; e++) worst = fmax(worst, fabs(a[e] / b[e] - 1.0));
    return worst;
}

static void seed_verdicts(ts_lesson *L, ts_report *r, double lr[NSEED][CURVE_EPOCHS + 1]) {
    enum { N = CURVE_EPOCHS + 1 };
    /* MultiplicativeLR against the compounded product 0.95^(e(e+1)/2) and LambdaLR's 0.95^e */
    double compound[N], simple[N]; /* from the optimizer's initial lr, the float 0.001f */
    for (int e = 0; e < N; e++) {
        compound[e] = lr[S_MULTIPLICATIVE][0] * pow(0.95, e * (e + 1) / 2.0);
        simple[e] = lr[S_LAMBDA][0] * pow(0.95, e);
    }
    const double dev_mult = max_rel_diff(lr[S_MULTIPLICATIVE], compound, N), dev_lambda = max_rel_diff(lr[S_LAMBDA], simple, N);
    ts_report_verdict(r, "- **Does MultiplicativeLR compound?** With the same `lambda epoch: 0.95 ** epoch`, LambdaLR's lr "
                         "after 10 epochs is %.3g × the initial lr and MultiplicativeLR's %.3g ×; after 30 epochs "
                         "%.3g × against %.3g ×. %s (largest deviation from 0.95^(e(e+1)/2) over %d epochs: %.1e; "
                         "LambdaLR from 0.95^e: %.1e.)\n",
                      lr[S_LAMBDA][10] / lr[S_LAMBDA][0], lr[S_MULTIPLICATIVE][10] / lr[S_MULTIPLICATIVE][0], lr[S_LAMBDA][30] / lr[S_LAMBDA][0],
                      lr[S_MULTIPLICATIVE][30] / lr[S_MULTIPLICATIVE][0],
                      dev_mult < 1e-9 ? "MultiplicativeLR multiplies the *current* lr by λ(e) at every step, so the "
                                        "factors pile up to 0.95^(1+2+…+e) = 0.95^(e(e+1)/2): the seed's lambda, "
                                        "meant as a schedule, decays quadratically in the exponent."
                                      : "MultiplicativeLR does NOT follow 0.95^(e(e+1)/2) here — check the library.",
                      CURVE_EPOCHS, dev_mult, dev_lambda);
    const double dev_step = max_rel_diff(lr[S_STEP], lr[S_EXPONENTIAL], N);
    ts_report_verdict(r, "- **Is StepLR(step_size=1) ExponentialLR?** Their lrs differ by at most %.1e (relative) over "
                         "%d epochs: %s\n", dev_step, CURVE_EPOCHS,
                      dev_step < 1e-12 ? "a step every epoch is an exponential decay; the two snippets are the same schedule."
                                       : "they differ — unexpected, see the table.");
    const double ms_end = lr[S_MULTISTEP][CURVE_EPOCHS] / lr[S_MULTISTEP][0], ex_end = lr[S_EXPONENTIAL][CURVE_EPOCHS] / lr[S_EXPONENTIAL][0];
    ts_report_verdict(r, "- **Does MultiStepLR with γ = 0.99 move?** After %d epochs it is at %.1f%% of the initial lr "
                         "(ExponentialLR(0.99): %.1f%%): %s\n", CURVE_EPOCHS, 100 * ms_end, 100 * ex_end,
                      ms_end > 0.9 ? "three milestones × 0.99 is a 3% decay — γ = 0.99 is an ExponentialLR value; "
                                     "MultiStepLR is meant for factors like 0.1."
                                   : "it decays noticeably.");
    const double at_T = lr[S_COSINE][50] / lr[S_COSINE][0], at_2T = lr[S_COSINE][CURVE_EPOCHS] / lr[S_COSINE][0];
    double lowest = INFINITY;
    int lowest_epoch = 0;
    for (int e = 0; e < N; e++)
        if (lr[S_COSINE][e] < lowest) lowest = lr[S_COSINE][e], lowest_epoch = e;
    ts_report_verdict(r, "- **Does CosineAnnealingLR climb back after T_max?** Its lowest lr, %.2g, is at epoch %d "
                         "(T_max = 50; there %.2g × the initial lr); at epoch %d it is back at %.1f%% of the initial lr: %s\n",
                      lowest, lowest_epoch, at_T, CURVE_EPOCHS, 100 * at_2T,
                      at_2T > 0.99 ? "the schedule is a cosine of period 2·T_max, not a one-way decay — train for "
                                     "T_max epochs, or use CosineAnnealingWarmRestarts on purpose."
                                   : "it stays low.");
    ts_say(L, "  MultiplicativeLR(0.95**epoch) at epoch 10: %.3g x lr (LambdaLR: %.3g x); StepLR(1) vs ExponentialLR: "
              "max rel. diff %.1e;\n  MultiStepLR ends at %.1f%%; cosine: lowest at epoch %d, %.1f%% again at epoch %d\n",
           lr[S_MULTIPLICATIVE][10] / lr[S_MULTIPLICATIVE][0], lr[S_LAMBDA][10] / lr[S_LAMBDA][0], dev_step, 100 * ms_end, lowest_epoch,
           100 * at_2T, CURVE_EPOCHS);
}

static int seed_chart(ts_lesson *L, double lr[NSEED][CURVE_EPOCHS + 1]) {
    double x[CURVE_EPOCHS + 1];
    for (int e = 0; e <= CURVE_EPOCHS; e++) x[e] = e;
    ts_series series[NSEED];
    for (int k = 0; k < NSEED; k++)
        series[k] = (ts_series){.label = SEED[k].label, .color = k, .dashed = k == S_EXPONENTIAL, .npoints = CURVE_EPOCHS + 1,
                                .x = x, .mean = lr[k]};
    const ts_chart c = {.dir = L->out_dir, .name = "seed-schedulers",
                        .title = "The seed's schedulers, stepped once per epoch (initial lr 0.001)", .xlabel = "epoch",
                        .ylabel = "learning rate (log scale)", .logy = 1, .ymin = 1e-7, .ymax = 2e-3};
    return ts_chart_lines(&c, series, NSEED, NULL);
}

/* ------------------------------------------------------------------ 2. without scheduler.step() */

enum { NSTEPPED = 3 }; /* the three schedulers of the seed's remark */

/* Trains the seed's CNN with scheduler k of SEED on it, calling step() after every epoch
   or never, and keeps the lr of every epoch as the seed prints it. */
static int stepped_or_not(ts_lesson *L, const ts_run_config *c, int k, int call_step, double *lrs) {
    ts_run r;
    if (ts_run_init(&r, c, 1, &L->train, &L->test) != TS_OK) return TS_ERR;
    ts_scheduler *s = SEED[k].make(r.opt);
    int status = s ? TS_OK : TS_ERR;
    for (int e = 0; e < c->epochs && status == TS_OK; e++) {
        ts_metrics m;
        lrs[e] = r.opt->lr; /* optimizer.state_dict()['param_groups'][0]['lr'] */
        status = ts_train_epoch(&r.trainer, &r.train, e, NULL, &m);
        if (status == TS_OK && call_step) status = ts_scheduler_step(s);
    }
    ts_scheduler_free(s);
    ts_run_free(&r);
    return status;
}

/* lrs[(k·2 + call_step)·epochs + e] for the three schedulers, never stepped and stepped;
   the table printed as the seed would print it. */
#define LR(k, call, e) lrs[((size_t)(k) * 2 + (size_t)(call)) * (size_t)epochs + (size_t)(e)]
static int step_runs(ts_lesson *L, const ts_run_config *c, double *lrs) {
    const int epochs = c->epochs;
    for (int k = 0; k < NSTEPPED; k++)
        for (int call = 0; call < 2; call++)
            if (stepped_or_not(L, c, k, call, &LR(k, call, 0)) != TS_OK) return TS_ERR;
    ts_say(L, "   print(optimizer.state_dict()['param_groups'][0]['lr']) at the start of each epoch:\n   epoch");
    static const char *const NAMES[NSTEPPED] = {"StepLR", "MultiStepLR", "ExponentialLR"};
    for (int k = 0; k < NSTEPPED; k++) ts_say(L, "  %-14s%-17s", NAMES[k], "");
    ts_say(L, "\n        ");
    for (int k = 0; k < NSTEPPED; k++) ts_say(L, "  %-13s %-16s", "never", "step()/epoch");
    ts_say(L, "\n");
    for (int e = 0; e < epochs; e++) {
        ts_say(L, "   %5d", e + 1);
        for (int k = 0; k < NSTEPPED; k++) ts_say(L, "  %-13.6g %-16.6g", LR(k, 0, e), LR(k, 1, e));
        ts_say(L, "\n");
    }
    return TS_OK;
}

static void step_report(ts_lesson *L, ts_report *r, int epochs, const double *lrs) {
    ts_report_printf(r, "| epoch |");
    for (int k = 0; k < NSTEPPED; k++) ts_report_printf(r, " %s, never stepped | same, step() each epoch |", SEED[k].label);
    ts_report_printf(r, "\n|---|");
    for (int k = 0; k < 2 * NSTEPPED; k++) ts_report_printf(r, "---|");
    ts_report_printf(r, "\n");
    for (int e = 0; e < epochs; e++) {
        ts_report_printf(r, "| %d |", e + 1);
        for (int k = 0; k < NSTEPPED; k++) ts_report_printf(r, " %.6g | %.6g |", LR(k, 0, e), LR(k, 1, e));
        ts_report_printf(r, "\n");
    }
    /* did any never-stepped run see its lr change? did the stepped ones? */
    int unchanged = 0, moved = 0;
    for (int k = 0; k < NSTEPPED; k++) {
        int same = 1;
        for (int e = 1; e < epochs; e++) same &= LR(k, 0, e) == LR(k, 0, 0);
        unchanged += same;
        moved += epochs > 1 && LR(k, 1, epochs - 1) != LR(k, 1, 0);
    }
    ts_report_verdict(r, "\n- **Is `scheduler.step()` needed?** Without it the lr stayed at its initial value in %d of %d "
                         "runs over %d epochs; with step() after each epoch it changed in %d of %d: %s\n",
                      unchanged, NSTEPPED, epochs, moved, NSTEPPED,
                      unchanged == NSTEPPED ? "yes — a scheduler does nothing until step() is called; constructing it "
                                              "only records the initial lr (its last_epoch is 0). StepLR, MultiStepLR and "
                                              "ExponentialLR need scheduler.step() like every other scheduler (call it "
                                              "after optimizer.step(), here once per epoch)."
                                            : "the lr moved without step() — this contradicts PyTorch's semantics.");
    if (moved < NSTEPPED)
        ts_report_printf(r, "  (With only %d epochs, a stepped scheduler whose first change comes later — MultiStepLR's "
                            "first milestone is epoch 10 — shows no change either.)\n", epochs);
    ts_say(L, "  without step() the lr never moved in %d of %d runs; with step() it moved in %d of %d\n", unchanged,
           NSTEPPED, moved, NSTEPPED);
}
#undef LR

/* ------------------------------------------------------------------ 3. schedules in training */

static const float PEAK_LR = 0.1f; /* the schedules' initial/peak lr: the largest constant tried */

static void lr_003(ts_run_config *c) { c->lr = 0.03f; }
static void lr_01(ts_run_config *c) { c->lr = 0.1f; }
/* step decay: StepLR ×0.1 every ⌈epochs/2⌉ epochs, stepped per epoch — one drop within the run, at
   half-time (for an odd count, just after) */
static void step_decay(ts_run_config *c) {
    c->lr = PEAK_LR;
    c->schedule = (ts_lr_schedule){.kind = TS_LR_STEP, .step_size = c->epochs > 1 ? (c->epochs + 1) / 2 : 1, .gamma = 0.1f};
}
static void cosine(ts_run_config *c) {
    c->lr = PEAK_LR;
    c->schedule = (ts_lr_schedule){.kind = TS_LR_COSINE, .per_iteration = 1};
}
static void one_cycle(ts_run_config *c) {
    c->schedule = (ts_lr_schedule){.kind = TS_LR_ONE_CYCLE, .per_iteration = 1, .max_lr = PEAK_LR};
}
static void warmup_cosine(ts_run_config *c) {
    c->lr = PEAK_LR;
    c->schedule = (ts_lr_schedule){.kind = TS_LR_WARMUP_COSINE, .per_iteration = 1, .warmup = 0.1f};
}

static const ts_variant SCHEDULES[] = {
    {"constant-0.01", "constant 0.01 (seed)", NULL},
    {"constant-0.03", "constant 0.03", lr_003},
    {"constant-0.1", "constant 0.1", lr_01},
    {"step", "StepLR x0.1 at half-time, from 0.1", step_decay},
    {"cosine", "cosine from 0.1", cosine},
    {"one-cycle", "one-cycle, peak 0.1", one_cycle},
    {"warmup-cosine", "warm-up 10% + cosine, 0.1", warmup_cosine},
};
enum { NCONSTANT = 3, NSCHEDULES = sizeof SCHEDULES / sizeof *SCHEDULES }; /* the constants come first */

/* The lr of constant variant v, as it ran. */
static double constant_lr(const ts_lesson *L, const ts_study *s, int v) { return ts_study_config(L, s, v).lr; }

static void pct(ts_stat s, char *buf) { ts_stat_format(s, 100.0, 1, buf, 48); }

static void schedule_table(ts_report *r, const ts_study *s) {
    ts_report_printf(r, "| variant | final test acc. (%%) | test acc. after epoch 1 (%%) | final train loss | "
                        "epochs to %.0f%% | failed (diverged or < %.0f%%) |\n|---|---|---|---|---|---|\n",
                     100 * THRESHOLD, 100 * FAILED_BELOW);
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48], d[48];
        pct(ts_study_stat(s, v, "test", "accuracy", -1), a);
        pct(ts_study_stat(s, v, "test", "accuracy", 1), b);
        ts_stat_format(ts_study_stat(s, v, "train", "loss", -1), 1.0, 3, c, sizeof c);
        const ts_stat to = ts_study_epochs_to(s, v, "test", "accuracy", THRESHOLD);
        if (to.n == 0) snprintf(d, sizeof d, "never");
        else ts_stat_format(to, 1.0, 1, d, sizeof d);
        ts_report_printf(r, "| %s | %s | %s | %s | %s | %d of %d |\n", s->variants[v].label, a, b, c, d,
                         ts_study_failed(s, v, FAILED_BELOW), s->seeds);
    }
    ts_report_printf(r, "\n");
}

/* The best constant lr by mean final test accuracy. */
static int best_constant(const ts_study *s) {
    int best = 0;
    for (int v = 1; v < NCONSTANT; v++)
        if (ts_study_stat(s, v, "test", "accuracy", -1).mean > ts_study_stat(s, best, "test", "accuracy", -1).mean) best = v;
    return best;
}

static void schedule_verdicts(ts_lesson *L, ts_report *r, const ts_study *s) {
    const int bc = best_constant(s);
    const ts_stat best = ts_study_stat(s, bc, "test", "accuracy", -1), seed = ts_study_stat(s, 0, "test", "accuracy", -1);
    char a[48], b[48];
    pct(best, a), pct(seed, b);
    ts_report_verdict(r, "- **The best constant lr** was %s with %s%% final test accuracy (the seed's 0.01: %s%%). "
                         "Failed runs (diverged or below %.0f%%): %d, %d and %d of %d at %g, %g and %g.\n",
                      s->variants[bc].label, a, b, 100 * FAILED_BELOW, ts_study_failed(s, 0, FAILED_BELOW),
                      ts_study_failed(s, 1, FAILED_BELOW), ts_study_failed(s, 2, FAILED_BELOW), s->seeds,
                      constant_lr(L, s, 0), constant_lr(L, s, 1), constant_lr(L, s, 2));
    ts_say(L, "  best constant: %s (%s%%)\n", s->variants[bc].label, a);
    int beat = 0, lost = 0, winner = bc;
    for (int v = NCONSTANT; v < s->nvariants; v++) {
        const ts_stat st = ts_study_stat(s, v, "test", "accuracy", -1);
        if (st.mean > ts_study_stat(s, winner, "test", "accuracy", -1).mean) winner = v;
        const int cmp = ts_stat_compare(st, best);
        beat += cmp > 0, lost += cmp < 0;
        pct(st, b);
        const int failed = ts_study_failed(s, v, FAILED_BELOW);
        char failures[200] = "";
        if (failed)
            snprintf(failures, sizeof failures, " %d of %d runs failed (diverged, or ended below %.0f%%, near chance), "
                     "which is what the mean mostly measures.", failed, s->seeds, 100 * FAILED_BELOW);
        ts_report_verdict(r, "- **%s:** %s%% vs the best constant's %s%%: %s%s\n", s->variants[v].label, b, a,
                          ts_compare_text(s->seeds, cmp, "better, beyond the seed-to-seed noise.",
                                          "worse, beyond the seed-to-seed noise.", "within the seed-to-seed noise."),
                          failures);
        ts_say(L, "  %-36s %s%% -> %s\n", s->variants[v].label, b,
               ts_compare_text(s->seeds, cmp, "better than the best constant", "worse than the best constant",
                               "within noise of the best constant"));
    }
    const int nsched = s->nvariants - NCONSTANT;
    ts_report_verdict(r, "- **Overall:** %d of %d schedules beat the best constant lr beyond the noise and %d did worse; "
                         "the highest mean was %s's. %s\n", beat, nsched, lost, s->variants[winner].label,
                      s->seeds < 2 ? "With one seed there is no noise estimate: rerun with --seeds 2 or more."
                      : beat > 0   ? "Decaying the lr towards the end of a fixed budget paid off here, as the "
                                     "schedule literature (SGDR, one-cycle) expects."
                      : lost == nsched ? "At this budget every schedule lost to a well-chosen constant — the textbook "
                                         "advantage did not show."
                                       : "At this budget no schedule beat a well-chosen constant lr beyond the noise: "
                                         "the choice of the lr mattered more than its schedule.");
}

/* ------------------------------------------------------------------ 4. the LR range test */

typedef struct {
    int n[16];
    double *lrs[16], *losses[16];
    double steepest[16], min10[16];
} range_tests;

static int range_test(ts_lesson *L, const ts_run_config *base, int iters, range_tests *rt) {
    ts_run_config c = *base;
    c.lr = 1e-5f;
    for (int k = 0; k < L->seeds && k < 16; k++) {
        ts_run r;
        rt->lrs[k] = calloc((size_t)iters, sizeof(double));
        rt->losses[k] = calloc((size_t)iters, sizeof(double));
        if (!rt->lrs[k] || !rt->losses[k]) return ts_fail("out of memory");
        if (ts_run_init(&r, &c, (uint64_t)k + 1, &L->train, &L->test) != TS_OK) return TS_ERR;
        ts_lr_range_options o = TS_LR_RANGE_DEFAULTS;
        o.num_iter = iters;
        const int status = ts_lr_range_test(&r.trainer, &r.train, o, rt->lrs[k], rt->losses[k], &rt->n[k]);
        ts_run_free(&r);
        if (status != TS_OK) return TS_ERR;
        rt->steepest[k] = ts_lr_range_steepest(rt->lrs[k], rt->losses[k], rt->n[k], 10, 5);
        rt->min10[k] = ts_lr_range_min_over_10(rt->lrs[k], rt->losses[k], rt->n[k]);
        ts_say(L, "   seed %d: %d steps up to lr %.3g; steepest descent at lr %.3g, minimum/10 at %.3g\n", k + 1, rt->n[k],
               rt->n[k] ? rt->lrs[k][rt->n[k] - 1] : NAN, rt->steepest[k], rt->min10[k]);
    }
    return TS_OK;
}

static void range_free(range_tests *rt) {
    for (int k = 0; k < 16; k++) free(rt->lrs[k]), free(rt->losses[k]);
}

static double geometric_mean(const double *v, int n) {
    double s = 0.0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > 0.0) s += log(v[i]), m++;
    return m ? exp(s / m) : NAN;
}

static int range_chart(ts_lesson *L, const range_tests *rt, int seeds, double suggestion, double best_lr) {
    ts_series series[18];
    double ymax = 0.0, ymin = INFINITY;
    for (int k = 0; k < seeds; k++) {
        static char labels[16][40];
        snprintf(labels[k], sizeof labels[k], "seed %d (smoothed loss)", k + 1);
        series[k] = (ts_series){.label = labels[k], .color = k, .npoints = rt->n[k], .x = rt->lrs[k], .mean = rt->losses[k]};
        for (int i = 0; i < rt->n[k]; i++) ymax = fmax(ymax, rt->losses[k][i]), ymin = fmin(ymin, rt->losses[k][i]);
    }
    const double mark_y[2] = {ymin, ymax}, sug_x[2] = {suggestion, suggestion}, best_x[2] = {best_lr, best_lr};
    series[seeds] = (ts_series){.label = "suggestion (steepest descent)", .color = 8, .dashed = 1, .npoints = 2,
                                .x = sug_x, .mean = mark_y};
    series[seeds + 1] = (ts_series){.label = "best constant lr of experiment 3", .color = 9, .dashed = 1, .npoints = 2,
                                    .x = best_x, .mean = mark_y};
    const ts_chart c = {.dir = L->out_dir, .name = "lr-range-test", .title = "LR range test: loss while the lr grows exponentially",
                        .xlabel = "learning rate (log scale)", .ylabel = "training loss (EMA, smoothing 0.05)", .logx = 1};
    return ts_chart_lines(&c, series, seeds + 2, NULL);
}

static void range_verdict(ts_lesson *L, ts_report *r, const ts_study *s, const range_tests *rt, int seeds,
                          double suggestion) {
    const int bc = best_constant(s);
    if (!isfinite(suggestion)) {
        ts_report_verdict(r, "- **Where the suggestion lands.** No range test ran long enough to suggest an lr (each "
                             "stopped when its loss exploded before the smoothing had enough points).\n");
        ts_say(L, "  range test: no suggestion\n");
        return;
    }
    const double best_lr = constant_lr(L, s, bc), ratio = suggestion / best_lr;
    /* the constant of the grid nearest (in log lr) to the suggestion, and how it trained */
    int near = 0;
    for (int v = 1; v < NCONSTANT; v++)
        if (fabs(log(constant_lr(L, s, v) / suggestion)) < fabs(log(constant_lr(L, s, near) / suggestion))) near = v;
    const int cmp = ts_stat_compare(ts_study_stat(s, bc, "test", "accuracy", -1), ts_study_stat(s, near, "test", "accuracy", -1));
    char a[48], b[48];
    pct(ts_study_stat(s, near, "test", "accuracy", -1), a);
    pct(ts_study_stat(s, bc, "test", "accuracy", -1), b);
    ts_report_verdict(r, "- **Where the suggestion lands.** The range test suggests lr %.3g (geometric mean over %d seed%s "
                         "of the steepest descent; the minimum/10 rule gives %.3g). The best constant lr of experiment 3 "
                         "was %g, so the suggestion is %.2g× it — %s. The grid lr nearest to the suggestion, %g, reached "
                         "%s%% (%d of %d runs failed) against the best's %s%%: %s\n",
                      suggestion, seeds, seeds > 1 ? "s" : "", geometric_mean(rt->min10, seeds), best_lr, ratio,
                      ratio > 1.0 / 3.0 && ratio < 3.0 ? "within a factor of 3, a useful first guess"
                                                       : "more than a factor of 3 away: the test's short, fast-rising run "
                                                         "does not predict the best lr of a full training run here",
                      constant_lr(L, s, near), a, ts_study_failed(s, near, FAILED_BELOW), s->seeds, b,
                      near == bc ? "it is the best constant itself."
                                 : ts_compare_text(s->seeds, cmp, "the best constant is better beyond the noise.",
                                                   "the nearest one is better beyond the noise.",
                                                   "the two are within the seed-to-seed noise."));
    ts_say(L, "  range test suggests %.3g; best constant %g (%.2gx)\n", suggestion, best_lr, ratio);
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 64,
                                .epochs = ts_by_preset(L, 2, 4, 8),
                                .train_size = ts_by_preset(L, 256, 3500, 12000),
                                .test_size = ts_by_preset(L, 200, 1500, 10000), .eval_batch_size = 100};
    ts_study schedules = {.name = "schedules", .title = "Constant lr vs schedules at a matched budget", .base = base,
                          .variants = SCHEDULES, .nvariants = NSCHEDULES};
    ts_study *studies[] = {&schedules};
    ts_run_config small = base; /* experiment 2 */
    small.train_size = ts_by_preset(L, 64, 128, 512);
    small.epochs = ts_by_preset(L, 2, 12, 12);
    const int iters = ts_by_preset(L, 30, 100, 200), seeds = L->seeds < 16 ? L->seeds : 16;
    static double curves[NSEED][CURVE_EPOCHS + 1];
    double *step_lrs = calloc((size_t)NSTEPPED * 2 * (size_t)small.epochs, sizeof *step_lrs);
    range_tests rt = {0};
    int status = step_lrs ? TS_ERR : ts_fail("out of memory");
    if (!step_lrs) return status;
    ts_lesson_plan(L, &schedules);
    ts_say(L, "Lesson 4 — Learning-rate schedulers (seed section 4)\n"
              "preset %s: %d seed%s per variant, %d threads, data %s\n\n", L->preset_name, L->seeds,
           L->seeds > 1 ? "s" : "", L->threads, L->data_dir);

    ts_say(L, "1. What do the seed's six scheduler snippets do? Each stepped once per epoch for %d epochs, initial lr %g.\n",
           CURVE_EPOCHS, SEED_LR);
    if (seed_curves(curves) != TS_OK || seed_chart(L, curves) != TS_OK) goto done;
    ts_say(L, "\n2. Do StepLR, MultiStepLR and ExponentialLR need scheduler.step()? (seed: \"seems not -- to check\")\n"
              "   The seed's CNN trained %d epochs on %d images with each scheduler, never calling step(), and\n"
              "   again calling it after every epoch.\n", small.epochs, small.train_size);
    if (step_runs(L, &small, step_lrs) != TS_OK) goto done;
    const ts_run_config c3 = ts_study_config(L, &schedules, 0);
    ts_say(L, "\n3. Constant lr vs schedules, same budget: %d epochs on %d images, batch %d, SGD momentum 0.9.\n",
           c3.epochs, c3.train_size, c3.batch_size);
    if (ts_study_run(L, &schedules) != TS_OK) goto done;
    ts_say(L, "\n4. LR range test: %d steps of batch %d with the lr growing from 1e-5 to 10, from fresh weights.\n", iters,
           c3.batch_size);
    if (range_test(L, &c3, iters, &rt) != TS_OK) goto done;
    const double suggestion = geometric_mean(rt.steepest, seeds), best_lr = constant_lr(L, &schedules, best_constant(&schedules));

    ts_say(L, "\nWhat was found:\n");
    if (ts_lesson_write_tables(L, studies, 1, THRESHOLD) != TS_OK ||
        ts_study_chart_curves(L, &schedules, "schedules-test-accuracy", "Test accuracy: constant lr vs schedules", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &schedules, "schedules-train-loss", "Training loss: constant lr vs schedules", "train",
                              "loss", "training cross-entropy", 0) != TS_OK ||
        ts_study_chart_curves(L, &schedules, "schedules-lr", "The learning rate at the start of each epoch", "train",
                              "lr", "learning rate", 0) != TS_OK ||
        range_chart(L, &rt, seeds, suggestion, best_lr) != TS_OK)
        goto done;

    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 4 — Learning-rate schedulers", 4, __FILE__,
                              "The schedulers are lib/optim's, which match PyTorch 1.13 step by step "
                              "(tests/test_scheduler.c).") != TS_OK)
        goto done;
    ts_report_key_chart(&r, "seed-schedulers", "the seed's six schedulers, stepped once per epoch");

    ts_report_section(&r, "1. What the seed's schedulers do");
    ts_report_printf(&r, "Each of the seed's snippets on an optimizer with lr %g, `scheduler.step()` after every epoch, "
                         "%d epochs (the lr of epoch e is the value after e steps).\n\n| epoch |", SEED_LR, CURVE_EPOCHS);
    for (int k = 0; k < NSEED; k++) ts_report_printf(&r, " %s |", SEED[k].label);
    ts_report_printf(&r, "\n|---|");
    for (int k = 0; k < NSEED; k++) ts_report_printf(&r, "---|");
    ts_report_printf(&r, "\n");
    static const int SHOWN[] = {0, 1, 2, 5, 10, 11, 30, 31, 49, 50, 51, 80, 81, 100};
    for (size_t i = 0; i < sizeof SHOWN / sizeof *SHOWN; i++) {
        ts_report_printf(&r, "| %d |", SHOWN[i]);
        for (int k = 0; k < NSEED; k++) ts_report_printf(&r, " %.4g |", curves[k][SHOWN[i]]);
        ts_report_printf(&r, "\n");
    }
    ts_report_printf(&r, "\n");
    ts_report_chart(&r, "seed-schedulers", "lr per epoch, log scale (MultiplicativeLR leaves the chart at the bottom)");
    seed_verdicts(L, &r, curves);

    ts_report_section(&r, "2. Do these schedulers need `scheduler.step()`?");
    ts_report_printf(&r, "The seed remarks that StepLR, MultiStepLR and ExponentialLR \"seem not to need "
                         "scheduler.step() — to check\". Each trained the seed's CNN (SGD lr %g, momentum %g) for %d "
                         "epochs on %d images, once never calling `scheduler.step()` and once calling it after every "
                         "epoch; the lr at the start of each epoch, read as the seed prints it "
                         "(`optimizer.state_dict()['param_groups'][0]['lr']`, here `opt->lr`):\n\n",
                     base.lr, base.momentum, small.epochs, small.train_size);
    step_report(L, &r, small.epochs, step_lrs);

    ts_report_section(&r, "3. Constant learning rate vs schedules");
    ts_report_printf(&r, "The seed's CNN (no BN), SGD with momentum 0.9, batch %d, %d epochs on the first %d training "
                         "images, tested on %d. Constant lrs 0.01 (the seed's), 0.03 and 0.1; the schedules start at "
                         "(or peak at) 0.1, are sized to the run and stepped after every optimizer step, except "
                         "StepLR, stepped per epoch (×0.1 every %d epochs). One-cycle is PyTorch's default OneCycleLR "
                         "(30%% warm-up from 0.004, cosine down to 4e-7, momentum cycled 0.95 → 0.85 → 0.95); the "
                         "warm-up is LinearLR from 0.01 over the first 10%% of the steps, then cosine to 0 "
                         "(SequentialLR).\n\n",
                     c3.batch_size, c3.epochs, c3.train_size, c3.test_size, c3.epochs / 2 > 0 ? c3.epochs / 2 : 1);
    schedule_table(&r, &schedules);
    ts_report_chart(&r, "schedules-test-accuracy", "test accuracy per epoch");
    ts_report_chart(&r, "schedules-lr", "the lr at the start of each epoch (per-step schedules change within epochs)");
    ts_report_chart(&r, "schedules-train-loss", "training loss per epoch");
    schedule_verdicts(L, &r, &schedules);

    ts_report_section(&r, "4. The LR range test");
    ts_report_printf(&r, "Smith's range test (lib/train/lr_range.c, torch-lr-finder's defaults): from fresh weights, "
                         "%d steps of batch %d on the training images of experiment 3 with the lr growing "
                         "exponentially from 1e-5 to 10, the loss smoothed by an exponential moving average (0.05), "
                         "stopping when it exceeds 5× its minimum. Suggestion: the lr where the smoothed loss falls "
                         "fastest (ignoring the first 10 and last 5 points).\n\n| seed | steps | steepest descent | "
                         "minimum / 10 |\n|---|---|---|---|\n", iters, c3.batch_size);
    for (int k = 0; k < seeds; k++) ts_report_printf(&r, "| %d | %d | %.3g | %.3g |\n", k + 1, rt.n[k], rt.steepest[k], rt.min10[k]);
    ts_report_printf(&r, "\n");
    ts_report_chart(&r, "lr-range-test", "smoothed loss against the lr");
    range_verdict(L, &r, &schedules, &rt, seeds, suggestion);
    if (ts_report_close(&r) != TS_OK) goto done;

    ts_lesson_say_outputs(L);
    status = TS_OK;
done: /* also after an error or Ctrl-C: the finished runs' records are kept on disk, the memory freed */
    free(step_lrs);
    range_free(&rt);
    ts_study_free(&schedules);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-4", DESCRIPTION, run_lesson); }
