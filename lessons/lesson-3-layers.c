/* Lesson 3 — Layers: Batch Normalization and Dropout (seed section 3).
 *
 *   make lesson-3                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-3-layers --preset full --out results/lesson-3
 *
 * Five experiments on Fashion-MNIST with the seed's CNN; each claim of the section is a
 * verdict declared beside its experiment and judged by lib/experiment/verdict.h (Welch's
 * t-test across seeds, Holm's correction across a verdict's arms):
 *   1. BN vs no BN at lr 0.03 and 10× that; BN after the ReLU (the note's text) vs before
 *      it (its code).
 *   2. Dropout 0 / 0.1 / 0.2 / 0.5 on a training set small enough to overfit, and
 *      element-wise Dropout vs the seed's Dropout2d after the convolutions.
 *   3. Dropout where the network cannot overfit: the same steps, every image new.
 *   4. BN trained with batches of 2 against a plain control, on the same images with the lr
 *      scaled by 2/32; BN without its BatchNorm1d at batch 2.
 *   5. The train()/eval() pitfall: one trained network evaluated four ways.
 * The library code it exercises: lib/nn/batchnorm.c, lib/nn/dropout.c, lib/nn/seed_cnn.c,
 * lib/train/train.c (ts_evaluate_in_mode). */
#include <stdio.h>

#include "../lib/experiment/metric_variants.h"
#include "../lib/experiment/study_bars.h"
#include "../lib/experiment/table.h"
#include "../lib/experiment/verdict.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 3 (seed section 3): BatchNorm and Dropout ablations on Fashion-MNIST with the\n"
    "seed's CNN; writes runs.csv, summary.csv, charts and REPORT.md to the output directory.";

static const double THRESHOLD = 0.85; /* summary.csv: epochs to reach 85% test accuracy */

static const ts_measure FINAL_TEST = {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"};
static const ts_measure EPOCH1_TEST = {"test accuracy after epoch 1", "test", "accuracy", TS_READ_EPOCH, .epoch = 1,
                                       .scale = 100, .unit = "%"};
static const ts_measure FINAL_LOSS = {"final training loss", "train", "loss", TS_READ_FINAL, .digits = 3};
/* on the training images in eval mode, without dropout: the network's real fit to them */
static const ts_measure CLEAN_TRAIN = {"final train accuracy, eval mode", "train_eval", "accuracy", TS_READ_FINAL,
                                       .scale = 100, .unit = "%"};
static const ts_measure CLEAN_GAP = {"clean train − test gap", "train_eval", "accuracy", TS_READ_GAP,
                                     .minus_split = "test", .scale = 100, .unit = "points"};

/* ------------------------------------------------------------------ 1. BN × learning rate, BN placement */

/* In a trial grid (lr 0.05–1.0, 2 epochs on 6000 images) the plain network stayed at chance
   from lr 0.3 on, while BN still trained at 1.0. At 0.03 both train; at 0.01, the old
   setting, the plain one was still under-trained after 6 epochs, so 10× helped it. */
static void with_bn(ts_run_config *c) { c->batchnorm = 1; }
static void lr_10x(ts_run_config *c) { c->lr *= 10.0f; }
static void with_bn_lr_10x(ts_run_config *c) { with_bn(c); lr_10x(c); }
static void bn_after_relu(ts_run_config *c) { with_bn(c); c->bn_after_relu = 1; }
static const ts_variant BN_LR[] = {
    {"no-bn", "no BN, lr 0.03", NULL},
    {"bn", "BN, lr 0.03", with_bn},
    {"no-bn-lr10x", "no BN, lr 0.3", lr_10x},
    {"bn-lr10x", "BN, lr 0.3", with_bn_lr_10x},
    {"bn-after-relu", "BN after ReLU, lr 0.03", bn_after_relu},
};
enum { NO_BN, BN, NO_BN_10X, BN_10X, BN_AFTER, N_BN_LR };

static const ts_verdict BN_FASTER = {
    .claim = "BN trains faster", .measure = EPOCH1_TEST, .baseline = TS_ARM(NO_BN), .arms = {TS_ARM(BN)}, .narms = 1,
    .expect = +1,
    .confirmed = "after one epoch the BN network is ahead of the plain one.",
    .contradicted = "after one epoch the plain network is ahead.",
    .no_difference = "after one epoch neither network is ahead."};
/* Tolerance is what 10× the lr does to each network, per seed: (lr 0.3) − (lr 0.03). */
static const ts_verdict BN_TOLERATES = {
    .claim = "BN tolerates a 10× learning rate", .measure = FINAL_TEST,
    .baseline = TS_CHANGE(NO_BN_10X, NO_BN), .arms = {TS_CHANGE(BN_10X, BN)}, .narms = 1, .expect = +1,
    .confirmed = "raising the lr from 0.03 to 0.3 costs the BN network less accuracy than the plain one.",
    .contradicted = "raising the lr costs the BN network more than the plain one.",
    .no_difference = "raising the lr costs both networks about the same."};
static const ts_verdict BN_PLACEMENT = {
    .claim = "BN belongs before the ReLU (the note's code, Ioffe & Szegedy), not after it (the note's text)",
    .measure = FINAL_TEST, .baseline = TS_ARM(BN), .arms = {TS_ARM(BN_AFTER)}, .narms = 1, .expect = -1,
    .confirmed = "BN after the ReLU ends lower than BN before it.",
    .contradicted = "BN after the ReLU ends higher: the text's placement does better here than the code's.",
    .no_difference = "the two placements end alike: on this network the disagreement between the note's "
                     "text and code does not show."};

static int bn_lr_charts(ts_lesson *L, const ts_study *s) {
    if (ts_study_chart_curves_scaled(L, s, "bn-lr-test-accuracy", "Test accuracy: BN vs no BN", "test", "accuracy",
                                     100, "test accuracy (%)", 0) != TS_OK)
        return TS_ERR;
    return ts_study_chart_curves(L, s, "bn-lr-train-loss", "Training loss: BN vs no BN", "train", "loss",
                                 "training cross-entropy", 0);
}

/* ------------------------------------------------------------------ 2. dropout on a set small enough to overfit */

static void p01(ts_run_config *c) { c->dropout = 0.1f; }
static void p02(ts_run_config *c) { c->dropout = 0.2f; }
static void p05(ts_run_config *c) { c->dropout = 0.5f; }
static void p02_elementwise(ts_run_config *c) { p02(c); c->dropout_elementwise = 1; }
static const ts_variant DROPOUT[] = {
    {"p0", "dropout 0", NULL},
    {"p0.1", "dropout 0.1", p01},
    {"p0.2", "dropout 0.2", p02},
    {"p0.5", "dropout 0.5", p05},
    {"p0.2-elementwise", "dropout 0.2, element-wise in conv", p02_elementwise},
};
enum { P0, P01, P02, P05, P02_ELEMENTWISE, N_DROPOUT };

static const ts_verdict DROPOUT_NARROWS = {
    .claim = "dropout narrows the gap between train and test accuracy", .measure = CLEAN_GAP,
    .baseline = TS_ARM(P0), .arms = {TS_ARM(P01), TS_ARM(P02), TS_ARM(P05)}, .narms = 3, .expect = -1,
    .confirmed = "with dropout the network fits its training images less far beyond the test images.",
    .contradicted = "dropout widened the gap.",
    .no_difference = "no rate changed the clean gap."};
static const ts_verdict DROPOUT_HELPS = {
    .claim = "dropout raises test accuracy when the network overfits", .measure = FINAL_TEST,
    .baseline = TS_ARM(P0), .arms = {TS_ARM(P01), TS_ARM(P02), TS_ARM(P05)}, .narms = 3, .expect = +1,
    .confirmed = "some rate raised test accuracy and none lowered it.",
    .contradicted = "some rate lowered test accuracy and none raised it: a narrower gap is not better "
                    "generalisation when it comes from fitting the training images worse.",
    .no_difference = "no rate moved test accuracy."};
/* Tompson et al. 2015: neighbouring pixels of a feature map are so correlated that dropping
   single pixels barely regularises; Dropout2d drops whole maps. */
static const ts_verdict DROPOUT2D = {
    .claim = "Dropout2d regularises the conv blocks more than element-wise Dropout at the same p",
    .measure = CLEAN_GAP, .baseline = TS_ARM(P02), .arms = {TS_ARM(P02_ELEMENTWISE)}, .narms = 1, .expect = +1,
    .confirmed = "with element-wise Dropout(0.2) the gap stays wider than with Dropout2d(0.2).",
    .contradicted = "element-wise Dropout(0.2) leaves the narrower gap.",
    .no_difference = "both leave the same gap."};

static int dropout_charts(ts_lesson *L, const ts_study *s) {
    if (ts_study_chart_curves_scaled(L, s, "dropout-test-accuracy", "Test accuracy by dropout rate", "test", "accuracy",
                                     100, "test accuracy (%)", 5) != TS_OK)
        return TS_ERR;
    return ts_study_chart_bars(L, s, "dropout-gap", "Overfitting: clean train minus test accuracy", &CLEAN_GAP,
                               "train (eval mode) - test accuracy (points)", 5);
}

/* ------------------------------------------------------------------ 3. dropout where nothing overfits */

/* The same optimizer steps as experiment 2, each image seen once (20× the images in full). */
static const ts_variant DROPOUT_DATA[] = {{"p0", "dropout 0", NULL}, {"p0.2", "dropout 0.2", p02}, {"p0.5", "dropout 0.5", p05}};
enum { D_P0, D_P02, D_P05, N_DROPOUT_DATA };

/* The note: dropout applied where the model does not overfit makes learning worse. The
   engine can confirm that (lower), refute it (higher), or find no difference, which
   says dropout did not help, not that it hurt. */
static const ts_verdict DROPOUT_NOT_OVERFITTING = {
    .claim = "without overfitting, dropout lowers test accuracy", .measure = FINAL_TEST,
    .baseline = TS_ARM(D_P0), .arms = {TS_ARM(D_P02), TS_ARM(D_P05)}, .narms = 2, .expect = -1,
    .confirmed = "on images seen once, dropout only slows learning, as the note warns.",
    .contradicted = "dropout raised test accuracy even here.",
    .no_difference = "dropout neither helped nor hurt: it did not help, but the note's 'worse' does not "
                     "show either."};

/* ------------------------------------------------------------------ 4. BN at batch 2 */

/* Batch 32, and batch 2 on the same images with the lr scaled by 2/32 (the linear scaling
   rule: 16× the steps, each 1/16 as long), so that the plain network, which has no batch
   statistics, is a fair control. At equal steps and the same lr, batch 2 sees 1/16 of the
   images and its gradients are 16× noisier: in trials the plain network then stayed near
   chance, so such a comparison could not single out BN. BatchNorm2d pools N·H·W values
   per channel, BatchNorm1d(100) only N: at N = 2 its x̂ is ±1 (tests/test_init_model.c),
   and "BN in conv blocks only" removes just that layer. */
static void batch_2(ts_run_config *c) { c->batch_size = 2; c->lr *= 2.0f / 32.0f; }
static void bn_batch_2(ts_run_config *c) { with_bn(c); batch_2(c); }
static void bn_conv_only_batch_2(ts_run_config *c) { bn_batch_2(c); c->no_fc_batchnorm = 1; }
static const ts_variant BN_BATCH[] = {
    {"no-bn-b32", "no BN, batch 32", NULL},
    {"bn-b32", "BN, batch 32", with_bn},
    {"no-bn-b2", "no BN, batch 2", batch_2},
    {"bn-b2", "BN, batch 2", bn_batch_2},
    {"bn-conv-only-b2", "BN in conv blocks only, batch 2", bn_conv_only_batch_2},
};
enum { B32, BN_B32, B2, BN_B2, BN_CONV_B2, N_BN_BATCH };

static const ts_verdict TINY_BATCH = {
    .claim = "batch 2 hurts BN more than the plain network", .measure = FINAL_TEST,
    .baseline = TS_CHANGE(B2, B32), .arms = {TS_CHANGE(BN_B2, BN_B32)}, .narms = 1, .expect = -1,
    .confirmed = "going from batch 32 to batch 2 (same images, lr × 2/32) costs the BN network more than "
                 "the plain one.",
    .contradicted = "going to batch 2 costs the plain network more.",
    .no_difference = "batch 2 changes both networks alike."};
static const ts_verdict BATCHNORM1D_AT_2 = {
    .claim = "at batch 2 the harm comes from BatchNorm1d, whose x̂ is ±1", .measure = FINAL_TEST,
    .baseline = TS_ARM(BN_B2), .arms = {TS_ARM(BN_CONV_B2)}, .narms = 1, .expect = +1,
    .confirmed = "without the BatchNorm1d, BN at batch 2 ends higher: the conv layers' statistics over "
                 "2·H·W values were not the problem.",
    .contradicted = "without the BatchNorm1d, BN at batch 2 ends lower.",
    .no_difference = "removing the BatchNorm1d changes nothing measurable."};

static int batch_chart(ts_lesson *L, const ts_study *s) {
    return ts_study_chart_bars(L, s, "bn-batch", "Batch 2 vs 32, with and without BN", &FINAL_TEST,
                               "final test accuracy (%)", 0);
}

/* ------------------------------------------------------------------ 5. the train()/eval() pitfall */

static void bn_dropout(ts_run_config *c) { with_bn(c); p02(c); }
static const ts_variant PITFALL[] = {{"bn-dropout", "BN + dropout 0.2", bn_dropout}};

/* The trained network's four evaluations, recorded as test metrics; each a variant of
   the study ts_study_metric_variants builds, so the verdicts can compare them. */
static const struct {
    int training, batch;
} MODE_SETTINGS[] = {{0, 100}, {0, 2}, {1, 100}, {1, 2}};
static const ts_variant MODES[] = {
    {"eval_mode_batch100", "eval(), batch 100", NULL},
    {"eval_mode_batch2", "eval(), batch 2", NULL},
    {"train_mode_batch100", "train(), batch 100", NULL},
    {"train_mode_batch2", "train(), batch 2", NULL},
};
enum { EVAL_100, EVAL_2, TRAIN_100, TRAIN_2, N_MODES };

static const ts_verdict FORGETTING_EVAL = {
    .claim = "forgetting model.eval() lowers test accuracy", .measure = FINAL_TEST, .baseline = TS_ARM(EVAL_100),
    .arms = {TS_ARM(TRAIN_100), TS_ARM(TRAIN_2)}, .narms = 2, .expect = -1,
    .confirmed = "in train mode BN normalises each test batch by its own statistics and dropout keeps "
                 "dropping, so the same network scores lower.",
    .contradicted = "train mode scored higher.",
    .no_difference = "train mode and eval mode score alike here."};
static const ts_verdict EVAL_BATCH_FREE = {
    .claim = "in eval mode the test batch size does not matter", .measure = FINAL_TEST,
    .baseline = TS_ARM(EVAL_100), .arms = {TS_ARM(EVAL_2)}, .narms = 1, .expect = 0,
    .contradicted = "eval mode depends on the test batch: a sample's prediction must not.",
    .no_difference = "eval() gives every image the same prediction whatever shares its batch."};

/* Evaluates a copy of the model in each mode (train mode changes the running statistics,
   so every evaluation starts from the trained state). */
static int evaluate_modes(ts_lesson *L, const ts_run_config *c, ts_model *model, ts_record *rec) {
    const ts_dataset test = ts_dataset_head(&L->test, c->test_size);
    for (int i = 0; i < N_MODES; i++) {
        ts_model *copy = ts_model_clone(model);
        ts_loader ld;
        ts_metrics m;
        ts_rng rng;
        ts_rng_seed(&rng, 7);
        if (!copy || ts_loader_init(&ld, &test, MODE_SETTINGS[i].batch, 0, 0, 0) != TS_OK) {
            ts_model_free(copy);
            return TS_ERR;
        }
        const int status = ts_evaluate_in_mode(copy, &ld, MODE_SETTINGS[i].training, &rng, &m);
        ts_loader_free(&ld);
        ts_model_free(copy);
        if (status != TS_OK || ts_record_add(rec, c->epochs, 0, "test", MODES[i].name, m.accuracy) != TS_OK)
            return TS_ERR;
    }
    return TS_OK;
}

static int modes_chart(ts_lesson *L, const ts_study *s) {
    return ts_study_chart_bars(L, s, "pitfall-modes", "One network, four evaluations", &FINAL_TEST,
                               "test accuracy (%)", 6);
}

/* ------------------------------------------------------------------ the lesson, part by part */

/* Each experiment's question, its setup in words (the configuration follows), the table's
   columns, its charts (drawn by `draw`) and its verdicts. */
typedef struct {
    const char *question, *setup;
    ts_measure columns[3];
    int ncolumns;
    int (*draw)(ts_lesson *L, const ts_study *judged);
    const char *charts[2], *captions[2];
    const ts_verdict *verdicts[3];
} part;
static const part PARTS[] = {
    {"1. Does BatchNorm train faster and tolerate a 10× learning rate? Before or after the ReLU?",
     "The seed's CNN with and without BatchNorm (before the ReLU, as the note's code has it, or after it, as its "
     "text says), and at 10× the lr.",
     {EPOCH1_TEST, FINAL_TEST, FINAL_LOSS}, 3, bn_lr_charts, {"bn-lr-test-accuracy", "bn-lr-train-loss"},
     {"test accuracy per epoch: look at epoch 1 (does BN start ahead?) and at the lr 0.3 pair",
      "training loss per epoch: a curve that stays at ln 10 = 2.303 has learned nothing"},
     {&BN_FASTER, &BN_TOLERATES, &BN_PLACEMENT}},
    {"2. Does dropout reduce overfitting? Dropout or Dropout2d after the convolutions?",
     "Dropout2d(p) after each conv block's ReLU and Dropout(p) in the FC block, no BN; the last variant uses "
     "element-wise Dropout(0.2) after the convolutions too. Train accuracy is measured in eval mode on the "
     "training images, without dropout.",
     {CLEAN_TRAIN, FINAL_TEST, CLEAN_GAP}, 3, dropout_charts, {"dropout-gap", "dropout-test-accuracy"},
     {"clean train − test accuracy at the end, ± std over seeds: a lower bar means less overfitting",
      "test accuracy per epoch: does any dropout rate end above dropout 0?"},
     {&DROPOUT_NARROWS, &DROPOUT_HELPS, &DROPOUT2D}},
    {"3. Does dropout hurt where the network cannot overfit?",
     "As in 2 with the same number of steps, but every image is new (one epoch over as many images as 2 "
     "visits): nothing can be memorised.",
     {CLEAN_TRAIN, FINAL_TEST, CLEAN_GAP}, 3, NULL, {NULL}, {NULL}, {&DROPOUT_NOT_OVERFITTING}},
    {"4. Does BatchNorm fail with batches of 2, and which BN layer fails?",
     "Batch 32 against batch 2, with and without BN; batch 2 sees the same images with the lr scaled by 2/32 "
     "(16× the steps, each 1/16 as long). The last variant keeps BN in the conv blocks and drops the "
     "BatchNorm1d(100).",
     {FINAL_TEST, FINAL_LOSS}, 2, batch_chart, {"bn-batch"}, {"final test accuracy, ± std over seeds: compare each network's drop from batch 32 to batch 2"}, {&TINY_BATCH, &BATCHNORM1D_AT_2}},
    {"5. The train()/eval() pitfall: what does forgetting model.eval() cost?",
     "A BN + dropout 0.2 network; each trained network is then evaluated four ways, each from the same trained state.",
     {FINAL_TEST}, 1, modes_chart, {"pitfall-modes"}, {"one trained network, four evaluations: only the mode should matter, never the test batch"}, {&FORGETTING_EVAL, &EVAL_BATCH_FREE}},
};
enum { NPARTS = 5 };

/* A part: the question; its runs (or their records), its charts; then its section of
   REPORT.md: the setup (variant 0 of the trained study), the table, the charts and each
   verdict, which the engine also says. The judged study is the trained one, or variants read
   off its runs' metrics (part 5's four evaluations). */
static int run_part(ts_lesson *L, ts_report *r, const part *p, ts_study *trained, ts_study *judged) {
    if (ts_lesson_part_begin(L, "%s", p->question) != TS_OK || ts_study_run(L, trained) != TS_OK ||
        (judged != trained && ts_study_metric_variants(judged, trained, 0, "test", "accuracy") != TS_OK) ||
        (p->draw && p->draw(L, judged) != TS_OK))
        return TS_ERR;
    const ts_run_config c = ts_study_config(L, trained, 0);
    ts_report_section(r, p->question);
    ts_report_printf(r, "%s SGD with momentum %g at lr %g, batch %d, %d epoch%s on the first %d training images, "
                        "tested on %d.\n\n", p->setup, c.momentum, c.lr, c.batch_size, c.epochs,
                     c.epochs > 1 ? "s" : "", c.train_size, c.test_size);
    ts_report_study_table(r, judged, p->columns, p->ncolumns, 0.2); /* failed: diverged, or under 20% (chance: 10%) */
    for (int i = 0; i < 2 && p->charts[i]; i++) ts_lesson_chart(L, r, p->charts[i], p->captions[i]);
    for (int i = 0; i < 3 && p->verdicts[i]; i++) ts_verdict_report(L, r, judged, p->verdicts[i]);
    return TS_OK;
}

static int run_lesson(ts_lesson *L) {
    ts_lesson_set_seeds(L, 1, 2, 5); /* verdicts on differences of a point or two */
    /* lr 0.03 everywhere: both networks train well at it (see experiment 1's comment) */
    const ts_run_config base = {.lr = 0.03f, .momentum = 0.9f, .batch_size = 64, .eval_batch_size = 100,
                                .epochs = ts_by_preset(L, 1, 3, 6), .train_size = ts_by_preset(L, 512, 2000, 12000),
                                .test_size = ts_by_preset(L, 500, 1000, 5000)};
    ts_study bn = {.name = "bn-lr", .title = "BatchNorm at two learning rates, and where it goes", .base = base,
                   .variants = BN_LR, .nvariants = N_BN_LR};
    ts_study dropout = {.name = "dropout", .title = "Dropout rates on a small training set", .base = base,
                        .variants = DROPOUT, .nvariants = N_DROPOUT};
    dropout.base.eval_train = 1;
    dropout.base.batch_size = 32;
    dropout.base.train_size = ts_by_preset(L, 256, 1000, 2000);
    dropout.base.epochs = ts_by_preset(L, 2, 6, 20);
    dropout.base.test_size = ts_by_preset(L, 500, 1000, 2000);
    ts_study data = {.name = "dropout-data", .title = "Dropout where the network cannot overfit", .base = dropout.base,
                     .variants = DROPOUT_DATA, .nvariants = N_DROPOUT_DATA};
    data.base.train_size = dropout.base.train_size * dropout.base.epochs; /* the same steps, each image once */
    data.base.epochs = 1;
    data.base.test_size = base.test_size;
    ts_study batch = {.name = "bn-batch", .title = "BatchNorm trained with batches of 2", .base = base,
                      .variants = BN_BATCH, .nvariants = N_BN_BATCH};
    batch.base.batch_size = 32;
    batch.base.epochs = 1;
    batch.base.train_size = ts_by_preset(L, 128, 1536, 3000);
    ts_study pitfall = {.name = "pitfall", .title = "eval() vs train() at test time", .base = base,
                        .variants = PITFALL, .nvariants = 1, .after_run = evaluate_modes};
    pitfall.base.epochs = ts_by_preset(L, 1, 2, 3);
    ts_study modes = {.name = "pitfall-modes", .title = "One trained network, evaluated four ways",
                      .variants = MODES, .nvariants = N_MODES};
    ts_study *studies[NPARTS] = {&bn, &dropout, &data, &batch, &pitfall};
    ts_study *judged[NPARTS] = {&bn, &dropout, &data, &batch, &modes};
    for (int i = 0; i < NPARTS; i++) ts_lesson_plan(L, studies[i]);
    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 3 — Batch Normalization and Dropout", 3, __FILE__, NULL) != TS_OK)
        return TS_ERR;
    ts_report_key_chart(&r, "bn-lr-test-accuracy", "test accuracy with and without BN");
    int status = TS_OK;
    for (int i = 0; i < NPARTS && status == TS_OK; i++) status = run_part(L, &r, &PARTS[i], studies[i], judged[i]);
    if (status == TS_OK) status = ts_lesson_write_tables(L, studies, NPARTS, THRESHOLD);
    status = ts_lesson_finish(L, &r, status);
    for (int i = 0; i < NPARTS; i++) ts_study_free(studies[i]); /* also after an error or Ctrl-C */
    ts_study_free(&modes);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-3", DESCRIPTION, run_lesson); }
