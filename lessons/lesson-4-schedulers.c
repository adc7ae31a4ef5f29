/* Lesson 4 — Learning-rate schedulers (seed section 4). `make lesson-4` runs the quick preset
 * (about 2 minutes on 2 cores), `--preset full --out results/lesson-4` what results/ holds.
 * 1. What do the seed's six snippets do? Their lr over 100 epochs and four facts read off the
 *    sequences (lib/experiment/fact.h: deterministic, so measured once, not over seeds).
 * 2. "These seem not to need scheduler.step() — to check" (seed): the lr with and without
 *    step(), read as §4.3 prints it and as get_last_lr() returns it. Deterministic too.
 * 3. The LR range test (Smith 2017), once per seed: which lr does it suggest?
 * 4. Training at one budget, over seeds: constant lrs 0.01 (the seed's), 0.03, 0.1 and 0.3,
 *    the range test's suggestion, and five schedules from a peak of 0.1. The questions and the
 *    verdicts that answer them (lib/experiment/verdict.h) are the table VERDICTS.
 * 5. Which scheduler, when? (the note's open question): those verdicts side by side. */
#include <math.h>
#include <stdio.h>

#include "../lib/experiment/fact.h"
#include "../lib/experiment/lr_finder.h"
#include "../lib/experiment/step_loss.h"
#include "../lib/experiment/study_bars.h"
#include "../lib/experiment/table.h"
#include "../lib/experiment/verdict.h"
#include "../lib/plot/chart.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION = "Lesson 4 (seed section 4): learning-rate schedulers on Fashion-MNIST with the seed's "
                                 "CNN;\nwrites runs.csv, summary.csv, charts and REPORT.md to the output directory.";

/* ------------------------------------------------------------------ 4. the study and its verdicts */

enum { SUGGESTED, C001, C003, C01, C03, STEP, COSINE, ONE_CYCLE, ONE_CYCLE_FIXED, WARMUP_COSINE, NVARIANTS };
static const int GRID[] = {C001, C003, C01, C03}; /* the constant lrs */
static const float PEAK_LR = 0.1f;                /* every schedule starts at, or peaks at, 0.1 */

static void lr_001(ts_run_config *c) { c->lr = 0.01f; }
static void lr_003(ts_run_config *c) { c->lr = 0.03f; }
static void lr_01(ts_run_config *c) { c->lr = PEAK_LR; }
static void lr_03(ts_run_config *c) { c->lr = 0.3f; }
/* The schedules are sized to the run (lib/experiment/run.h); all but StepLR step after every optimizer step. */
static void step_decay(ts_run_config *c) { /* StepLR ×0.1 every ⌈epochs/2⌉ epochs: one drop, at half-time */
    lr_01(c);
    c->schedule = (ts_lr_schedule){.kind = TS_LR_STEP, .step_size = c->epochs > 1 ? (c->epochs + 1) / 2 : 1, .gamma = 0.1f};
}
static void cosine(ts_run_config *c) { lr_01(c); c->schedule = (ts_lr_schedule){.kind = TS_LR_COSINE, .per_iteration = 1}; }
static void one_cycle(ts_run_config *c) { c->schedule = (ts_lr_schedule){.kind = TS_LR_ONE_CYCLE, .per_iteration = 1, .max_lr = PEAK_LR}; }
static void one_cycle_fixed(ts_run_config *c) { one_cycle(c); c->schedule.fixed_momentum = 1; } /* cycle_momentum=False */
static void warmup_cosine(ts_run_config *c) { /* LinearLR over the first 10% of the steps, then cosine */
    lr_01(c);
    c->schedule = (ts_lr_schedule){.kind = TS_LR_WARMUP_COSINE, .per_iteration = 1, .warmup = 0.1f};
}

static const ts_variant VARIANTS[NVARIANTS] = {
    [SUGGESTED] = {"suggested", "the range test's suggestion", NULL}, /* the study's base lr, set at run time */
    [C001] = {"constant-0.01", "constant 0.01 (seed)", lr_001},
    [C003] = {"constant-0.03", "constant 0.03", lr_003},
    [C01] = {"constant-0.1", "constant 0.1", lr_01},
    [C03] = {"constant-0.3", "constant 0.3", lr_03},
    [STEP] = {"step", "StepLR x0.1 at half-time", step_decay},
    [COSINE] = {"cosine", "cosine", cosine},
    [ONE_CYCLE] = {"one-cycle", "one-cycle", one_cycle},
    [ONE_CYCLE_FIXED] = {"one-cycle-fixed-momentum", "one-cycle, momentum fixed", one_cycle_fixed},
    [WARMUP_COSINE] = {"warmup-cosine", "warm-up 10% + cosine", warmup_cosine},
};

#define FINAL_TEST {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"}
#define EPOCH1_TEST {"test accuracy after epoch 1", "test", "accuracy", TS_READ_EPOCH, .epoch = 1, .scale = 100, .unit = "%"}
#define SCHEDULES {TS_ARM(STEP), TS_ARM(COSINE), TS_ARM(ONE_CYCLE), TS_ARM(ONE_CYCLE_FIXED), TS_ARM(WARMUP_COSINE)}
#define BEST_CONSTANT TS_ARM(NVARIANTS) /* a placeholder, no variant: the grid's best, known after the runs */

static const ts_verdict TOO_SMALL = {
    .claim = "Too small an lr learns slowly (§4.1)", .measure = EPOCH1_TEST,
    .baseline = TS_ARM(C001), .arms = {TS_ARM(C003), TS_ARM(C01)}, .narms = 2, .expect = +1,
    .confirmed = "after one epoch the larger constants are ahead of the seed's 0.01.",
    .contradicted = "after one epoch the seed's 0.01 is ahead of a larger constant.",
    .no_difference = "after one epoch the seed's 0.01 is not measurably behind the larger constants."};
static const ts_verdict TOO_LARGE = {
    .claim = "Too large an lr diverges (§4.1)", .measure = FINAL_TEST,
    .baseline = TS_ARM(C01), .arms = {TS_ARM(C03)}, .narms = 1, .expect = -1,
    .confirmed = "0.3 ends below 0.1. The first-epoch chart shows its first steps; the table's failed column counts "
                 "the runs left at chance level or diverged to NaN.",
    .contradicted = "0.3 ends above 0.1: it is not too large for this network.",
    .no_difference = "0.3 ends within the noise of 0.1: it is not measurably too large."};
static const ts_verdict SAME_PEAK = {
    .claim = "Decaying the lr beats holding it at its peak (§4.1: start large, then lower it)", .measure = FINAL_TEST,
    .baseline = TS_ARM(C01), .arms = SCHEDULES, .narms = 5, .expect = +1,
    .confirmed = "from the same peak of 0.1, lowering the lr during the run ends higher than holding it at 0.1.",
    .contradicted = "holding the lr at 0.1 ends higher than schedules from the same peak.",
    .no_difference = "no schedule ends measurably higher than holding its peak lr of 0.1."};
static const ts_verdict VS_BEST = {
    .claim = "A schedule beats the best constant lr of the grid", .measure = FINAL_TEST,
    .baseline = BEST_CONSTANT, .arms = SCHEDULES, .narms = 5, .expect = +1,
    .confirmed = "some schedule ends higher than even the best constant: it adds to a tuned lr at this budget.",
    .contradicted = "the best constant ends higher than a schedule: tuning the constant beat scheduling here.",
    .no_difference = "no schedule ends measurably higher than the best constant: at this budget a schedule added "
                     "nothing beyond the noise to a tuned lr."};
static const ts_verdict WARMUP = {
    .claim = "A warm-up (one-cycle, or linear warm-up + cosine) improves on plain cosine", .measure = FINAL_TEST,
    .baseline = TS_ARM(COSINE), .arms = {TS_ARM(ONE_CYCLE), TS_ARM(WARMUP_COSINE)}, .narms = 2, .expect = +1,
    .confirmed = "a schedule with a warm-up ends higher than cosine from the same peak.",
    .contradicted = "plain cosine ends higher than a schedule with a warm-up.",
    .no_difference = "the schedules with a warm-up end within the noise of plain cosine."};
static const ts_verdict MOMENTUM = {
    .claim = "One-cycle's momentum cycle adds to its lr cycle (Smith 2018)", .measure = FINAL_TEST,
    .baseline = TS_ARM(ONE_CYCLE_FIXED), .arms = {TS_ARM(ONE_CYCLE)}, .narms = 1, .expect = +1,
    .confirmed = "cycling the momentum 0.95 → 0.85 → 0.95 ends higher than holding it at 0.9.",
    .contradicted = "holding the momentum at 0.9 ends higher than cycling it.",
    .no_difference = "cycling the momentum makes no measurable difference to one-cycle's result."};
static const ts_verdict RANGE = {
    .claim = "The range test's suggestion trains as well as the best constant of the grid (Smith 2017)",
    .measure = FINAL_TEST, .baseline = BEST_CONSTANT, .arms = {TS_ARM(SUGGESTED)}, .narms = 1, .expect = 0,
    .contradicted = "the suggested lr and the best constant end apart beyond the noise (the sign of the difference "
                    "says which is ahead): the test did not stand in for the grid here.",
    .no_difference = "the suggested lr ends within the noise of the best constant (the interval says how close)."};

/* Section 5 sets them side by side: the question a practitioner asks, the verdict that answers it. */
static const ts_verdict *const VERDICTS[] = {&TOO_SMALL, &TOO_LARGE, &SAME_PEAK, &VS_BEST, &WARMUP, &MOMENTUM, &RANGE};
static const char *const QUESTIONS[] = {
    "Is the seed's 0.01 too small for this budget?", "Is 0.3 too large?",
    "The lr is high and untuned: does a schedule from it help?", "The lr is tuned: does a schedule still help?",
    "Which schedule: does a warm-up help?", "One-cycle: the lr cycle or the momentum cycle?",
    "Can the range test replace the grid?"};
enum { NVERDICTS = sizeof VERDICTS / sizeof *VERDICTS, NGRID = sizeof GRID / sizeof *GRID };

/* ------------------------------------------------------------------ 1–2. the seed's snippets */

enum { CURVE_EPOCHS = 100, T_MAX = 50, NSTEPPED = 3, STEP_EPOCHS = 12 }; /* section 2: the first three of SEED */
static const double SEED_LR = 0.001; /* the seed's optimizer for LambdaLR, MultiplicativeLR, CosineAnnealingLR */
static const long SEED_MILESTONES[] = {10, 30, 80};

static double seed_lambda(long epoch, void *ctx) { return pow(0.95, (double)epoch); } /* lambda epoch: 0.95 ** epoch */
static const char *const SEED[] = {"StepLR(step_size=1, gamma=0.99)", "MultiStepLR([10,30,80], gamma=0.99)",
                                   "ExponentialLR(gamma=0.99)",       "LambdaLR(0.95**epoch)",
                                   "MultiplicativeLR(0.95**epoch)",   "CosineAnnealingLR(T_max=50, eta_min=0)"};
enum { S_STEP, S_MULTISTEP, S_EXPONENTIAL, S_LAMBDA, S_MULTIPLICATIVE, S_COSINE, NSEED };

static ts_scheduler *seed_scheduler(int k, ts_optimizer *o) { /* the seed's snippet k, as written */
    switch (k) {
    case S_STEP: return ts_step_lr(o, 1, 0.99);
    case S_MULTISTEP: return ts_multi_step_lr(o, SEED_MILESTONES, 3, 0.99);
    case S_EXPONENTIAL: return ts_exponential_lr(o, 0.99);
    case S_LAMBDA: return ts_lambda_lr(o, seed_lambda, NULL);
    case S_MULTIPLICATIVE: return ts_multiplicative_lr(o, seed_lambda, NULL);
    default: return ts_cosine_annealing_lr(o, T_MAX, 0.0);
    }
}

static const ts_fact COMPOUNDS = {
    .claim = "MultiplicativeLR compounds its lambda",
    .holds = "It multiplies the *current* lr by λ(e) at every step, so the seed's 0.95^e piles up to "
             "0.95^(1+2+…+e) = 0.95^(e(e+1)/2), where LambdaLR applies 0.95^e to the initial lr.",
    .fails = "It does not: check the library."};
static const ts_fact STEP_IS_EXPONENTIAL = {
    .claim = "StepLR(step_size=1) is ExponentialLR",
    .holds = "A step every epoch is an exponential decay: the two snippets are one schedule.",
    .fails = "They differ: check the library."};
static const ts_fact MULTISTEP_FLAT = {
    .claim = "MultiStepLR with gamma 0.99 barely moves",
    .holds = "Three milestones × 0.99 is a 3% decay: 0.99 is an ExponentialLR value, MultiStepLR is meant for "
             "factors like 0.1.",
    .fails = "It decays noticeably."};
static const ts_fact COSINE_RETURNS = {
    .claim = "CosineAnnealingLR climbs back after T_max",
    .holds = "It is a cosine of period 2·T_max, not a one-way decay: train for T_max epochs, or use "
             "CosineAnnealingWarmRestarts on purpose.",
    .fails = "It stays low after T_max."};
static const ts_fact STEP_NEEDED = {
    .claim = "These schedulers need scheduler.step() (the seed: \"seem not to — to check\")",
    .holds = "A scheduler changes the lr only in step(); constructing it records the initial lr (last_epoch 0). "
             "Call step() after optimizer.step(), here once per epoch.",
    .fails = "The lr moved without step(): not PyTorch's semantics."};
static const ts_fact LAST_LR = {
    .claim = "scheduler.get_last_lr() reads the lr the optimizer uses",
    .holds = "`ts_scheduler_get_last_lr(s)` is PyTorch's `scheduler.get_last_lr()[0]`, the value §4.3 prints "
             "through `optimizer.state_dict()['param_groups'][0]['lr']` (here `opt->lr`).",
    .fails = "They disagree: check the library."};

/* lr[k][call][e]: seed scheduler k on an SGD over one dummy parameter, optimizer.step() once
   per epoch as a training loop calls it, scheduler.step() after it (call 1) or never (0); the
   lr at the start of epoch e as §4.3 reads it (opt->lr, float32). last: get_last_lr() then
   (double). The lr depends on which steps are called, not on data or weights. */
typedef struct {
    double lr[NSEED][2][CURVE_EPOCHS + 1], last[NSEED][2][CURVE_EPOCHS + 1];
} traces;

static int seed_traces(ts_lesson *L, traces *t) {
    double x[CURVE_EPOCHS + 1];
    ts_series series[NSEED];
    float param = 0.0f, grad = 0.0f;
    for (int k = 0; k < NSEED; k++) {
        series[k] = (ts_series){.label = SEED[k], .color = k, .dashed = k == S_EXPONENTIAL,
                                .npoints = CURVE_EPOCHS + 1, .x = x, .mean = t->last[k][1]};
        for (int call = 0; call < 2; call++) {
            ts_optimizer *opt = ts_sgd(&param, &grad, 1, (float)SEED_LR, (ts_sgd_options){0});
            ts_scheduler *s = opt ? seed_scheduler(k, opt) : NULL;
            int status = s ? TS_OK : TS_ERR;
            for (int e = 0; e <= CURVE_EPOCHS && status == TS_OK; e++) {
                t->lr[k][call][e] = opt->lr;                       /* optimizer.state_dict()['param_groups'][0]['lr'] */
                t->last[k][call][e] = ts_scheduler_get_last_lr(s); /* scheduler.get_last_lr()[0] */
                ts_optimizer_step(opt);
                if (call) status = ts_scheduler_step(s);
            }
            ts_scheduler_free(s);
            ts_optimizer_free(opt);
            if (status != TS_OK) return TS_ERR;
        }
    }
    for (int e = 0; e <= CURVE_EPOCHS; e++) x[e] = e;
    const ts_chart c = {.dir = L->out_dir, .name = "seed-schedulers", .xlabel = "epoch", .logy = 1, .ymin = 1e-7,
                        .ymax = 2e-3, .ylabel = "learning rate (log scale)",
                        .title = "The seed's schedulers, stepped once per epoch (initial lr 0.001)"};
    return ts_chart_lines(&c, series, NSEED, NULL);
}

static void seed_section(ts_lesson *L, ts_report *r, const traces *t) {
    static const int SHOWN[] = {0, 1, 2, 5, 10, 11, 30, 31, 49, 50, 51, 80, 81, 100};
    double rel[NSEED][CURVE_EPOCHS + 1], dev_mult = 0, dev_step = 0; /* relative to the initial lr; deviations */
    ts_report_section(r, "1. What the seed's schedulers do");
    ts_report_printf(r, "Each snippet on an optimizer with lr %g, `scheduler.step()` after every epoch (the lr of epoch e "
                        "is the value after e steps).\n\n| epoch |", SEED_LR);
    for (int k = 0; k < NSEED; k++) ts_report_printf(r, " %s |", SEED[k]);
    ts_report_printf(r, "\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof SHOWN / sizeof *SHOWN; i++) {
        ts_report_printf(r, "| %d |", SHOWN[i]);
        for (int k = 0; k < NSEED; k++) ts_report_printf(r, " %.4g |", t->last[k][1][SHOWN[i]]);
        ts_report_printf(r, "\n");
    }
    ts_report_printf(r, "\n");
    ts_lesson_chart(L, r, "seed-schedulers", "lr per epoch, log scale: how fast each scheduler decays (MultiplicativeLR leaves the chart at the bottom)");
    for (int e = 0; e <= CURVE_EPOCHS; e++) {
        for (int k = 0; k < NSEED; k++) rel[k][e] = t->last[k][1][e] / t->last[k][1][0];
        dev_mult = fmax(dev_mult, fabs(rel[S_MULTIPLICATIVE][e] / pow(0.95, e * (e + 1) / 2.0) - 1));
        dev_step = fmax(dev_step, fabs(rel[S_STEP][e] / rel[S_EXPONENTIAL][e] - 1));
    }
    ts_fact_report_checked(L, r, &COMPOUNDS, dev_mult < 1e-9, "after 10 epochs LambdaLR is at %.3g × the initial lr, "
                   "MultiplicativeLR at %.3g ×, which deviates from 0.95^(e(e+1)/2) by at most %.1e over %d epochs",
                   rel[S_LAMBDA][10], rel[S_MULTIPLICATIVE][10], dev_mult, CURVE_EPOCHS);
    ts_fact_report_checked(L, r, &STEP_IS_EXPONENTIAL, dev_step < 1e-12, "their lrs differ by at most %.1e (relative) over %d "
                   "epochs", dev_step, CURVE_EPOCHS);
    ts_fact_report_checked(L, r, &MULTISTEP_FLAT, rel[S_MULTISTEP][CURVE_EPOCHS] > 0.9, "after %d epochs it is at %.1f%% of the "
                   "initial lr, ExponentialLR(0.99) at %.1f%%", CURVE_EPOCHS, 100 * rel[S_MULTISTEP][CURVE_EPOCHS],
                   100 * rel[S_EXPONENTIAL][CURVE_EPOCHS]);
    ts_fact_report_checked(L, r, &COSINE_RETURNS, rel[S_COSINE][2 * T_MAX] > 0.99, "%.2g × the initial lr at epoch %d (T_max), "
                   "%.1f%% at epoch %d", rel[S_COSINE][T_MAX], T_MAX, 100 * rel[S_COSINE][2 * T_MAX], 2 * T_MAX);
}

static void step_section(ts_lesson *L, ts_report *r, const traces *t) {
    enum { E = STEP_EPOCHS - 1 }; /* the start of the last epoch shown */
    ts_report_section(r, "2. Do these schedulers need `scheduler.step()`? Reading the lr");
    ts_report_printf(r, "The seed: StepLR, MultiStepLR and ExponentialLR \"seem not to need scheduler.step() — to check\". "
                        "Each on an optimizer with lr %g, `optimizer.step()` once per epoch, `scheduler.step()` after it "
                        "or never; the lr at the start of each epoch as §4.3 prints it and as `get_last_lr()` returns it. "
                        "Which steps are called decides the lr, not the data or a seed: shown once.\n\n| scheduler | "
                        "never stepped: `opt->lr`, epoch 1 → %d | step() each epoch: `opt->lr`, epoch 1 → %d | the same: "
                        "`get_last_lr()`, epoch %d |\n|---|---|---|---|\n", SEED_LR, E + 1, E + 1, E + 1);
    int unchanged = 0, moved = 0;
    double dev = 0;
    for (int k = 0; k < NSTEPPED; k++) {
        ts_report_printf(r, "| %s | %.6g → %.6g | %.6g → %.6g | %.6g |\n", SEED[k], t->lr[k][0][0], t->lr[k][0][E],
                         t->lr[k][1][0], t->lr[k][1][E], t->last[k][1][E]);
        int same = 1;
        for (int e = 0; e <= E; e++) {
            same &= t->lr[k][0][e] == t->lr[k][0][0];
            for (int call = 0; call < 2; call++) dev = fmax(dev, fabs(t->lr[k][call][e] / t->last[k][call][e] - 1));
        }
        unchanged += same;
        moved += t->lr[k][1][E] != t->lr[k][1][0];
    }
    ts_report_printf(r, "\n");
    ts_fact_report_checked(L, r, &STEP_NEEDED, unchanged == NSTEPPED && moved == NSTEPPED, "without step() the lr stayed at its "
                   "initial value for %d epochs with %d of the %d schedulers; with step() it moved with %d of %d", E + 1,
                   unchanged, NSTEPPED, moved, NSTEPPED);
    ts_fact_report_checked(L, r, &LAST_LR, dev < 1e-6, "in every epoch the two differ by at most %.1e (relative), the float32 "
                   "rounding of `opt->lr`", dev);
}

/* ------------------------------------------------------------------ 4–5. the report of the study */

static void study_section(ts_lesson *L, ts_report *r, const ts_study *s, int best, ts_verdict judged[NVERDICTS]) {
    static const ts_measure COLUMNS[] = {FINAL_TEST, EPOCH1_TEST, {"final training loss", "train", "loss", TS_READ_FINAL, .digits = 3}};
    const ts_run_config c = ts_study_config(L, s, C001);
    const ts_one_cycle_options o = TS_ONE_CYCLE_DEFAULTS;
    ts_report_section(r, "4. Constant lrs and schedules at one budget");
    ts_report_printf(r, "The seed's CNN (no BN), SGD with momentum %g, batch %d, %d epochs on the first %d training images, "
                        "tested on %d. The schedules start at, or peak at, %g, are sized to the run and stepped after every "
                        "optimizer step; StepLR is stepped per epoch (×0.1 after epoch %d). One-cycle is PyTorch's "
                        "OneCycleLR with its defaults, which cycle the momentum too (%g → %g → %g); *momentum fixed* is "
                        "`cycle_momentum=False`, momentum %g throughout. Warm-up: LinearLR over the first %g%% of the "
                        "steps, then cosine to 0.\n\n", c.momentum, c.batch_size, c.epochs, c.train_size, c.test_size,
                     PEAK_LR, ts_study_config(L, s, STEP).schedule.step_size, o.max_momentum, o.base_momentum,
                     o.max_momentum, c.momentum, 100 * ts_study_config(L, s, WARMUP_COSINE).schedule.warmup);
    ts_report_study_table(r, s, COLUMNS, 3, 0.2);
    ts_lesson_chart(L, r, "first-epoch-loss", "the loss at every step of the first epoch, seed 1: too high an lr shows as a loss that stalls near 2.3 or climbs");
    ts_lesson_chart(L, r, "schedules-final-accuracy", "final test accuracy of each schedule, ± std over seeds: the "
                                                   "verdicts compare these bars");
    ts_lesson_chart(L, r, "schedules-test-accuracy", "test accuracy per epoch: where the curves tangle, read the bars");
    ts_lesson_chart(L, r, "schedules-lr", "the lr at the start of each epoch: the shape of each schedule (per-step schedules also change within an epoch)");
    ts_lesson_chart(L, r, "schedules-train-loss", "training loss per epoch: a schedule that decays the lr should drop late in training");
    ts_report_printf(r, "The best constant of the grid, by mean final test accuracy: **%s**. It is picked on the same "
                        "runs it is then compared with, which favours it.\n\n", s->variants[best].label);
    for (int i = 0; i < NVERDICTS; i++) { /* the verdicts "against the best" get it as their baseline */
        judged[i] = *VERDICTS[i];
        if (VERDICTS[i]->baseline.variant == BEST_CONSTANT.variant) judged[i].baseline = TS_ARM(best);
        ts_verdict_report(L, r, s, &judged[i]);
    }
    ts_report_section(r, "5. Which scheduler, when?");
    ts_report_printf(r, "The note leaves it open. The verdicts above, side by side (what they cannot decide: the lesson's "
                        "md):\n\n");
    ts_report_verdict_summary(r, s, QUESTIONS, judged, NVERDICTS);
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    ts_lesson_set_seeds(L, 1, 2, 5); /* verdicts on 1–2 points need 5 seeds */
    const ts_run_config base = {.momentum = 0.9f, .batch_size = 64, .epochs = ts_by_preset(L, 2, 4, 8),
                                .train_size = ts_by_preset(L, 256, 3000, 12000),
                                .test_size = ts_by_preset(L, 200, 1500, 10000), .eval_batch_size = 100};
    ts_study study = {.name = "schedules", .title = "Constant lrs and schedules at one budget", .base = base,
                      .variants = VARIANTS, .nvariants = NVARIANTS};
    const ts_run_config c = ts_study_config(L, &study, C001);
    ts_lr_range_options range = TS_LR_RANGE_DEFAULTS;
    range.num_iter = ts_by_preset(L, 30, 100, 200);
    static traces seed;
    ts_verdict judged[NVERDICTS];
    ts_lr_finder finder = {0};
    ts_report r;
    int status = TS_ERR;
    ts_lesson_plan(L, &study);
    if (ts_lesson_report_open(L, &r, "Lesson 4 — Learning-rate schedulers", 4, __FILE__, "The schedulers are lib/optim's, "
                              "which match PyTorch 1.13 step by step (tests/test_scheduler.c).") != TS_OK)
        return TS_ERR;
    ts_report_key_chart(&r, "seed-schedulers", "the seed's six schedulers, stepped once per epoch");
    if (ts_lesson_part_begin(L, "1. What do the seed's six schedulers do over %d epochs?", CURVE_EPOCHS) != TS_OK ||
        seed_traces(L, &seed) != TS_OK)
        goto done;
    seed_section(L, &r, &seed);
    if (ts_lesson_part_begin(L, "2. Do StepLR, MultiStepLR and ExponentialLR need scheduler.step()?") != TS_OK)
        goto done;
    step_section(L, &r, &seed);
    if (ts_lesson_part_begin(L, "3. Which lr does the LR range test suggest? Once per seed: %d steps of batch %d, lr %g "
                             "to %g.", range.num_iter, c.batch_size, range.start_lr, range.end_lr) != TS_OK ||
        ts_lr_finder_run(&finder, &c, &L->train, L->seeds, range) != TS_OK)
        goto done;
    for (int k = 0; k < finder.seeds; k++)
        ts_say(L, "   seed %d: %d steps; steepest descent at lr %.3g\n", k + 1, finder.n[k], finder.steepest[k]);
    if (!isfinite(finder.suggestion)) {
        ts_fail("the LR range test suggested no lr (every test stopped too early): try a larger --train-size");
        goto done;
    }
    study.base.lr = (float)finder.suggestion; /* the variant SUGGESTED */
    ts_say(L, "   suggestion (geometric mean): lr %.3g\n", finder.suggestion);
    /* part 4 draws the chart again, with the grid's best constant */
    if (ts_lr_finder_chart(&finder, L->out_dir, "lr-range-test", NULL, NULL, 0) != TS_OK) goto done;
    ts_report_section(&r, "3. The LR range test");
    ts_lr_finder_table(&r, &finder, &range, c.batch_size);
    ts_lesson_chart(L, &r, "lr-range-test", "the smoothed loss against the lr: the suggestion (dashed) should sit where the loss falls fastest, before it explodes");
    if (ts_lesson_part_begin(L, "4. Constant lrs, the suggestion and schedules: which ends highest? %d epochs on %d "
                             "images, batch %d.", c.epochs, c.train_size, c.batch_size) != TS_OK ||
        ts_study_run(L, &study) != TS_OK)
        goto done;
    const int best = ts_study_best_variant(&study, GRID, NGRID, &(const ts_measure)FINAL_TEST);
    const double best_lr = ts_study_config(L, &study, best).lr;
    if (ts_study_chart_first_epoch(L, &study, GRID, NGRID, 1, "first-epoch-loss",
                                   "Training loss in the first epoch at each constant lr (seed 1)") != TS_OK ||
        ts_lr_finder_chart(&finder, L->out_dir, "lr-range-test", &best_lr, (const char *[]){"best constant of the grid"}, 1) != TS_OK ||
        ts_study_chart_bars(L, &study, "schedules-final-accuracy", "Final test accuracy", &(const ts_measure)FINAL_TEST,
                            "final test accuracy (%)", 0) != TS_OK ||
        ts_study_chart_curves_scaled(L, &study, "schedules-test-accuracy", "Test accuracy", "test", "accuracy", 100,
                                     "test accuracy (%)", 0) != TS_OK ||
        ts_study_chart_curves(L, &study, "schedules-train-loss", "Training loss", "train", "loss",
                              "training cross-entropy", 0) != TS_OK ||
        ts_study_chart_curves(L, &study, "schedules-lr", "The lr at the start of each epoch", "train", "lr",
                              "learning rate", 0) != TS_OK)
        goto done;
    study_section(L, &r, &study, best, judged);
    ts_lesson_part_chart(L, "lr-range-test", "part 3's chart, drawn again with the grid's best constant");
    status = ts_lesson_write_tables(L, (ts_study *[]){&study}, 1, 0.8);
done: /* also after an error or Ctrl-C: the finished runs' records are kept on disk, the memory freed */
    status = ts_lesson_finish(L, &r, status);
    ts_lr_finder_free(&finder);
    ts_study_free(&study);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-4", DESCRIPTION, run_lesson); }
