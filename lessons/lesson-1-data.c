/* Lesson 1 — Data: augmentation and normalization (seed section 1).
 *
 *   make lesson-1                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-1-data --preset full --out results/lesson-1
 *
 * Four parts on Fashion-MNIST with the seed's CNN (no BN, SGD 0.01 momentum 0.9):
 *   1. A gallery: the same test images under every transform of the seed's list, two random
 *      draws each — what each one does, at a glance.
 *   2. Augmentation on a training subset small enough to overfit: none / flip / crop with
 *      padding / erasing / all combined. The gap between accuracy on the (un-augmented)
 *      training images and on the test images measures overfitting. Claim under test:
 *      augmentation fights overfitting and raises test accuracy (seed 1.1). Also measured:
 *      training throughput with augmentation on the loader's prefetch thread.
 *   3. Input scaling at one learning rate: raw 0–255, ToTensor's 0–1, Normalize(0.5, 0.5),
 *      the data set's own mean/std, and ImageNet's. Claim: normalised inputs train better
 *      (seed 1.2) — and the seed's doubt: "pixels are bounded anyway, so normalising may
 *      not be needed".
 *   4. The seed's questions answered from the data: does Normalize matter, and are the
 *      ImageNet statistics right for this data set?
 * Every verdict is computed from the measurements. The library code this lesson exercises:
 * lib/data/transform*.c (the transforms), lib/data/loader.c + prefetch.c (augmentation off
 * the training thread), lib/data/mean_std.c (the data set's statistics). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/ablation.h"
#include "../lib/plot/chart.h"
#include "../lib/plot/report.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 1 (seed section 1): a gallery of every transform, augmentation and input-scaling\n"
    "ablations on Fashion-MNIST with the seed's CNN; writes runs.csv, summary.csv, charts and\n"
    "REPORT.md to the output directory.";

static const double THRESHOLD = 0.80; /* "epochs to reach 80% test accuracy" */

/* ------------------------------------------------------------------ 1. the gallery */

/* Each row: a label and the pipeline drawn (ToTensor is there so every tile is on 0..1). */
static const struct {
    const char *label, *spec;
} GALLERY[] = {
    {"original", "ToTensor"},
    {"CenterCrop(20)", "CenterCrop(20),ToTensor"},
    {"Pad(4, fill=128)", "Pad(4,fill=128),ToTensor"},
    {"Pad(4, reflect)", "Pad(4,padding_mode='reflect'),ToTensor"},
    {"Resize(14)", "Resize(14),ToTensor"},
    {"Resize(14, nearest)", "Resize(14,interpolation='nearest'),ToTensor"},
    {"RandomCrop(28, padding=4)", "RandomCrop(28,padding=4),ToTensor"},
    {"RandomHorizontalFlip(0.5)", "RandomHorizontalFlip(0.5),ToTensor"},
    {"RandomVerticalFlip(0.5)", "RandomVerticalFlip(0.5),ToTensor"},
    {"ColorJitter(0.6, 0.6)", "ColorJitter(brightness=0.6,contrast=0.6),ToTensor"},
    {"GaussianBlur(5)", "GaussianBlur(5),ToTensor"},
    {"RandomErasing(0.5)", "ToTensor,RandomErasing(0.5)"},
    {"RandomErasing(1, 'random')", "ToTensor,RandomErasing(p=1,value='random')"},
};
enum { NGALLERY = sizeof GALLERY / sizeof *GALLERY, GALLERY_IMAGES = 3, DRAWS = 2 };
static const int GALLERY_CLASSES[GALLERY_IMAGES] = {0, 7, 9}; /* T-shirt, sneaker, ankle boot */

/* Tiles as large as the largest output; a smaller output sits in the middle on white, so a
   crop looks smaller and a pad larger — as they are. */
static int draw_gallery(ts_lesson *L) {
    const ts_dataset *ds = &L->test;
    int sample[GALLERY_IMAGES];
    for (int g = 0; g < GALLERY_IMAGES; g++) {
        sample[g] = 0;
        while (sample[g] < ds->n - 1 && ds->labels[sample[g]] != GALLERY_CLASSES[g]) sample[g]++;
    }
    ts_transform *t[NGALLERY] = {0};
    int tile = 0, status = TS_ERR;
    float *pixels = NULL, *out = NULL, *work = NULL;
    size_t work_floats = 0;
    for (int r = 0; r < NGALLERY; r++) {
        int c, h, w;
        if (!(t[r] = ts_transform_parse(GALLERY[r].spec)) ||
            ts_transform_out_shape(t[r], ds->c, ds->h, ds->w, &c, &h, &w) != TS_OK)
            goto done;
        tile = h > tile ? h : tile, tile = w > tile ? w : tile;
        const size_t need = ts_transform_work_floats(t[r], ds->c, ds->h, ds->w);
        work_floats = need > work_floats ? need : work_floats;
    }
    enum { COLS = GALLERY_IMAGES * DRAWS };
    const size_t tile_px = (size_t)tile * tile;
    pixels = malloc((size_t)NGALLERY * COLS * tile_px * sizeof *pixels);
    out = malloc(tile_px * ds->c * sizeof *out);
    work = malloc((work_floats ? work_floats : 1) * sizeof *work);
    if (!pixels || !out || !work) {
        ts_fail("gallery: out of memory");
        goto done;
    }
    for (int r = 0; r < NGALLERY; r++)
        for (int col = 0; col < COLS; col++) {
            const int g = col / DRAWS, s = sample[g];
            int c, h, w;
            ts_transform_out_shape(t[r], ds->c, ds->h, ds->w, &c, &h, &w);
            ts_rng rng = ts_rng_derive(1, (uint64_t)r, (uint64_t)col); /* draw `col % DRAWS` of row r */
            const size_t per = (size_t)ds->c * ds->h * ds->w;
            if (ts_transform_apply(t[r], ds->images + (size_t)s * per, ds->c, ds->h, ds->w, &rng, work, out) != TS_OK)
                goto done;
            float *dst = pixels + ((size_t)r * COLS + col) * tile_px;
            for (size_t k = 0; k < tile_px; k++) dst[k] = 1.0f;
            const int top = (tile - h) / 2, left = (tile - w) / 2;
            for (int i = 0; i < h; i++) memcpy(dst + (size_t)(top + i) * tile + left, out + (size_t)i * w, w * sizeof *out);
        }
    const char *rows[NGALLERY], *cols[COLS] = {"1a", "1b", "2a", "2b", "3a", "3b"};
    for (int r = 0; r < NGALLERY; r++) rows[r] = GALLERY[r].label;
    const ts_chart chart = {.dir = L->out_dir, .name = "gallery",
                            .title = "Three test images (1-3), two random draws each (a, b)"};
    status = ts_chart_images(&chart, NGALLERY, COLS, tile, tile, pixels, 0.0f, 1.0f, rows, cols, NULL);
done:
    for (int r = 0; r < NGALLERY; r++) ts_transform_free(t[r]);
    free(pixels);
    free(out);
    free(work);
    return status;
}

/* ------------------------------------------------------------------ 2. augmentation */

#define CROP "RandomCrop(28,padding=2)"
#define FLIP "RandomHorizontalFlip(0.5)"
#define ERASE "RandomErasing(0.5)"
static void flip(ts_run_config *c) { c->train_transform = FLIP ",ToTensor"; }
static void crop(ts_run_config *c) { c->train_transform = CROP ",ToTensor"; }
static void erase(ts_run_config *c) { c->train_transform = "ToTensor," ERASE; }
static void all(ts_run_config *c) { c->train_transform = CROP "," FLIP ",ToTensor," ERASE; }

static const ts_variant AUGMENT[] = {
    {"none", "no augmentation", NULL},
    {"flip", "horizontal flip", flip},
    {"crop", "crop, padding 2", crop},
    {"erasing", "random erasing", erase},
    {"all", "crop + flip + erasing", all},
};
enum { NONE, NAUGMENT = sizeof AUGMENT / sizeof *AUGMENT, ALL = NAUGMENT - 1 };

/* ------------------------------------------------------------------ 3. input scaling */

/* Set in run_lesson from the measured statistics, before the study runs: the spec is part of
   each run's configuration, so different numbers are a different run. */
static char DATASET_NORMALIZE[96];
/* ImageNet's per-channel statistics, as the seed quotes them, reduced to one grey channel
   with the luminance weights that Grayscale uses (0.299 R + 0.587 G + 0.114 B). */
static const double IMAGENET_MEAN[3] = {0.485, 0.456, 0.406}, IMAGENET_STD[3] = {0.229, 0.224, 0.225};
static const double LUMA[3] = {0.299, 0.587, 0.114};
static char IMAGENET_NORMALIZE[96];
static double imagenet_mean, imagenet_std;

static void raw(ts_run_config *c) { c->train_transform = c->test_transform = "none"; }
static void half(ts_run_config *c) { c->train_transform = c->test_transform = "ToTensor,Normalize(0.5,0.5)"; }
static void dataset_stats(ts_run_config *c) { c->train_transform = c->test_transform = DATASET_NORMALIZE; }
static void imagenet(ts_run_config *c) { c->train_transform = c->test_transform = IMAGENET_NORMALIZE; }

static const ts_variant SCALING[] = {
    {"raw", "raw 0-255", raw},
    {"to-tensor", "ToTensor 0-1", NULL},
    {"half", "Normalize(0.5, 0.5)", half},
    {"dataset", "data set mean/std", dataset_stats},
    {"imagenet", "ImageNet mean/std", imagenet},
};
enum { RAW, TO_TENSOR, HALF, DATASET, IMAGENET, NSCALING };

/* ------------------------------------------------------------------ verdict helpers */

static void pct(ts_stat s, char *buf) { ts_stat_format(s, 100.0, 1, buf, 48); }

/* Images per second of training: the epochs' own seconds (evaluation excluded), from the
   second epoch on when there is one — the first run of a process also pays for starting
   the threads and touching fresh memory. */
static ts_stat throughput(const ts_study *s, int v) {
    double rate[128];
    const int n = s->seeds < 128 ? s->seeds : 128;
    for (int k = 0; k < n; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        const int epochs = ts_record_last_epoch(rec, "train", "seconds"), first = epochs > 1 ? 2 : 1;
        double seconds = 0.0;
        for (int e = first; e <= epochs; e++) seconds += ts_record_get(rec, "train", "seconds", e);
        rate[k] = seconds > 0 ? (double)(epochs - first + 1) * s->base.train_size / seconds : NAN;
    }
    return ts_stat_of(rate, n);
}

static void augment_table(ts_report *r, const ts_study *s) {
    ts_report_printf(r, "| augmentation | final test acc. (%%) | best test acc. (%%) | final train acc., eval mode "
                        "(%%) | train − test (points) | training images/s |\n|---|---|---|---|---|---|\n");
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48], d[48];
        pct(ts_study_stat(s, v, "test", "accuracy", -1), a);
        pct(ts_study_best(s, v, "test", "accuracy"), b);
        pct(ts_study_stat(s, v, "train_eval", "accuracy", -1), c);
        pct(ts_study_gap(s, v, "train_eval", "test", "accuracy"), d);
        const ts_stat rate = throughput(s, v);
        ts_report_printf(r, "| %s | %s | %s | %s | %s | %.0f ± %.0f |\n", s->variants[v].label, a, b, c, d, rate.mean,
                         rate.std);
    }
    ts_report_printf(r, "\n");
}

static void augment_verdict(ts_lesson *L, ts_report *r, const ts_study *s) {
    char a[48], b[48];
    const ts_stat gap_none = ts_study_gap(s, NONE, "train_eval", "test", "accuracy");
    const ts_stat gap_all = ts_study_gap(s, ALL, "train_eval", "test", "accuracy");
    pct(gap_none, a), pct(gap_all, b);
    const int narrower = ts_stat_compare(gap_none, gap_all);
    ts_report_verdict(r, "- **Overfitting.** Train − test accuracy gap without augmentation: %s points; with crop + "
                         "flip + erasing: %s: %s\n", a, b,
                      ts_compare_text(s->seeds, narrower, "augmentation narrows the gap — as the seed says.",
                                      "augmentation widens the gap — this contradicts the textbook.",
                                      "the change is within the seed-to-seed noise."));
    ts_say(L, "  gap none %s vs all %s points -> %s\n", a, b,
           ts_compare_text(s->seeds, narrower, "narrower with augmentation", "wider with augmentation", "within noise"));
    /* test accuracy: every augmentation against none */
    const ts_stat none = ts_study_stat(s, NONE, "test", "accuracy", -1);
    pct(none, b);
    ts_report_verdict(r, "- **Test accuracy** (no augmentation: %s%%):", b);
    int best = 0;
    for (int v = 1; v < s->nvariants; v++) {
        const ts_stat x = ts_study_stat(s, v, "test", "accuracy", -1);
        pct(x, a);
        ts_report_verdict(r, " %s %s%%%s%s%s;", s->variants[v].label, a, s->seeds > 1 ? " (" : "",
                          s->seeds > 1 ? ts_compare_text(s->seeds, ts_stat_compare(x, none), "better", "worse",
                                                         "within noise") : "",
                          s->seeds > 1 ? ")" : "");
        if (x.mean > ts_study_stat(s, best, "test", "accuracy", -1).mean) best = v;
    }
    const int helps = ts_stat_compare(ts_study_stat(s, best, "test", "accuracy", -1), none);
    ts_report_verdict(r, " %s\n", s->seeds < 2 ? ts_compare_text(1, 0, "", "", "")
                                  : best == NONE ? "no augmentation beat training without it here."
                                  : helps > 0 ? "augmentation raised test accuracy beyond the noise, as the seed says."
                                              : "the best augmentation is ahead on average but within the noise.");
    ts_say(L, "  best test accuracy: %s\n", s->variants[best].label);
    /* the loader's promise: augmentation on the prefetch thread does not slow training */
    const ts_stat plain = throughput(s, NONE), heavy = throughput(s, ALL);
    const double ratio = heavy.mean / plain.mean;
    ts_report_verdict(r, "- **Cost.** Training ran at %.0f images/s without augmentation and %.0f with crop + flip + "
                         "erasing on the loader's prefetch thread (%.0f%%): %s\n",
                      plain.mean, heavy.mean, 100 * ratio,
                      ratio >= 0.9 ? "augmentation off the training thread is almost free."
                                   : "augmentation slowed training by more than 10% on this machine.");
    ts_say(L, "  throughput: %.0f images/s plain, %.0f with all augmentations (%.0f%%)\n", plain.mean, heavy.mean,
           100 * ratio);
}

/* What each scaling makes of the data: the inputs' mean and std, from the data set's. */
static void input_moments(int v, double mean, double std, double *in_mean, double *in_std) {
    static const double shift_scale[NSCALING][2] = {{0, 1.0 / 255}, {0, 1}, {0.5, 0.5}, {0, 0}, {0, 0}};
    double shift = shift_scale[v][0], scale = shift_scale[v][1];
    if (v == DATASET) shift = mean, scale = std;
    if (v == IMAGENET) shift = imagenet_mean, scale = imagenet_std;
    *in_mean = (mean - shift) / scale, *in_std = std / scale;
}

static void scaling_table(ts_report *r, const ts_study *s, double mean, double std) {
    ts_report_printf(r, "| input | inputs' mean, std | train loss, epoch 1 | final train loss | final test acc. (%%) | "
                        "epochs to %.0f%% | diverged |\n|---|---|---|---|---|---|---|\n", 100 * THRESHOLD);
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48], d[48];
        double in_mean, in_std;
        input_moments(v, mean, std, &in_mean, &in_std);
        ts_stat_format(ts_study_stat(s, v, "train", "loss", 1), 1.0, 3, a, sizeof a);
        ts_stat_format(ts_study_stat(s, v, "train", "loss", -1), 1.0, 3, b, sizeof b);
        pct(ts_study_stat(s, v, "test", "accuracy", -1), c);
        const ts_stat to = ts_study_epochs_to(s, v, "test", "accuracy", THRESHOLD);
        if (to.n == 0) snprintf(d, sizeof d, "never");
        else ts_stat_format(to, 1.0, 1, d, sizeof d);
        ts_report_printf(r, "| %s | %.2f, %.2f | %s | %s | %s | %s | %d of %d |\n", s->variants[v].label, in_mean,
                         in_std, a, b, c, d, ts_study_diverged(s, v), s->seeds);
    }
    ts_report_printf(r, "\n");
}

/* Spearman's rank correlation of x and y (n ≤ NSCALING, no ties expected; ties get the
   order of their index). */
static double rank_correlation(const double *x, const double *y, int n) {
    double rx[NSCALING], ry[NSCALING], d2 = 0.0;
    for (int i = 0; i < n; i++) {
        rx[i] = ry[i] = 0;
        for (int j = 0; j < n; j++) {
            rx[i] += x[j] < x[i] || (x[j] == x[i] && j < i);
            ry[i] += y[j] < y[i] || (y[j] == y[i] && j < i);
        }
        d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
    }
    return 1.0 - 6.0 * d2 / (n * (double)(n * n - 1));
}

/* Comparing two inputs by final test accuracy; a run that diverged counts as failed. */
static int compare_inputs(const ts_study *s, int a, int b) {
    const int da = ts_study_diverged(s, a), db = ts_study_diverged(s, b);
    if (da != db) return da < db ? 1 : -1;
    return ts_stat_compare(ts_study_stat(s, a, "test", "accuracy", -1), ts_study_stat(s, b, "test", "accuracy", -1));
}

static void scaling_verdict(ts_lesson *L, ts_report *r, const ts_study *s, double mean, double std) {
    char a[48], b[48];
    /* the inputs' scale and the result of each scaling; the pattern needs all five */
    double scale[NSCALING], accuracy[NSCALING];
    int usable = 1;
    for (int v = 0; v < NSCALING; v++) {
        double in_mean;
        input_moments(v, mean, std, &in_mean, &scale[v]);
        accuracy[v] = ts_study_stat(s, v, "test", "accuracy", -1).mean;
        usable &= isfinite(accuracy[v]) && ts_study_diverged(s, v) == 0;
    }
    pct(ts_study_stat(s, RAW, "test", "accuracy", -1), a);
    pct(ts_study_stat(s, TO_TENSOR, "test", "accuracy", -1), b);
    const int raw_vs = compare_inputs(s, TO_TENSOR, RAW);
    ts_report_verdict(r, "- **Raw pixels.** With inputs of 0–255, %d of %d runs diverged%s%s%s; ToTensor's 0–1 "
                         "reaches %s%%: %s\n",
                      ts_study_diverged(s, RAW), s->seeds, ts_study_diverged(s, RAW) < s->seeds ? ", the rest end at " : "",
                      ts_study_diverged(s, RAW) < s->seeds ? a : "", ts_study_diverged(s, RAW) < s->seeds ? "%" : "", b,
                      ts_compare_text(s->seeds, raw_vs,
                                      "at a learning rate that suits 0–1 inputs, 255× larger inputs make 255× larger "
                                      "first-layer gradients — scaling is not optional.",
                                      usable ? "raw pixels trained further in this budget — see the pattern below."
                                             : "raw pixels trained further in this budget.",
                                      "no difference beyond the noise."));
    ts_say(L, "  raw 0-255: %d of %d diverged; ToTensor %s%%\n", ts_study_diverged(s, RAW), s->seeds, b);
    pct(ts_study_stat(s, DATASET, "test", "accuracy", -1), a);
    const int norm_vs = compare_inputs(s, DATASET, TO_TENSOR);
    ts_report_verdict(r, "- **Does Normalize matter when pixels are already bounded?** ToTensor alone: %s%%; "
                         "Normalize with the data set's mean %.4f and std %.4f: %s%%: %s\n",
                      b, mean, std, a,
                      ts_compare_text(s->seeds, norm_vs,
                                      "standardising helps even though 0–1 is already bounded: centred inputs of unit "
                                      "scale suit the initialisation and the learning rate.",
                                      "ToTensor alone did better — here standardising did not help.",
                                      "no difference beyond the noise — once pixels are in 0–1 the seed's doubt holds "
                                      "at this learning rate and length of training."));
    ts_say(L, "  dataset mean/std %s%% vs ToTensor %s%% -> %s\n", a, b,
           ts_compare_text(s->seeds, norm_vs, "Normalize helps", "ToTensor better", "within noise"));
    /* ImageNet's statistics on this data: the normalised inputs' actual mean and std */
    const double shifted_mean = (mean - imagenet_mean) / imagenet_std, scaled_std = std / imagenet_std;
    pct(ts_study_stat(s, IMAGENET, "test", "accuracy", -1), b);
    const int imagenet_vs = compare_inputs(s, DATASET, IMAGENET);
    ts_report_verdict(r, "- **Are ImageNet's mean/std right for Fashion-MNIST?** Normalize(%.3f, %.3f) (ImageNet's "
                         "statistics in grey) leaves these inputs with mean %.2f and std %.2f instead of 0 and 1 — "
                         "they describe a different data set. Trained: %s%% vs %s%% with the data set's own: %s\n",
                      imagenet_mean, imagenet_std, shifted_mean, scaled_std, b, a,
                      ts_compare_text(s->seeds, imagenet_vs, "the data set's own statistics train better.",
                                      "ImageNet's did better here.",
                                      "the trained networks do not differ beyond the noise: a shift and scale this "
                                      "small is absorbed by the first layer."));
    ts_say(L, "  ImageNet stats give mean %.2f std %.2f; accuracy %s%% vs dataset stats %s%%\n", shifted_mean,
           scaled_std, b, a);
    /* the pattern across all five: does the input scale order the results? */
    if (usable) {
        const double rho = rank_correlation(scale, accuracy, NSCALING);
        ts_report_verdict(r, "- **The pattern.** Ranked by the inputs' standard deviation and by final test accuracy, "
                             "the five scalings have a rank correlation of %+.2f: %s\n", rho,
                          rho >= 0.7 ? "the larger the inputs, the further training got. At a fixed learning rate the "
                                       "input scale multiplies the first layer's gradient (∂L/∂W = δ·xᵀ), so it acts "
                                       "like a larger learning rate — \"normalised inputs train better\" holds only "
                                       "together with a learning rate tuned for them."
                          : rho <= -0.7 ? "the smaller the inputs, the further training got — larger inputs hurt at "
                                          "this learning rate, as the textbook expects."
                                        : "no monotone relation between input scale and result here.");
        ts_say(L, "  rank correlation of input std and test accuracy: %+.2f\n", rho);
    }
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    const ts_run_config base = {.lr = 0.01f, .momentum = 0.9f, .batch_size = 64,
                                .epochs = ts_by_preset(L, 1, 3, 8),
                                .train_size = ts_by_preset(L, 512, 4000, 12000),
                                .test_size = ts_by_preset(L, 500, 2000, 10000), .eval_batch_size = 200};
    ts_study augment = {.name = "augment", .title = "Augmentation on a small training set", .base = base,
                        .variants = AUGMENT, .nvariants = NAUGMENT};
    augment.base.train_size = ts_by_preset(L, 256, 1000, 3000);
    augment.base.test_size = ts_by_preset(L, 500, 2000, 5000);
    augment.base.epochs = ts_by_preset(L, 2, 10, 30);
    augment.base.batch_size = 32;
    augment.base.eval_train = 1;
    ts_study scaling = {.name = "scaling", .title = "Input scaling at one learning rate", .base = base,
                        .variants = SCALING, .nvariants = NSCALING};
    ts_study *studies[] = {&augment, &scaling};
    const int nstudies = 2;
    int status = TS_ERR;

    /* the data set's statistics (training set), and ImageNet's in grey */
    double mean, std;
    if (ts_dataset_mean_std(&L->train, &mean, &std) != TS_OK) return TS_ERR;
    imagenet_mean = imagenet_std = 0.0;
    for (int ch = 0; ch < 3; ch++) imagenet_mean += LUMA[ch] * IMAGENET_MEAN[ch], imagenet_std += LUMA[ch] * IMAGENET_STD[ch];
    snprintf(DATASET_NORMALIZE, sizeof DATASET_NORMALIZE, "ToTensor,Normalize(%.4f,%.4f)", mean, std);
    snprintf(IMAGENET_NORMALIZE, sizeof IMAGENET_NORMALIZE, "ToTensor,Normalize(%.3f,%.3f)", imagenet_mean, imagenet_std);
    for (int i = 0; i < nstudies; i++) ts_lesson_plan(L, studies[i]);

    ts_say(L, "Lesson 1 — Data augmentation and normalization (seed section 1)\n"
              "preset %s: %d seed%s per variant, %d threads, data %s\n\n", L->preset_name, L->seeds,
           L->seeds > 1 ? "s" : "", L->threads, L->data_dir);
    ts_say(L, "Fashion-MNIST's training set, pixel/255: mean %.4f, std %.4f (all %d images, one exact pass).\n\n",
           mean, std, L->train.n);
    ts_say(L, "1. What does each transform do? Drawing the gallery (%d transforms, 3 images, 2 draws each).\n",
           NGALLERY);
    if (draw_gallery(L) != TS_OK) goto done;
    ts_say(L, "\n2. Does augmentation reduce overfitting? %d training images, %d epochs, batch %d.\n"
              "   After each epoch the network is also scored on its (un-augmented) training images in eval mode.\n",
           ts_study_config(L, &augment, 0).train_size, ts_study_config(L, &augment, 0).epochs,
           ts_study_config(L, &augment, 0).batch_size);
    if (ts_study_run(L, &augment) != TS_OK) goto done;
    ts_say(L, "\n3. How should the inputs be scaled? SGD lr %g momentum %g, %d epochs on %d images, five scalings.\n",
           base.lr, base.momentum, ts_study_config(L, &scaling, 0).epochs, ts_study_config(L, &scaling, 0).train_size);
    if (ts_study_run(L, &scaling) != TS_OK) goto done;

    ts_say(L, "\nWhat was found:\n");
    if (ts_lesson_write_tables(L, studies, nstudies, THRESHOLD) != TS_OK) goto done;
    if (ts_study_chart_curves(L, &augment, "augment-test-accuracy", "Test accuracy by augmentation", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &augment, "augment-train-accuracy",
                              "Accuracy on the training images (eval mode, not augmented)", "train_eval", "accuracy",
                              "train accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &scaling, "scaling-train-loss", "Training loss by input scaling", "train", "loss",
                              "training cross-entropy", 5) != TS_OK ||
        ts_study_chart_curves(L, &scaling, "scaling-test-accuracy", "Test accuracy by input scaling", "test",
                              "accuracy", "test accuracy (fraction)", 5) != TS_OK)
        goto done;
    double gap_mean[NAUGMENT], gap_err[NAUGMENT];
    const char *labels[NAUGMENT];
    int colors[NAUGMENT];
    for (int v = 0; v < NAUGMENT; v++) {
        const ts_stat st = ts_study_gap(&augment, v, "train_eval", "test", "accuracy");
        gap_mean[v] = 100 * st.mean, gap_err[v] = 100 * st.std, labels[v] = AUGMENT[v].label, colors[v] = v;
    }
    const char *one_group[] = {""};
    const ts_chart gap_chart = {.dir = L->out_dir, .name = "augment-gap",
                                .title = "Overfitting: train minus test accuracy (mean ± std over seeds)",
                                .ylabel = "train - test accuracy (points)"};
    if (ts_chart_bars(&gap_chart, one_group, 1, labels, colors, NAUGMENT, gap_mean, gap_err, NULL) != TS_OK) goto done;

    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 1 — Data augmentation and normalization", 1, __FILE__, NULL) != TS_OK)
        goto done;
    ts_report_key_chart(&r, "augment-gap", "the train − test gap with and without augmentation");
    ts_report_section(&r, "1. What each transform does");
    ts_report_printf(&r, "Three test images, each drawn twice through every transform (a and b: two random draws; "
                         "a deterministic transform gives the same picture twice). Outputs smaller than the largest "
                         "one sit on white. On these 1-channel images `Grayscale` is the identity and ColorJitter's "
                         "saturation and hue do not apply (torchvision leaves 1-channel images alone there).\n\n");
    ts_report_chart(&r, "gallery", "every transform of the seed's list");
    ts_report_section(&r, "2. Does augmentation reduce overfitting?");
    ts_report_printf(&r, "No BN, SGD lr %g momentum %g, batch %d, %d epochs on only %d training images, tested on %d. "
                         "Train accuracy is measured after each epoch on the same training images without "
                         "augmentation, in eval mode — the accuracy *during* the epoch would be on augmented images.\n\n",
                     base.lr, base.momentum, ts_study_config(L, &augment, 0).batch_size,
                     ts_study_config(L, &augment, 0).epochs, ts_study_config(L, &augment, 0).train_size,
                     ts_study_config(L, &augment, 0).test_size);
    augment_table(&r, &augment);
    ts_report_chart(&r, "augment-gap", "train − test accuracy at the end");
    ts_report_chart(&r, "augment-train-accuracy", "accuracy on the training images per epoch");
    ts_report_chart(&r, "augment-test-accuracy", "test accuracy per epoch");
    augment_verdict(L, &r, &augment);
    ts_report_section(&r, "3. How should the inputs be scaled?");
    ts_report_printf(&r, "The same network and learning rate (SGD %g, momentum %g, batch %d), %d epochs on %d "
                         "images, tested on %d, with five input scalings applied to training and test images alike: "
                         "`none` (raw 0–255), `ToTensor` (0–1), `ToTensor,Normalize(0.5,0.5)` (−1–1), `%s` (the "
                         "training set's statistics, computed by `ts_dataset_mean_std`) and `%s` (ImageNet's "
                         "statistics, 0.299 R + 0.587 G + 0.114 B of the per-channel values the seed quotes).\n\n",
                     base.lr, base.momentum, base.batch_size, ts_study_config(L, &scaling, 0).epochs,
                     ts_study_config(L, &scaling, 0).train_size, ts_study_config(L, &scaling, 0).test_size,
                     DATASET_NORMALIZE, IMAGENET_NORMALIZE);
    scaling_table(&r, &scaling, mean, std);
    ts_report_chart(&r, "scaling-train-loss", "training loss per epoch (a diverged run has no line)");
    ts_report_chart(&r, "scaling-test-accuracy", "test accuracy per epoch");
    ts_report_section(&r, "4. The seed's questions");
    scaling_verdict(L, &r, &scaling, mean, std);
    if (ts_report_close(&r) != TS_OK) goto done;

    ts_lesson_say_outputs(L);
    status = TS_OK;
done: /* also after an error or Ctrl-C: the finished runs' records are freed */
    for (int i = 0; i < nstudies; i++) ts_study_free(studies[i]);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-1", DESCRIPTION, run_lesson); }
