/* Lesson 3 — Layers: Batch Normalization and Dropout (seed section 3).
 *
 *   make lesson-3                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-3-layers --preset full --out results/lesson-3
 *
 * Three experiments on Fashion-MNIST with the seed's CNN, each variant over several seeds:
 *   1. no BN vs BN, at the seed's scale of learning rate (SGD 0.01, momentum 0.9, as
 *      `make train`) and at 10× that rate. Claim under test: BN trains faster and
 *      tolerates a higher learning rate.
 *   2. Dropout 0 / 0.1 / 0.2 / 0.5 (Dropout2d in the conv blocks, Dropout in the FC
 *      block, as the seed places them) on a training subset small enough to overfit:
 *      train vs test accuracy and the gap. Claim: dropout fights overfitting, but does
 *      not always help (seed 3.2).
 *   3. The train()/eval() pitfall: one trained BN + dropout network evaluated in eval
 *      mode and, wrongly, in train mode, at a normal and at a tiny test batch; and BN
 *      trained with batch 2 vs 32.
 * Every verdict below is computed from the measurements; nothing in REPORT.md is typed
 * in by hand except the questions. The library code this lesson exercises:
 * lib/nn/batchnorm.c, lib/nn/dropout.c, lib/train/train.c (ts_evaluate_in_mode). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/ablation.h"
#include "../lib/plot/chart.h"
#include "../lib/plot/report.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 3 (seed section 3): BatchNorm and Dropout ablations on Fashion-MNIST with the\n"
    "seed's CNN; writes runs.csv, summary.csv, charts and REPORT.md to the output directory.";

static const double THRESHOLD = 0.85; /* "epochs to reach 85% test accuracy" */

/* ------------------------------------------------------------------ 1. BN × learning rate */

static void with_bn(ts_run_config *c) { c->batchnorm = 1; }
static void lr_10x(ts_run_config *c) { c->lr *= 10.0f; }
static void with_bn_lr_10x(ts_run_config *c) { with_bn(c), lr_10x(c); }

static const ts_variant BN_LR[] = {
    {"no-bn", "no BN, lr 0.01", NULL},
    {"bn", "BN, lr 0.01", with_bn},
    {"no-bn-lr10x", "no BN, lr 0.1", lr_10x},
    {"bn-lr10x", "BN, lr 0.1", with_bn_lr_10x},
};
enum { NO_BN, BN, NO_BN_10X, BN_10X };

/* ------------------------------------------------------------------ 2. dropout rates */

static void p01(ts_run_config *c) { c->dropout = 0.1f; }
static void p02(ts_run_config *c) { c->dropout = 0.2f; }
static void p05(ts_run_config *c) { c->dropout = 0.5f; }

static const ts_variant DROPOUT[] = {
    {"p0", "dropout 0", NULL}, {"p0.1", "dropout 0.1", p01}, {"p0.2", "dropout 0.2", p02}, {"p0.5", "dropout 0.5", p05},
};
enum { NDROPOUT = 4 };

/* ------------------------------------------------------------------ 3. the train()/eval() pitfall */

static void bn_dropout(ts_run_config *c) { c->batchnorm = 1, c->dropout = 0.2f; }
static const ts_variant PITFALL[] = {{"bn-dropout", "BN + dropout 0.2", bn_dropout}};

/* The four evaluations of the trained model, recorded as test accuracies. */
static const struct {
    const char *metric, *label;
    int training, batch;
} MODES[] = {
    {"eval_mode_batch100", "eval(), batch 100", 0, 100},
    {"eval_mode_batch2", "eval(), batch 2", 0, 2},
    {"train_mode_batch100", "train(), batch 100", 1, 100},
    {"train_mode_batch2", "train(), batch 2", 1, 2},
};
enum { NMODES = 4 };

/* Evaluates a copy of the model in each mode (train mode changes the running statistics,
   so every evaluation starts from the trained state). */
static int evaluate_modes(ts_lesson *L, const ts_run_config *c, ts_model *model, ts_record *rec) {
    const ts_dataset test = ts_dataset_head(&L->test, c->test_size);
    for (int i = 0; i < NMODES; i++) {
        ts_model *copy = ts_model_clone(model);
        ts_loader ld;
        ts_metrics m;
        ts_rng rng;
        ts_rng_seed(&rng, 7);
        if (!copy || ts_loader_init(&ld, &test, MODES[i].batch, 0, 0, 0) != TS_OK) {
            ts_model_free(copy);
            return TS_ERR;
        }
        const int status = ts_evaluate_in_mode(copy, &ld, MODES[i].training, &rng, &m);
        ts_loader_free(&ld);
        ts_model_free(copy);
        if (status != TS_OK || ts_record_add(rec, c->epochs, 0, "test", MODES[i].metric, m.accuracy) != TS_OK)
            return TS_ERR;
    }
    return TS_OK;
}

static void batch_2(ts_run_config *c) { c->batchnorm = 1, c->batch_size = 2; }
static void batch_32(ts_run_config *c) { c->batchnorm = 1, c->batch_size = 32; }
static const ts_variant BN_BATCH[] = {{"bn-batch2", "BN, batch 2", batch_2}, {"bn-batch32", "BN, batch 32", batch_32}};

/* ------------------------------------------------------------------ verdict helpers */

static void pct(ts_stat s, char *buf) { ts_stat_format(s, 100.0, 1, buf, 48); }

/* A run failed to train if it diverged or ended near chance (10 classes). */
static const double FAILED_BELOW = 0.2;
static int failed_runs(const ts_study *s, int v) {
    int failed = 0;
    for (int k = 0; k < s->seeds; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        failed += isfinite(ts_record_get(rec, "train", "diverged_step", -1)) ||
                  !(ts_record_get(rec, "test", "accuracy", -1) >= FAILED_BELOW);
    }
    return failed;
}

/* One markdown table row per variant: final test accuracy, best, final train accuracy,
   gap, epochs to the threshold, diverged runs. */
static void accuracy_table(ts_report *r, const ts_study *s) {
    ts_report_printf(r, "| variant | final test acc. (%%) | best test acc. (%%) | final train acc. (%%) | "
                        "train − test (points) | epochs to %.0f%% | diverged |\n|---|---|---|---|---|---|---|\n",
                     100 * THRESHOLD);
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48], d[48], e[48];
        pct(ts_study_stat(s, v, "test", "accuracy", -1), a);
        pct(ts_study_best(s, v, "test", "accuracy"), b);
        pct(ts_study_stat(s, v, "train", "accuracy", -1), c);
        pct(ts_study_gap(s, v, "train", "test", "accuracy"), d);
        const ts_stat to = ts_study_epochs_to(s, v, "test", "accuracy", THRESHOLD);
        if (to.n == 0) snprintf(e, sizeof e, "never");
        else ts_stat_format(to, 1.0, 1, e, sizeof e);
        if (to.n > 0 && to.n < s->seeds) snprintf(e + strlen(e), sizeof e - strlen(e), " (%d of %d seeds)", to.n, s->seeds);
        ts_report_printf(r, "| %s | %s | %s | %s | %s | %s | %d of %d |\n", s->variants[v].label, a, b, c, d, e,
                         ts_study_diverged(s, v), s->seeds);
    }
    ts_report_printf(r, "\n");
}

/* Verdicts of experiment 1, composed from the numbers. */
static void bn_verdict(ts_lesson *L, ts_report *r, const ts_study *s) {
    char a[48], b[48];
    /* speed: test accuracy after the first epoch, at the base learning rate */
    const ts_stat bn1 = ts_study_stat(s, BN, "test", "accuracy", 1), plain1 = ts_study_stat(s, NO_BN, "test", "accuracy", 1);
    pct(bn1, a), pct(plain1, b);
    const int faster = ts_stat_compare(bn1, plain1);
    ts_report_verdict(r, "- **Speed.** After one epoch at lr 0.01, BN reaches %s%% test accuracy and the plain "
                        "network %s%%: %s\n", a, b,
                     ts_compare_text(s->seeds, faster, "BN trains faster — as the textbook says.",
                               "the plain network is ahead — this contradicts the textbook claim.",
                               "the difference is within the seed-to-seed noise (no evidence either way at this size)."));
    ts_say(L, "  speed: epoch-1 test accuracy BN %s%% vs no BN %s%% -> %s\n", a, b,
           ts_compare_text(s->seeds, faster, "BN faster", "no BN faster", "within noise"));
    /* tolerance: what 10x the learning rate does to each: runs that diverged or stayed near
       chance (10 classes: 10%) failed */
    const int fail_plain = failed_runs(s, NO_BN_10X), fail_bn = failed_runs(s, BN_10X);
    const ts_stat bn10 = ts_study_stat(s, BN_10X, "test", "accuracy", -1), plain10 = ts_study_stat(s, NO_BN_10X, "test", "accuracy", -1);
    pct(bn10, a), pct(plain10, b);
    const int tolerant = fail_plain > fail_bn ? 1 : fail_bn > fail_plain ? -1 : ts_stat_compare(bn10, plain10);
    ts_report_verdict(r, "- **High learning rate.** At lr 0.1, %d of %d plain runs failed (diverged or stayed below "
                         "%.0f%% test accuracy) and they end at %s%%; with BN %d of %d failed, ending at %s%%: %s\n",
                      fail_plain, s->seeds, 100 * FAILED_BELOW, b, fail_bn, s->seeds, a,
                      fail_plain != fail_bn
                          ? (tolerant > 0 ? "BN tolerates the higher rate better — as the textbook says."
                                          : "the plain network copes better — this contradicts the textbook claim.")
                          : ts_compare_text(s->seeds, tolerant, "BN tolerates the higher rate better — as the textbook says.",
                                      "the plain network copes better — this contradicts the textbook claim.",
                                      "no difference beyond the seed-to-seed noise."));
    ts_say(L, "  lr x10: no BN %s%% (%d failed), BN %s%% (%d failed) -> %s\n", b, fail_plain, a, fail_bn,
           fail_plain != fail_bn ? (tolerant > 0 ? "BN more tolerant" : "no BN more tolerant")
                                 : ts_compare_text(s->seeds, tolerant, "BN more tolerant", "no BN more tolerant", "within noise"));
}

static void dropout_verdict(ts_lesson *L, ts_report *r, const ts_study *s) {
    ts_stat gaps[NDROPOUT], test[NDROPOUT];
    int best = 0;
    for (int v = 0; v < NDROPOUT; v++) {
        gaps[v] = ts_study_gap(s, v, "train", "test", "accuracy");
        test[v] = ts_study_stat(s, v, "test", "accuracy", -1);
        if (test[v].mean > test[best].mean) best = v;
    }
    char a[48], b[48], gap0[48], gap5[48];
    pct(gaps[0], gap0), pct(gaps[NDROPOUT - 1], gap5);
    const int narrower = ts_stat_compare(gaps[0], gaps[NDROPOUT - 1]);
    ts_report_verdict(r, "- **Overfitting.** The train − test accuracy gap is %s points without dropout and %s "
                        "with p = 0.5: %s\n", gap0, gap5,
                     ts_compare_text(s->seeds, narrower, "dropout narrows the gap — it regularises, as the seed says.",
                               "dropout widens the gap — this contradicts the textbook.",
                               "the change is within the seed-to-seed noise."));
    const int helps = ts_stat_compare(test[best], test[0]);
    pct(test[best], a), pct(test[0], b);
    ts_report_verdict(r, "- **Test accuracy.** The best final test accuracy is %s's %s%% (no dropout: %s%%): %s\n",
                     s->variants[best].label, a, b,
                     s->seeds < 2 ? ts_compare_text(1, 0, "", "", "")
                     : best == 0 ? "no dropout rate beat training without dropout here — the seed's warning that "
                                 "dropout does not always help holds."
                     : helps > 0 ? "dropout improved generalisation beyond the noise."
                                 : "better on average, but within the seed-to-seed noise.");
    ts_say(L, "  gap p=0 %s vs p=0.5 %s points -> %s; best test accuracy: %s\n", gap0, gap5,
           ts_compare_text(s->seeds, narrower, "dropout narrows it", "dropout widens it", "within noise"), s->variants[best].label);
}

static void pitfall_verdict(ts_lesson *L, ts_report *r, const ts_study *pit, const ts_study *bb) {
    ts_stat modes[NMODES];
    ts_report_printf(r, "| evaluation | test accuracy (%%) |\n|---|---|\n");
    for (int i = 0; i < NMODES; i++) {
        char a[48];
        modes[i] = ts_study_stat(pit, 0, "test", MODES[i].metric, -1);
        pct(modes[i], a);
        ts_report_printf(r, "| %s | %s |\n", MODES[i].label, a);
    }
    char a[48], b[48];
    pct(modes[0], a), pct(modes[3], b);
    const int worse = ts_stat_compare(modes[0], modes[3]);
    ts_report_verdict(r, "\n- **Forgetting `model.eval()`.** The same trained network scores %s%% in eval mode and "
                        "%s%% in train mode with test batches of 2 (%+.1f points): %s Eval mode does not depend on "
                        "the test batch size (%.1f%% at batch 100 vs %.1f%% at batch 2).\n",
                     a, b, 100 * (modes[3].mean - modes[0].mean),
                     ts_compare_text(pit->seeds, worse, "in train mode BatchNorm normalises each pair of test images by their own "
                                      "statistics and dropout still drops units, so predictions depend on which "
                                      "image shares the batch.",
                               "surprisingly, train mode scored higher here.",
                               "at this size the difference is within the seed-to-seed noise."),
                     100 * modes[0].mean, 100 * modes[1].mean);
    ts_say(L, "  eval() %s%% vs train() with batch 2 %s%%\n", a, b);
    const ts_stat b2 = ts_study_stat(bb, 0, "test", "accuracy", -1), b32 = ts_study_stat(bb, 1, "test", "accuracy", -1);
    pct(b2, a), pct(b32, b);
    const int cmp = ts_stat_compare(b32, b2);
    ts_report_verdict(r, "- **BN with tiny batches.** Trained with batch 2, BN reaches %s%% test accuracy; with batch 32, "
                        "%s%% (same epochs): %s\n", a, b,
                     ts_compare_text(pit->seeds, cmp, "batch-2 statistics are too noisy — BN needs reasonable batch sizes.",
                               "batch 2 did better here (it also takes 16× more steps per epoch).",
                               "no difference beyond the seed-to-seed noise at this size."));
    ts_say(L, "  BN batch 2: %s%%, batch 32: %s%%\n", a, b);
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 64,
                                .epochs = ts_by_preset(L, 1, 3, 6),
                                .train_size = ts_by_preset(L, 512, 4000, 12000),
                                .test_size = ts_by_preset(L, 500, 2000, 10000), .eval_batch_size = 100};
    ts_study bn = {.name = "bn-lr", .title = "BatchNorm at two learning rates", .base = base,
                   .variants = BN_LR, .nvariants = 4};
    ts_study dropout = {.name = "dropout", .title = "Dropout rates on a small training set", .base = base,
                        .variants = DROPOUT, .nvariants = NDROPOUT};
    dropout.base.train_size = ts_by_preset(L, 256, 1000, 2000);
    dropout.base.test_size = ts_by_preset(L, 500, 1000, 2000);
    dropout.base.epochs = ts_by_preset(L, 2, 8, 20);
    dropout.base.batch_size = 32;
    ts_study pitfall = {.name = "pitfall", .title = "eval() vs train() at test time", .base = base,
                        .variants = PITFALL, .nvariants = 1, .after_run = evaluate_modes};
    pitfall.base.epochs = ts_by_preset(L, 1, 2, 3);
    pitfall.base.test_size = ts_by_preset(L, 500, 1000, 10000);
    ts_study bn_batch = {.name = "bn-batch", .title = "BatchNorm trained with batch 2 vs 32", .base = base,
                         .variants = BN_BATCH, .nvariants = 2};
    bn_batch.base.train_size = ts_by_preset(L, 128, 2000, 3000);
    bn_batch.base.test_size = ts_by_preset(L, 500, 1000, 5000);
    bn_batch.base.epochs = 1; /* batch 2 is slow: 1500 steps per 3000 images */
    ts_study *studies[] = {&bn, &dropout, &pitfall, &bn_batch};
    const int nstudies = 4;
    int status = TS_ERR;
    for (int i = 0; i < nstudies; i++) ts_lesson_plan(L, studies[i]);

    ts_say(L, "Lesson 3 — Batch Normalization and Dropout (seed section 3)\n"
              "preset %s: %d seed%s per variant, %d threads, data %s\n\n", L->preset_name, L->seeds,
           L->seeds > 1 ? "s" : "", L->threads, L->data_dir);
    ts_say(L, "1. Does BatchNorm train faster and tolerate a 10x higher learning rate?\n"
              "   The seed's CNN with and without BN after each conv and the hidden Linear, SGD momentum 0.9\n"
              "   at lr 0.01 and 0.1; %d epochs on %d training images. Watch the first epochs and the lr 0.1 runs.\n",
           ts_study_config(L, &bn, 0).epochs, ts_study_config(L, &bn, 0).train_size);
    if (ts_study_run(L, &bn) != TS_OK) goto done;
    ts_say(L, "\n2. Does dropout reduce overfitting? %d training images only, %d epochs: the network can memorise them.\n"
              "   Watch the gap between train and test accuracy as p grows.\n",
           ts_study_config(L, &dropout, 0).train_size, ts_study_config(L, &dropout, 0).epochs);
    if (ts_study_run(L, &dropout) != TS_OK) goto done;
    ts_say(L, "\n3. The train()/eval() pitfall: evaluate one trained BN + dropout network in both modes,\n"
              "   at test batch 100 and 2; then train BN with batch 2 and 32.\n");
    if (ts_study_run(L, &pitfall) != TS_OK || ts_study_run(L, &bn_batch) != TS_OK) goto done;

    ts_say(L, "\nWhat was found:\n");
    if (ts_lesson_write_tables(L, studies, nstudies, THRESHOLD) != TS_OK) goto done;
    if (ts_study_chart_curves(L, &bn, "bn-lr-test-accuracy", "Test accuracy: BN vs no BN", "test", "accuracy",
                              "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &bn, "bn-lr-train-loss", "Training loss: BN vs no BN", "train", "loss",
                              "training cross-entropy", 0) != TS_OK ||
        ts_study_chart_curves(L, &dropout, "dropout-test-accuracy", "Test accuracy by dropout rate", "test",
                              "accuracy", "test accuracy (fraction)", 4) != TS_OK ||
        ts_study_chart_curves(L, &dropout, "dropout-train-accuracy", "Train accuracy by dropout rate", "train",
                              "accuracy", "train accuracy (fraction)", 4) != TS_OK)
        goto done;
    /* bar charts: the dropout gap, and the pitfall's four evaluations */
    double mean[NMODES], err[NMODES];
    const char *labels[NMODES];
    int colors[NMODES];
    for (int v = 0; v < NDROPOUT; v++) {
        const ts_stat st = ts_study_gap(&dropout, v, "train", "test", "accuracy");
        mean[v] = 100 * st.mean, err[v] = 100 * st.std, labels[v] = DROPOUT[v].label, colors[v] = 4 + v;
    }
    const char *one_group[] = {""};
    const ts_chart gap_chart = {.dir = L->out_dir, .name = "dropout-gap", .title = "Overfitting: train minus test accuracy (mean ± std over seeds)",
                                .ylabel = "train - test accuracy (points)"};
    if (ts_chart_bars(&gap_chart, one_group, 1, labels, colors, NDROPOUT, mean, err, NULL) != TS_OK) goto done;
    for (int i = 0; i < NMODES; i++) {
        const ts_stat st = ts_study_stat(&pitfall, 0, "test", MODES[i].metric, -1);
        mean[i] = 100 * st.mean, err[i] = 100 * st.std, labels[i] = MODES[i].label, colors[i] = 8 + i;
    }
    const ts_chart mode_chart = {.dir = L->out_dir, .name = "pitfall-modes", .title = "One trained network, evaluated four ways (mean ± std over seeds)",
                                 .ylabel = "test accuracy (%)"};
    if (ts_chart_bars(&mode_chart, one_group, 1, labels, colors, NMODES, mean, err, NULL) != TS_OK) goto done;

    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 3 — Batch Normalization and Dropout", 3, __FILE__, NULL) != TS_OK)
        goto done;
    ts_report_key_chart(&r, "bn-lr-test-accuracy", "test accuracy with and without BN");
    ts_report_section(&r, "1. Does BatchNorm train faster and tolerate a higher learning rate?");
    ts_report_printf(&r, "The seed's CNN with and without BatchNorm, SGD with momentum 0.9 at lr 0.01 and 0.1, "
                         "batch %d, epochs: %d, on the first %d training images, tested on %d.\n\n",
                     ts_study_config(L, &bn, 0).batch_size, ts_study_config(L, &bn, 0).epochs,
                     ts_study_config(L, &bn, 0).train_size, ts_study_config(L, &bn, 0).test_size);
    accuracy_table(&r, &bn);
    ts_report_chart(&r, "bn-lr-test-accuracy", "test accuracy per epoch");
    ts_report_chart(&r, "bn-lr-train-loss", "training loss per epoch");
    bn_verdict(L, &r, &bn);
    ts_report_section(&r, "2. Does dropout reduce overfitting?");
    ts_report_printf(&r, "Dropout2d(p) after each conv block's ReLU and Dropout(p) in the FC block, no BN, batch %d, "
                         "%d epochs on only %d training images, tested on %d.\n\n",
                     ts_study_config(L, &dropout, 0).batch_size, ts_study_config(L, &dropout, 0).epochs,
                     ts_study_config(L, &dropout, 0).train_size, ts_study_config(L, &dropout, 0).test_size);
    accuracy_table(&r, &dropout);
    ts_report_chart(&r, "dropout-gap", "train − test accuracy at the end");
    ts_report_chart(&r, "dropout-train-accuracy", "train accuracy per epoch");
    ts_report_chart(&r, "dropout-test-accuracy", "test accuracy per epoch");
    dropout_verdict(L, &r, &dropout);
    ts_report_section(&r, "3. The train()/eval() pitfall");
    ts_report_printf(&r, "A BN + dropout 0.2 network trained %d epochs on %d images, then evaluated on %d test "
                         "images four ways (each from the same trained state). Then BN networks trained with "
                         "batch 2 and batch 32 for %d epochs on %d images.\n\n",
                     ts_study_config(L, &pitfall, 0).epochs, ts_study_config(L, &pitfall, 0).train_size,
                     ts_study_config(L, &pitfall, 0).test_size, ts_study_config(L, &bn_batch, 0).epochs,
                     ts_study_config(L, &bn_batch, 0).train_size);
    pitfall_verdict(L, &r, &pitfall, &bn_batch);
    ts_report_chart(&r, "pitfall-modes", "one network, four evaluations");
    accuracy_table(&r, &bn_batch);
    if (ts_report_close(&r) != TS_OK) goto done;

    ts_lesson_say_outputs(L);
    status = TS_OK;
done: /* also after an error or Ctrl-C: the finished runs' records are freed */
    for (int i = 0; i < nstudies; i++) ts_study_free(studies[i]);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-3", DESCRIPTION, run_lesson); }
