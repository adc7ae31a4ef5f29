/* Lesson 1 — Data: augmentation and normalization (seed section 1).
 *
 *   make lesson-1                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-1-data --preset full --out results/lesson-1
 *
 * Four parts on Fashion-MNIST with the seed's CNN (no BN, SGD lr 0.01, momentum 0.9):
 *   1. Every transform of the seed's list in a gallery; ToPILImage's round trip, measured.
 *   2. The seed's snippets, run: each of their mistakes handed to the transform-spec parser
 *      (lib/data/transform_parse.c, the C Compose), which prints its own error line.
 *   3. Augmentation on a training subset small enough to overfit: none / flip / crop / erasing /
 *      all three. Seed 1.1: it fights overfitting and raises training and test accuracy.
 *   4. Input scaling at one learning rate: raw 0–255, ToTensor's 0–1, Normalize(0.5, 0.5),
 *      the data set's mean/std, the same std without centring, ImageNet's. Seed 1.2:
 *      standardised inputs train better — or, pixels being bounded, Normalize is not needed.
 * Each verdict is a table of data next to its experiment, judged by lib/experiment/verdict.h
 * and trend.h: Welch's t-test over seeds, Holm across arms, p < 0.05, "indicative" under 3. */
#include <math.h>
#include <stdio.h>

#include "../lib/data/transform_compare.h"
#include "../lib/experiment/study_bars.h"
#include "../lib/experiment/table.h"
#include "../lib/experiment/trend.h"
#include "../lib/plot/gallery.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 1 (seed section 1): every transform in a gallery, the seed's snippet mistakes run through the parser,\n"
    "augmentation and input-scaling ablations on Fashion-MNIST; writes runs.csv, summary.csv, charts, REPORT.md.";

/* Measures: what a table column or a verdict reads from each run (lib/experiment/measure.h).
   The clean pass scores the training images without augmentation, in eval mode. */
#define FINAL_TEST {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"}
#define FINAL_TRAIN \
    {"final train accuracy, clean pass", "train_eval", "accuracy", TS_READ_FINAL, .scale = 100, .unit = "%"}
#define GAP \
    {"train − test accuracy", "train_eval", "accuracy", TS_READ_GAP, .minus_split = "test", .scale = 100, \
     .unit = "%"}

/* ------------------------------------------------------------------ 1. the transforms */

static const char *const GALLERY_LABELS[] = {
    "original", "CenterCrop(20)", "Pad(4, fill=128)", "Pad(4, edge)", "Pad(4, reflect)", "Pad(4, symmetric)",
    "Resize(14)", "Resize(14, nearest)", "RandomCrop(28, padding=4)", "RandomHorizontalFlip(0.5)",
    "RandomVerticalFlip(0.5)", "ColorJitter(0.6, 0.6)", "GaussianBlur(5)", "RandomErasing(0.5)",
    "RandomErasing(1, 'random')", "Normalize(0.5, 0.5), ToPILImage"};
static const char *const GALLERY_SPECS[] = {
    "ToTensor", "CenterCrop(20),ToTensor", "Pad(4,fill=128),ToTensor", "Pad(4,padding_mode='edge'),ToTensor",
    "Pad(4,padding_mode='reflect'),ToTensor", "Pad(4,padding_mode='symmetric'),ToTensor", "Resize(14),ToTensor",
    "Resize(14,interpolation='nearest'),ToTensor", "RandomCrop(28,padding=4),ToTensor",
    "RandomHorizontalFlip(0.5),ToTensor", "RandomVerticalFlip(0.5),ToTensor",
    "ColorJitter(brightness=0.6,contrast=0.6),ToTensor", "GaussianBlur(5),ToTensor", "ToTensor,RandomErasing(0.5)",
    "ToTensor,RandomErasing(p=1,value='random')", "ToTensor,Normalize(0.5,0.5),ToPILImage,ToTensor"};
enum { NGALLERY = sizeof GALLERY_SPECS / sizeof *GALLERY_SPECS };
static const int GALLERY_CLASSES[] = {0, 7, 9}; /* T-shirt, sneaker, ankle boot */

/* ToPILImage is torchvision's way back from a float tensor to an 8-bit image: each pair is
   a pipeline without and with the round trip ToPILImage → ToTensor at its end. */
static const struct {
    const char *label, *without, *with;
} ROUND_TRIPS[] = {
    {"after ToTensor", "ToTensor", "ToTensor,ToPILImage,ToTensor"},
    {"after GaussianBlur(5) on the float tensor", "ToTensor,GaussianBlur(5)",
     "ToTensor,GaussianBlur(5),ToPILImage,ToTensor"},
    {"after Normalize(0.5, 0.5)", "ToTensor,Normalize(0.5,0.5)", "ToTensor,Normalize(0.5,0.5),ToPILImage,ToTensor"},
};
enum { NROUND_TRIPS = sizeof ROUND_TRIPS / sizeof *ROUND_TRIPS };

/* ------------------------------------------------------------------ 2. the seed's snippets */

/* Each mistake of the seed's snippets (seed lines 64–68 and 88–91) in the parser's notation.
   Python's own errors for the seed's lines are in lesson-1-data.md (experiments/seed_snippets.py). */
static const struct {
    const char *mistake, *spec;
} SNIPPET_MISTAKES[] = {
    {"Normalize before ToTensor (§1.2 says it must come after)", "Normalize((0.5,),(0.5,)),ToTensor()"},
    {"the missing comma between ToTensor() and Normalize() (§1.2)", "ToTensor() Normalize((0.5,),(0.5,))"},
    {"a sequence without its brackets, as Compose(t1, t2, …) for Compose([t1, t2, …]) (§1.1, §1.2): the "
     "items bind to the parameters after the first",
     "Resize(512,512)"},
};
enum { NMISTAKES = sizeof SNIPPET_MISTAKES / sizeof *SNIPPET_MISTAKES };

/* ------------------------------------------------------------------ 3. augmentation */

static void flip(ts_run_config *c) { c->train_transform = "RandomHorizontalFlip(0.5),ToTensor"; }
static void crop(ts_run_config *c) { c->train_transform = "RandomCrop(28,padding=2),ToTensor"; }
static void erase(ts_run_config *c) { c->train_transform = "ToTensor,RandomErasing(0.5)"; }
static void all(ts_run_config *c) {
    c->train_transform = "RandomCrop(28,padding=2),RandomHorizontalFlip(0.5),ToTensor,RandomErasing(0.5)";
}
static const ts_variant AUGMENT[] = {
    {"none", "no augmentation", NULL},         {"flip", "horizontal flip", flip},
    {"crop", "crop, padding 2", crop},         {"erasing", "random erasing", erase},
    {"all", "crop + flip + erasing", all},
};
enum { NONE, FLIP, CROP, ERASING, ALL, NAUGMENT };

static const ts_measure AUGMENT_COLUMNS[] = {
    FINAL_TEST, {"best test accuracy", "test", "accuracy", TS_READ_BEST, .scale = 100, .unit = "%"}, FINAL_TRAIN,
    GAP, {"training time", "train", "seconds", TS_READ_SUM, .unit = "s"}};

/* Seed 1.1: "a way to solve overfitting and raise the accuracy on training and test data". */
static const ts_verdict AUGMENT_VERDICTS[] = {
    {.claim = "Augmentation reduces overfitting", .measure = GAP, .baseline = TS_ARM(NONE),
     .arms = {TS_ARM(FLIP), TS_ARM(CROP), TS_ARM(ERASING), TS_ARM(ALL)}, .narms = 4, .expect = -1,
     .confirmed = "the gap between accuracy on the training images and on the test images is narrower with "
                  "augmentation (the rows marked yes).",
     .contradicted = "the gap is wider with augmentation.",
     .no_difference = "no augmentation changed the gap beyond the seed-to-seed noise."},
    {.claim = "Augmentation raises training accuracy", .measure = FINAL_TRAIN, .baseline = TS_ARM(NONE),
     .arms = {TS_ARM(FLIP), TS_ARM(CROP), TS_ARM(ERASING), TS_ARM(ALL)}, .narms = 4, .expect = +1,
     .confirmed = "the network fits its (clean) training images better after training on augmented ones.",
     .contradicted = "augmentation lowers the accuracy on the clean training images: the network fits them "
                     "less closely (the rows marked yes).",
     .no_difference = "no augmentation changed the accuracy on the clean training images beyond the noise."},
    {.claim = "Augmentation raises test accuracy", .measure = FINAL_TEST, .baseline = TS_ARM(NONE),
     .arms = {TS_ARM(FLIP), TS_ARM(CROP), TS_ARM(ERASING), TS_ARM(ALL)}, .narms = 4, .expect = +1,
     .confirmed = "at least one augmentation beats training without it, after Holm's correction for the four "
                  "comparisons (the rows marked yes).",
     .contradicted = "augmentation lowers test accuracy here.",
     .no_difference = "no augmentation beats training without it once the four comparisons are corrected "
                      "(Holm): the differences in the table are within the seed-to-seed noise."},
};

/* ------------------------------------------------------------------ 4. input scaling */

/* Each scaling is x ↦ (x/255 − shift)/scale, applied to training and test images alike;
   raw is shift 0, scale 1/255. Shifts, scales and specs are set in set_scalings, from the
   training set's statistics; ImageNet's are the seed's per-channel values in grey
   (0.299 R + 0.587 G + 0.114 B, the luminance weights Grayscale uses). */
enum { RAW, TO_TENSOR, HALF, DATASET, SCALED, IMAGENET, NSCALING };
static double SHIFT[NSCALING], SCALE[NSCALING], LOG2_STD[NSCALING]; /* LOG2_STD: of the inputs */
static char SPEC[NSCALING][64];
static void raw(ts_run_config *c) { c->train_transform = c->test_transform = SPEC[RAW]; }
static void half(ts_run_config *c) { c->train_transform = c->test_transform = SPEC[HALF]; }
static void dataset(ts_run_config *c) { c->train_transform = c->test_transform = SPEC[DATASET]; }
static void scaled(ts_run_config *c) { c->train_transform = c->test_transform = SPEC[SCALED]; }
static void imagenet(ts_run_config *c) { c->train_transform = c->test_transform = SPEC[IMAGENET]; }
static const ts_variant SCALING[] = {
    {"raw", "raw 0-255", raw},   {"to-tensor", "ToTensor 0-1", NULL},     {"half", "Normalize(0.5, 0.5)", half},
    {"dataset", "data set mean/std", dataset}, {"scaled", "data set std, not centred", scaled},
    {"imagenet", "ImageNet mean/std", imagenet}};

static void set_scalings(double mean, double std) {
    const double grey_mean = 0.299 * 0.485 + 0.587 * 0.456 + 0.114 * 0.406;
    const double grey_std = 0.299 * 0.229 + 0.587 * 0.224 + 0.114 * 0.225;
    const double shift_scale[NSCALING][2] = {{0, 1.0 / 255}, {0, 1}, {0.5, 0.5}, {mean, std}, {0, std},
                                             {grey_mean, grey_std}};
    for (int v = 0; v < NSCALING; v++) {
        SHIFT[v] = shift_scale[v][0];
        SCALE[v] = shift_scale[v][1];
        LOG2_STD[v] = log2(std / SCALE[v]);
        snprintf(SPEC[v], sizeof SPEC[v], "ToTensor,Normalize(%.4g,%.4g)", SHIFT[v], SCALE[v]);
    }
    snprintf(SPEC[RAW], sizeof SPEC[RAW], "none");
    snprintf(SPEC[TO_TENSOR], sizeof SPEC[TO_TENSOR], "ToTensor");
}

static const ts_measure SCALING_COLUMNS[] = {
    {"train loss, epoch 1", "train", "loss", TS_READ_EPOCH, .epoch = 1, .digits = 3},
    {"final train loss", "train", "loss", TS_READ_FINAL, .digits = 3}, FINAL_TEST};

/* Seed 1.2: standardising (mean 0, variance 1) gives higher accuracy; or, pixels being
   bounded to 0–255, Normalize is not needed; (0.5, 0.5) "is generally used"; ImageNet's
   statistics "should train well". What differs between the scalings is the inputs' mean
   and their scale; at one learning rate the scale also multiplies the first layer's
   gradient (∂L/∂W = δ·xᵀ) — the centring and scale verdicts separate the two. */
static const ts_verdict SCALING_VERDICTS[] = {
    {.claim = "Normalize is not needed, pixels being bounded", .measure = FINAL_TEST, .baseline = TS_ARM(DATASET),
     .arms = {TS_ARM(RAW), TS_ARM(TO_TENSOR)}, .narms = 2, .expect = 0,
     .contradicted = "bounded is not enough here: raw 0–255 or ToTensor's 0–1 ends at a different accuracy than "
                     "the standardised inputs (the rows marked yes; the sign of the difference says which way).",
     .no_difference = "neither raw 0–255 nor ToTensor's 0–1 differs from standardised inputs beyond the noise at "
                      "this learning rate."},
    {.claim = "Normalize(0.5, 0.5), \"generally used\", does as well as the data set's own statistics",
     .measure = FINAL_TEST, .baseline = TS_ARM(DATASET), .arms = {TS_ARM(HALF)}, .narms = 1, .expect = 0,
     .contradicted = "(0.5, 0.5) ends at a different accuracy than the data set's mean/std (the sign says which "
                     "way); on this data set it does not standardise (the inputs' mean and std are above).",
     .no_difference = "no difference beyond the noise, although (0.5, 0.5) does not standardise this data set "
                      "(see the inputs' mean and std above)."},
    {.claim = "ImageNet's statistics do as well as the data set's own", .measure = FINAL_TEST,
     .baseline = TS_ARM(DATASET), .arms = {TS_ARM(IMAGENET)}, .narms = 1, .expect = 0,
     .contradicted = "ImageNet's mean/std end at a different accuracy than the data set's own.",
     .no_difference = "no difference beyond the noise, although ImageNet's statistics leave these inputs far "
                      "from mean 0 and std 1 (see above)."},
    {.claim = "Centring the inputs helps (same std of 1)", .measure = FINAL_TEST, .baseline = TS_ARM(SCALED),
     .arms = {TS_ARM(DATASET)}, .narms = 1, .expect = +1,
     .confirmed = "subtracting the mean raised the accuracy at the same scale.",
     .contradicted = "subtracting the mean lowered the accuracy at the same scale.",
     .no_difference = "subtracting the mean made no difference beyond the noise at the same scale."},
    {.claim = "Scaling the inputs to std 1 helps (neither centred)", .measure = FINAL_TEST,
     .baseline = TS_ARM(TO_TENSOR), .arms = {TS_ARM(SCALED)}, .narms = 1, .expect = +1,
     .confirmed = "dividing ToTensor's 0–1 by the data set's std raised the accuracy without centring.",
     .contradicted = "dividing by the data set's std lowered the accuracy.",
     .no_difference = "dividing by the data set's std made no difference beyond the noise."},
};
static const ts_trend LARGER_INPUTS = {
    .claim = "At one learning rate, larger inputs train further", .measure = FINAL_TEST,
    .x_name = "log2 of the inputs' std", .x = LOG2_STD, .per = "per doubling of the inputs' std",
    .variants = {TO_TENSOR, HALF, DATASET, SCALED, IMAGENET}, .nvariants = 5, .expect = +1,
    .confirmed = "across the five scalings of ToTensor's 0–1, the final accuracy rises with the inputs' scale "
                 "(raw pixels, 255 times larger, are left out: they are judged above).",
    .contradicted = "across the five scalings of ToTensor's 0–1, the final accuracy falls as the inputs' scale "
                    "grows.",
    .no_difference = "no trend with the inputs' scale beyond the noise across the five scalings of 0–1."};

/* ------------------------------------------------------------------ the report's parts */

static int transforms_part(ts_lesson *L, ts_report *r) {
    const ts_chart chart = {.dir = L->out_dir, .name = "gallery",
                            .title = "Three test images (1-3), two random draws each (a, b)"};
    if (ts_lesson_part_begin(L, "1. What does each transform do? The gallery, and ToPILImage's round trip.") != TS_OK ||
        ts_chart_transform_gallery(&chart, &L->test, GALLERY_CLASSES, 3, 2, GALLERY_SPECS, GALLERY_LABELS,
                                   NGALLERY) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "1. What each transform does");
    ts_report_printf(r, "Three test images, each drawn twice through every transform (a and b: two random draws; "
                        "a deterministic transform gives the same picture twice). Outputs smaller than the largest "
                        "one sit on white. The last row is ToPILImage after Normalize.\n\n");
    ts_lesson_chart(L, r, "gallery", "every transform of the seed's list on the same images: check that each does what its name says");
    ts_report_printf(r, "`ToPILImage` turns a float tensor into 8-bit values (torchvision: `pic.mul(255).byte()`). "
                        "Measured on the first 1000 test images, each pipeline with and without `ToPILImage,ToTensor` "
                        "at its end:\n\n| round trip | values changed | largest change (1/255, rounded down) | mean "
                        "change (1/255) |\n|---|---|---|---|\n");
    for (int k = 0; k < NROUND_TRIPS; k++) {
        ts_transform_difference d;
        if (ts_transform_compare(ROUND_TRIPS[k].without, ROUND_TRIPS[k].with, &L->test, 1000, 1, &d)) return TS_ERR;
        const double largest = floor(255e4 * d.max_abs) / 1e4; /* rounded down: 0.99996 is not a whole step */
        ts_report_printf(r, "| %s | %.1f%% | %.4f | %+.3f |\n", ROUND_TRIPS[k].label, 100 * d.changed, largest,
                         255 * d.mean);
        ts_say(L, "  ToPILImage round trip %s: %.1f%% of the values changed, by at most %.4f/255\n",
               ROUND_TRIPS[k].label, 100 * d.changed, largest);
    }
    ts_report_printf(r, "\n");
    return TS_OK;
}

static int snippets_part(ts_lesson *L, ts_report *r) {
    if (ts_lesson_part_begin(L, "2. The seed's snippets, run: what does the transform parser say to each "
                                "mistake?") != TS_OK)
        return TS_ERR;
    ts_report_section(r, "2. The seed's snippets, run");
    ts_report_printf(r, "Each mistake in the seed's code, in the notation of the transform-spec parser "
                        "(`lib/data/transform_parse.c`, the C `Compose`), and the error line the library gives. "
                        "Python's errors for the seed's own lines are in `lessons/lesson-1-data.md`.\n\n"
                        "| mistake | spec | the library says |\n|---|---|---|\n");
    for (int k = 0; k < NMISTAKES; k++) {
        ts_transform *t = ts_transform_parse(SNIPPET_MISTAKES[k].spec);
        const char *said = t ? "(accepted)" : ts_error();
        ts_report_printf(r, "| %s | `%s` | `%s` |\n", SNIPPET_MISTAKES[k].mistake, SNIPPET_MISTAKES[k].spec, said);
        ts_say(L, "  %s\n    %s\n", SNIPPET_MISTAKES[k].spec, said);
        ts_transform_free(t);
    }
    ts_report_printf(r, "\n");
    return TS_OK;
}

static int augment_part(ts_lesson *L, ts_report *r, ts_study *s) {
    const ts_run_config c = ts_study_config(L, s, NONE);
    if (ts_lesson_part_begin(L, "3. Does augmentation reduce overfitting? %d training images, %d epochs, batch %d.",
                             c.train_size, c.epochs, c.batch_size) != TS_OK ||
        ts_study_run(L, s) != TS_OK ||
        ts_study_chart_bars(L, s, "augment-gap", "Overfitting at the end", &AUGMENT_VERDICTS[0].measure,
                            "train - test accuracy (points, mean ± std)", 0) != TS_OK ||
        ts_study_chart_curves_scaled(L, s, "augment-train-accuracy", "Clean-pass train accuracy", "train_eval",
                                     "accuracy", 100, "train accuracy (%)", 0) != TS_OK ||
        ts_study_chart_bars(L, s, "augment-final-accuracy", "Augmentation: final test accuracy", &AUGMENT_COLUMNS[0],
                            "final test accuracy (%)", 0) != TS_OK ||
        ts_study_chart_curves_scaled(L, s, "augment-test-accuracy", "Augmentation: test accuracy", "test",
                                     "accuracy", 100, "test accuracy (%)", 0) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "3. Does augmentation reduce overfitting?");
    ts_report_printf(r, "No BN, SGD lr %g momentum %g, batch %d, %d epochs on only %d training images, tested on "
                        "%d. The clean pass scores the network after each epoch on the same training images without "
                        "augmentation, in eval mode — the running accuracy during an epoch is on augmented images.\n\n",
                     c.lr, c.momentum, c.batch_size, c.epochs, c.train_size, c.test_size);
    ts_report_study_table(r, s, AUGMENT_COLUMNS, 5, 0);
    ts_lesson_chart(L, r, "augment-gap", "train − test accuracy at the end, ± std over seeds: a lower bar means less overfitting");
    ts_lesson_chart(L, r, "augment-train-accuracy", "accuracy on the training images per epoch (clean pass): augmented images are harder to memorise, so look for lower curves");
    ts_lesson_chart(L, r, "augment-final-accuracy", "final test accuracy, ± std over seeds: the verdicts compare these bars");
    ts_lesson_chart(L, r, "augment-test-accuracy", "test accuracy per epoch: where the curves tangle, read the bars");
    for (size_t k = 0; k < sizeof AUGMENT_VERDICTS / sizeof *AUGMENT_VERDICTS; k++)
        ts_verdict_report(L, r, s, &AUGMENT_VERDICTS[k]);
    return TS_OK;
}

static int scaling_part(ts_lesson *L, ts_report *r, ts_study *s, double mean, double std) {
    const ts_run_config c = ts_study_config(L, s, TO_TENSOR);
    if (ts_lesson_part_begin(L, "4. How should the inputs be scaled? SGD lr %g momentum %g, %d epochs on %d images, "
                             "six scalings.", c.lr, c.momentum, c.epochs, c.train_size) != TS_OK ||
        ts_study_run(L, s) != TS_OK ||
        ts_study_chart_curves(L, s, "scaling-train-loss", "Scaling: training loss", "train", "loss",
                              "training cross-entropy", 5) != TS_OK ||
        ts_study_chart_curves_scaled(L, s, "scaling-test-accuracy", "Scaling: test accuracy", "test", "accuracy",
                                     100, "test accuracy (%)", 5) != TS_OK)
        return TS_ERR;
    ts_report_section(r, "4. How should the inputs be scaled?");
    ts_report_printf(r, "The same network and learning rate (SGD %g, momentum %g, batch %d), %d epochs on %d images, "
                        "tested on %d, with six input scalings applied to training and test images alike. ImageNet's "
                        "statistics are the seed's per-channel values in grey (0.299 R + 0.587 G + 0.114 B).\n\n"
                        "| input | transform | inputs' mean | inputs' std |\n|---|---|---|---|\n",
                     c.lr, c.momentum, c.batch_size, c.epochs, c.train_size, c.test_size);
    for (int v = 0; v < NSCALING; v++)
        ts_report_printf(r, "| %s | `%s` | %.2f | %.2f |\n", SCALING[v].label, SPEC[v], (mean - SHIFT[v]) / SCALE[v],
                         std / SCALE[v]);
    ts_report_printf(r, "\n");
    ts_report_study_table(r, s, SCALING_COLUMNS, 3, 0);
    ts_lesson_chart(L, r, "scaling-train-loss", "training loss per epoch at one lr: look at the order of the curves — larger inputs take larger steps (a diverged run has no line)");
    ts_lesson_chart(L, r, "scaling-test-accuracy", "test accuracy per epoch: which scalings end together, and which apart?");
    for (size_t k = 0; k < sizeof SCALING_VERDICTS / sizeof *SCALING_VERDICTS; k++)
        ts_verdict_report(L, r, s, &SCALING_VERDICTS[k]);
    ts_trend_report(L, r, s, &LARGER_INPUTS);
    return TS_OK;
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    ts_lesson_set_seeds(L, 1, 2, 5); /* verdicts here turn on a point or two */
    /* a training subset small enough to overfit, scored each epoch by the clean pass too */
    const ts_run_config small = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 32, .eval_batch_size = 200, .eval_train = 1,
                                 .epochs = ts_by_preset(L, 2, 10, 30), .train_size = ts_by_preset(L, 256, 1000, 3000),
                                 .test_size = ts_by_preset(L, 500, 1000, 4000)};
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 64, .eval_batch_size = 200,
                                .epochs = ts_by_preset(L, 1, 3, 6), .train_size = ts_by_preset(L, 512, 4000, 12000),
                                .test_size = ts_by_preset(L, 500, 2000, 5000)};
    ts_study augment = {.name = "augment", .title = "Augmentation on a small training set", .base = small,
                        .variants = AUGMENT, .nvariants = NAUGMENT};
    ts_study scaling = {.name = "scaling", .title = "Input scaling at one learning rate", .base = base,
                        .variants = SCALING, .nvariants = NSCALING};
    ts_study *studies[] = {&augment, &scaling};
    double mean, std;
    ts_report r;
    if (ts_dataset_mean_std(&L->train, &mean, &std) != TS_OK ||
        ts_lesson_report_open(L, &r, "Lesson 1 — Data augmentation and normalization", 1, __FILE__, NULL) != TS_OK)
        return TS_ERR;
    set_scalings(mean, std);
    for (int i = 0; i < 2; i++) ts_lesson_plan(L, studies[i]);
    ts_report_key_chart(&r, "augment-gap", "the train − test gap with and without augmentation");
    ts_say(L, "Fashion-MNIST's training set, pixel/255: mean %.4f, std %.4f (all %d images, one exact pass).\n", mean,
           std, L->train.n);
    int status = transforms_part(L, &r);
    if (status == TS_OK) status = snippets_part(L, &r);
    if (status == TS_OK) status = augment_part(L, &r, &augment);
    if (status == TS_OK) status = scaling_part(L, &r, &scaling, mean, std);
    if (status == TS_OK) status = ts_lesson_write_tables(L, studies, 2, 0.80);
    status = ts_lesson_finish(L, &r, status);
    for (int i = 0; i < 2; i++) ts_study_free(studies[i]); /* also after an error or Ctrl-C */
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-1", DESCRIPTION, run_lesson); }
