/* Lesson 2 — Weight initialization (seed section 2).
 *
 *   make lesson-2                          # quick preset: about 2 minutes on 2 cores
 *   build/release/bin/lesson-2-init --preset full --out results/lesson-2
 *
 * The seed: as a network deepens, the weights skew its signal, gradients vanish and its
 * expressiveness suffers; He init suits ReLU and LeakyReLU. Its schemes (biases zeroed), and
 * what nn.Linear/nn.Conv2d draw by themselves:
 *   N(0, 0.02)       m.weight.data.normal_(0.0, 0.02)
 *   Xavier           init.xavier_normal(m.weight.data)       std √(2/(fan_in + fan_out))
 *   He (Kaiming)     init.kaiming_normal_(m.weight.data, a)  std √(2/(1 + a²))/√fan_in
 *   PyTorch default  weight and bias U(±1/√fan_in)
 * Part 1 measures a plain 20-layer network at init against the mean field (lib/init/mean_field.h)
 * and draws its activations; parts 2–5 train it (ReLU, tanh, LeakyReLU, with BN) and the seed's
 * CNN, each claim a verdict below (lib/experiment/verdict.h: Welch, Holm, p < 0.05); part 5
 * ends with the seed's out.view(batch_size, -1) on the last, short batch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/verdict.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 2 (seed section 2): weight initialisation on Fashion-MNIST — the signal and the activations\n"
    "of a 20-layer plain network at init against theory; training it, with LeakyReLU, with BatchNorm,\n"
    "and the seed's CNN, per scheme; writes runs.csv, summary.csv, charts and REPORT.md.";

enum { DEPTH = 20, WIDTH = 256, SHALLOW = 2 };  /* He et al.'s fig. 3 nets have 22 and 30 layers */
static const float SEED_STD = 0.02f;            /* the seed's m.weight.data.normal_(0.0, 0.02) */
/* A measured per-layer variance factor agrees with theory within this ratio either way: over
   18 layers, one weight draw and a batch of a few hundred images leave a few % of noise. */
static const double AGREE = 1.25;

/* ------------------------------------------------------------------ the variants */

static void normal_002(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_NORMAL, .std = SEED_STD}; }
static void xavier(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_XAVIER_NORMAL}; }
static void kaiming(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL}; }
static void kaiming_conv_only(ts_run_config *c) { kaiming(c); c->init.conv_only = 1; }
static void kaiming_default_bias(ts_run_config *c) { kaiming(c); c->init.default_bias = 1; }
static void shallow_normal(ts_run_config *c) { normal_002(c); c->depth = SHALLOW; }
static void shallow_kaiming(ts_run_config *c) { kaiming(c); c->depth = SHALLOW; }
/* LeakyReLU(0.2) (DCGAN's, lesson 6) and LeakyReLU(0.5): He with a = 0, or with a = the slope */
static void leaky02(ts_run_config *c) { kaiming(c); c->negative_slope = 0.2f; }
static void leaky02_a(ts_run_config *c) { leaky02(c); c->init.a = 0.2f; }
static void leaky05(ts_run_config *c) { kaiming(c); c->negative_slope = 0.5f; }
static void leaky05_a(ts_run_config *c) { leaky05(c); c->init.a = 0.5f; }

/* Every study runs the first four; the deep ReLU study adds two 2-layer networks, the CNN the seed's two choices. */
static const ts_variant SCHEMES[] = {
    {"normal-0.02", "N(0, 0.02)", normal_002},    {"xavier", "Xavier normal", xavier},
    {"default", "PyTorch default", NULL},         {"kaiming", "He (kaiming_normal)", kaiming},
    {"kaiming-conv-only", "He on Conv only", kaiming_conv_only},
    {"kaiming-default-bias", "He, default biases", kaiming_default_bias},
};
static const ts_variant DEPTHS[] = {
    {"normal-0.02", "N(0, 0.02)", normal_002},   {"xavier", "Xavier normal", xavier},
    {"default", "PyTorch default", NULL},        {"kaiming", "He (kaiming_normal)", kaiming},
    {"shallow-normal-0.02", "2 layers, N(0, 0.02)", shallow_normal},
    {"shallow-kaiming", "2 layers, He", shallow_kaiming},
};
static const ts_variant LEAKY[] = {
    {"slope0.2-a0", "slope 0.2, He a = 0", leaky02},  {"slope0.2-a0.2", "slope 0.2, He a = 0.2", leaky02_a},
    {"slope0.5-a0", "slope 0.5, He a = 0", leaky05},  {"slope0.5-a0.5", "slope 0.5, He a = 0.5", leaky05_a},
};
enum { S_NORMAL, S_XAVIER, S_DEFAULT, S_KAIMING, NSCHEMES, S_CONV_ONLY = NSCHEMES, S_DEFAULT_BIAS, NCNN };
enum { D_SHALLOW_NORMAL = NSCHEMES, D_SHALLOW_KAIMING, NDEPTHS };
enum { L02_A0, L02_A, L05_A0, L05_A, NLEAKY };

/* ------------------------------------------------------------------ the verdicts */

static const ts_measure FINAL_TEST = {"final test accuracy", "test", "accuracy", TS_READ_FINAL, .scale = 100,
                                      .unit = "%"};
static const ts_measure COLUMNS[] = {
    {"test accuracy after epoch 1", "test", "accuracy", TS_READ_EPOCH, .epoch = 1, .scale = 100, .unit = "%"},
    FINAL_TEST, {"final training loss", "train", "loss", TS_READ_FINAL, .digits = 3}};

/* "<scheme> suits this network": that scheme (the baseline) against the other three */
static const char AHEAD[] = "it ends ahead of at least one other scheme and behind none.",
                  BEHIND[] = "another scheme ends ahead of it, and none behind it.",
                  TIED[] = "no other scheme ends apart from it beyond the seed-to-seed noise.";
static const ts_verdict RELU_HE = {
    .claim = "He init suits a deep ReLU network", .measure = FINAL_TEST, .baseline = TS_ARM(S_KAIMING),
    .arms = {TS_ARM(S_NORMAL), TS_ARM(S_XAVIER), TS_ARM(S_DEFAULT)}, .narms = 3, .expect = -1,
    .confirmed = AHEAD, .contradicted = BEHIND, .no_difference = TIED};
static const ts_verdict DEPTH_MATTERS = {
    .claim = "initialisation matters more in a deeper network", .measure = FINAL_TEST,
    .baseline = TS_CHANGE(S_NORMAL, S_KAIMING), .arms = {TS_CHANGE(D_SHALLOW_NORMAL, D_SHALLOW_KAIMING)}, .narms = 1,
    .expect = +1,
    .confirmed = "N(0, 0.02) costs less against He with 2 hidden layers than with 20.",
    .contradicted = "N(0, 0.02) costs more against He with 2 hidden layers than with 20.",
    .no_difference = "N(0, 0.02) costs as much against He with 2 hidden layers as with 20, within the noise."};
static const ts_verdict TANH_XAVIER = {
    .claim = "Xavier init suits a deep tanh network", .measure = FINAL_TEST, .baseline = TS_ARM(S_XAVIER),
    .arms = {TS_ARM(S_NORMAL), TS_ARM(S_DEFAULT), TS_ARM(S_KAIMING)}, .narms = 3, .expect = -1,
    .confirmed = AHEAD, .contradicted = BEHIND, .no_difference = TIED};
static const ts_verdict LEAKY_A[2] = {
    {.claim = "with LeakyReLU(0.2), He needs the slope as a", .measure = FINAL_TEST, .baseline = TS_ARM(L02_A0),
     .arms = {TS_ARM(L02_A)}, .narms = 1, .expect = +1, .confirmed = "a = 0.2 ends ahead of a = 0.",
     .contradicted = "a = 0 ends ahead of a = 0.2.", .no_difference = "a = 0.2 and a = 0 end alike within the noise."},
    {.claim = "with LeakyReLU(0.5), He needs the slope as a", .measure = FINAL_TEST, .baseline = TS_ARM(L05_A0),
     .arms = {TS_ARM(L05_A)}, .narms = 1, .expect = +1, .confirmed = "a = 0.5 ends ahead of a = 0.",
     .contradicted = "a = 0 ends ahead of a = 0.5.", .no_difference = "a = 0.5 and a = 0 end alike within the noise."}};
static const ts_verdict BN_ANY = {
    .claim = "with BatchNorm the initialisation no longer matters", .measure = FINAL_TEST,
    .baseline = TS_ARM(S_KAIMING), .arms = {TS_ARM(S_NORMAL), TS_ARM(S_XAVIER), TS_ARM(S_DEFAULT)}, .narms = 3,
    .expect = 0,
    .no_difference = "with BN every scheme ends where He does, within the noise.",
    .contradicted = "even with BN some scheme ends apart from He (the table says which, and which way)."};
static const ts_verdict CNN_HE = {
    .claim = "He init suits the seed's ReLU CNN", .measure = FINAL_TEST, .baseline = TS_ARM(S_KAIMING),
    .arms = {TS_ARM(S_NORMAL), TS_ARM(S_XAVIER), TS_ARM(S_DEFAULT)}, .narms = 3, .expect = -1,
    .confirmed = AHEAD, .contradicted = BEHIND, .no_difference = TIED};
static const ts_verdict SEED_CHOICES = {
    .claim = "the seed's two choices (He on the Linear layers too, zeroed biases) make no difference",
    .measure = FINAL_TEST, .baseline = TS_ARM(S_KAIMING), .arms = {TS_ARM(S_CONV_ONLY), TS_ARM(S_DEFAULT_BIAS)},
    .narms = 2, .expect = 0,
    .no_difference = "neither choice moves the final accuracy beyond the noise.",
    .contradicted = "at least one choice moves the final accuracy (the table says which, and which way)."};

/* ------------------------------------------------------------------ 1. measuring at init */

static int probe_batch_size(const ts_lesson *L) { return ts_by_preset(L, 128, 512, 1000); }

/* Per weight layer the std of its output and of the gradient there (layer_probe.h), and the
   histograms of the activations after layers 1, 5, 10, 20: tanh's over [−1, 1] (31 bins: one
   centred on 0), ReLU's positive outputs over [0, 3] (He's layers keep a std of about 0.6 to 1 here). */
static ts_layer_probe probe_plan(const ts_lesson *L, ts_activation a) {
    static const int SHOWN[] = {1, 5, 10, 20};
    return (ts_layer_probe){.batch = probe_batch_size(L), .hist_layers = SHOWN, .bins = 31,
                            .nhist = a == TS_ACT_LEAKY_RELU ? 0 : 4, .lo = a == TS_ACT_TANH ? -1.0 : 0.0,
                            .hi = a == TS_ACT_TANH ? 1.0 : 3.0, .skip_zeros = a == TS_ACT_RELU};
}

static int probe_at_init(ts_lesson *L, const ts_run_config *c, ts_model *m, ts_record *rec) {
    const ts_layer_probe p = probe_plan(L, c->activation);
    return ts_layer_probe_record(&p, &L->train, m, rec);
}

static double layer_mean(const ts_study *s, int v, const char *what, int k) {
    return ts_study_layer_stat(s, v, what, k).mean;
}

/* What the theory says for variant v in the square layers (fan_in = fan_out = WIDTH), and what was measured. */
typedef struct {
    double q_w, textbook;                 /* n·Var(w); n·Var(w)·c, the small-signal factor per layer */
    double fwd[DEPTH], bwd[DEPTH];        /* the mean field's std at layer k (index k − 1) */
    double predicted_fwd, predicted_bwd, measured_fwd, measured_bwd; /* variance factors per layer */
} propagation;

/* The geometric-mean variance factor per layer over layers 2..DEPTH of a std profile. */
static double per_layer(double at2, double at_depth) { return pow(at_depth / at2, 2.0 / (DEPTH - 2)); }
static int agrees(double measured, double predicted) { return fabs(log(measured / predicted)) < log(AGREE); }

static propagation theory(const ts_lesson *L, const ts_study *s, int v) {
    const ts_run_config c = ts_study_config(L, s, v);
    propagation p;
    /* forward from the measured layer 1, backward from the measured last hidden layer */
    double var[DEPTH + 1], grad[DEPTH + 1];
    var[1] = pow(layer_mean(s, v, "pre_std", 1), 2);
    grad[DEPTH] = pow(layer_mean(s, v, "grad_std", DEPTH), 2);
    p.q_w = ts_mean_field_scheme(&c.init, c.activation, c.negative_slope, WIDTH, DEPTH, var, grad);
    p.textbook = p.q_w * ts_mean_field_small_signal(c.activation, c.negative_slope);
    for (int k = 1; k <= DEPTH; k++) {
        p.fwd[k - 1] = sqrt(var[k]);
        p.bwd[k - 1] = sqrt(grad[k]);
    }
    p.predicted_fwd = per_layer(p.fwd[1], p.fwd[DEPTH - 1]);
    p.predicted_bwd = 1.0 / per_layer(p.bwd[1], p.bwd[DEPTH - 1]); /* towards the input */
    p.measured_fwd = per_layer(layer_mean(s, v, "pre_std", 2), layer_mean(s, v, "pre_std", DEPTH));
    p.measured_bwd = 1.0 / per_layer(layer_mean(s, v, "grad_std", 2), layer_mean(s, v, "grad_std", DEPTH));
    return p;
}

/* Part 1 for one activation: the table, the check against the mean field (a measurement
   with a tolerance, not a test), the std profiles and the histograms. */
static int init_part(ts_lesson *L, ts_report *r, const ts_study *s, const char *what, const char *intro,
                     const char *const chart[3]) {
    enum { MAXV = 4 };
    static propagation p[MAXV]; /* the charts read the theory from here */
    const double *fwd[MAXV], *bwd[MAXV];
    int within = 0;
    char off[512] = "", title[3][96];
    ts_report_printf(r, "### %s\n\n%s%s", what, intro ? intro : "", intro ? "\n\n" : "");
    ts_report_printf(r, "| scheme | n·Var(w) | small-signal factor n·Var(w)·c | forward: mean field | forward: "
                        "measured | backward: mean field | backward: measured | std, layer %d / layer 1 |\n"
                        "|---|---|---|---|---|---|---|---|\n", DEPTH);
    for (int v = 0; v < s->nvariants && v < MAXV; v++) {
        p[v] = theory(L, s, v);
        fwd[v] = p[v].fwd;
        bwd[v] = p[v].bwd;
        const int f = agrees(p[v].measured_fwd, p[v].predicted_fwd), b = agrees(p[v].measured_bwd, p[v].predicted_bwd);
        ts_report_printf(r, "| %s | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g | %.3g |\n", s->variants[v].label, p[v].q_w,
                         p[v].textbook, p[v].predicted_fwd, p[v].measured_fwd, p[v].predicted_bwd, p[v].measured_bwd,
                         layer_mean(s, v, "pre_std", DEPTH) / layer_mean(s, v, "pre_std", 1));
        within += f + b;
        if (!f || !b)
            snprintf(off + strlen(off), sizeof off - strlen(off), "%s%s %s", off[0] ? ", " : "", s->variants[v].label,
                     !f && !b ? "both ways" : !f ? "forward" : "backward");
    }
    ts_report_printf(r, "\nFactors multiply the variance per layer (geometric means over the square layers 2–%d); "
                        "the mean field starts from the measured layer 1 (forward) or %d (backward) and includes "
                        "each scheme's biases and the activation's curvature.\n\n", DEPTH, DEPTH);
    ts_report_verdict(r, "- **%s at init.** %d of %d measured variance factors per layer (forward and backward) are "
                         "within a factor %.2f of the mean field%s%s.\n\n", what, within, 2 * s->nvariants, AGREE,
                      off[0] ? "; outside it: " : "", off);
    ts_say(L, "  %s at init: %d of %d factors within %.2fx of the mean field\n", what, within, 2 * s->nvariants, AGREE);
    snprintf(title[0], sizeof title[0], "%s: signal at init", what);
    snprintf(title[1], sizeof title[1], "%s: gradient at init", what);
    snprintf(title[2], sizeof title[2], "%s network at init: activations", what);
    const ts_layer_probe plan = probe_plan(L, ts_study_config(L, s, 0).activation);
    if (ts_study_chart_layers(L, s, chart[0], title[0], "pre_std", DEPTH, fwd, "std of pre-activation") != TS_OK ||
        ts_study_chart_layers(L, s, chart[1], title[1], "grad_std", DEPTH, bwd, "std of dL/d(pre-activation)") ||
        (plan.nhist && ts_study_chart_histograms(L, s, &plan, chart[2], title[2], plan.skip_zeros ?
                       "ReLU output (the positive ones)" : "tanh output") != TS_OK))
        return TS_ERR;
    ts_lesson_chart(L, r, chart[0], "std of each layer's pre-activation (log scale): a flat line keeps the signal through the depth, a falling one loses it layer by layer");
    ts_lesson_chart(L, r, chart[1], "std of the gradient w.r.t. each layer's pre-activation (log scale): flat means the first layers learn as fast as the last");
    if (plan.nhist)
        ts_lesson_chart(L, r, chart[2], plan.skip_zeros ? "ReLU outputs per layer, exact zeros left out, values beyond 3 "
                                                      "in the last bin: a spike at 0 is a collapsed layer"
                                                    : "tanh outputs per layer: a spike at 0 is a collapsed layer, "
                                                      "peaks at ±1 a saturated one");
    return TS_OK;
}

/* ------------------------------------------------------------------ 5. the seed's view(batch_size, -1) */

/* The seed's forward — out = self.layer(x); out = out.view(batch_size, -1); out = self.fc_layer(out) —
   on the last test batch, with the library's shape rules: ts_view_sizes is Tensor.view's size
   arithmetic, and the fully connected part is built for the rows view hands it. Deterministic:
   said once, not per seed. */
static int view_pitfall(ts_lesson *L, ts_report *r, int batch) {
    ts_loader ld;
    if (ts_loader_init(&ld, &L->test, batch, 0, 0, 0) != TS_OK) return TS_ERR;
    const float *x = NULL;
    const int *y;
    int last = 0, f = 0;
    for (int b = ts_loader_num_batches(&ld); b > 0; b--) last = ts_loader_next(&ld, &x, &y); /* x: the last batch */
    ts_rng rng;
    ts_rng_seed(&rng, 1);
    ts_model *cnn = ts_seed_cnn((ts_seed_cnn_options){0}, &rng);
    while (cnn && strcmp(cnn->layers[f]->ops->name, "Flatten")) f++; /* the seed's self.layer ends here */
    const int features = cnn ? (int)ts_shape_numel(cnn->layers[f]->in) : 0;
    int view[2] = {batch, -1};
    const int viewed = cnn && ts_view_sizes((size_t)last * features, 2, view) == TS_OK;
    ts_layer *fc[] = {ts_linear(features, 100, 1), ts_relu(), ts_linear(100, 10, 1)};
    ts_model *head = viewed ? ts_sequential(ts_shape_vec(view[1]), fc, 3, &rng) : NULL; /* owns fc from here */
    char error[512];
    snprintf(error, sizeof error, "%s", head ? "(no error)" : ts_error());
    const int rows = cnn && ts_model_forward(cnn, x, last, &rng) ? last : 0; /* our Flatten keeps N */
    ts_report_printf(r, "### The seed's `out.view(batch_size, -1)`\n\nThe test set's %d images in batches of %d "
                        "leave %d in the last one. `out.view(%d, -1)` of their %d × %d features %s: (%d, %d). The "
                        "fully connected part then gets rows of %d features: `%s`. The library's `Flatten` keeps the "
                        "batch: the same %d images give %d rows of logits.\n", L->test.n, batch, last, batch, last,
                     features, viewed ? "succeeds, because the numbers divide" : "fails", view[0], view[1], view[1],
                     error, last, rows);
    ts_say(L, "  out.view(%d, -1) on the last batch of %d: (%d, %d), then %s\n", batch, last, view[0], view[1], error);
    for (int i = 0; !viewed && i < 3; i++) free(fc[i]);
    ts_model_free(head);
    ts_model_free(cnn);
    ts_loader_free(&ld);
    return TS_OK;
}

/* ------------------------------------------------------------------ the lesson */

/* The trained studies, a part each: its question, its heading and setup in the report, the study, its verdicts. */
typedef struct {
    const char *question, *heading, *setup;
    ts_study *study;
    const ts_verdict *verdicts[2];
} training_part;

static int run_lesson(ts_lesson *L) {
    const ts_run_config mlp = {.model = TS_MODEL_DEEP_MLP, .depth = DEPTH, .width = WIDTH, .lr = 0.01f,
                               .momentum = 0.9f, .batch_size = 64, .epochs = ts_by_preset(L, 1, 3, 8),
                               .train_size = ts_by_preset(L, 256, 6000, 20000),
                               .test_size = ts_by_preset(L, 200, 2000, 10000), .eval_batch_size = 200};
    ts_run_config tanh_net = mlp, leaky = mlp, bn = mlp, cnn = mlp;
    tanh_net.activation = TS_ACT_TANH;
    leaky.activation = TS_ACT_LEAKY_RELU;
    bn.batchnorm = 1;
    cnn.model = TS_MODEL_SEED_CNN;
    cnn.epochs = ts_by_preset(L, 1, 2, 5);
    cnn.train_size = ts_by_preset(L, 256, 2000, 12000);
    cnn.test_size = ts_by_preset(L, 200, 1000, 10000);
    ts_study probe_relu = {"probe-relu", "At init, ReLU", mlp, SCHEMES, NSCHEMES, probe_at_init, .at_init = 1};
    ts_study probe_tanh = {"probe-tanh", "At init, tanh", tanh_net, SCHEMES, NSCHEMES, probe_at_init, .at_init = 1};
    ts_study probe_leaky = {"probe-leaky", "At init, LeakyReLU", leaky, LEAKY, NLEAKY, probe_at_init, .at_init = 1};
    ts_study mlp_relu = {"mlp-relu", "Deep ReLU network", mlp, DEPTHS, NDEPTHS, .after_run = NULL};
    ts_study mlp_tanh = {"mlp-tanh", "Deep tanh network", tanh_net, SCHEMES, NSCHEMES, .after_run = NULL};
    /* these three verdicts may turn on a point or two: 5 seeds in the full preset */
    ts_study mlp_leaky = {"mlp-leaky", "Deep LeakyReLU network", leaky, LEAKY, NLEAKY, .full_seeds = 5};
    ts_study mlp_bn = {"mlp-bn", "Deep ReLU network with BN", bn, SCHEMES, NSCHEMES, .full_seeds = 5};
    ts_study cnn_study = {"cnn", "Seed CNN without BN", cnn, SCHEMES, NCNN, .full_seeds = 5};
    ts_study *studies[] = {&probe_relu, &probe_tanh, &probe_leaky, &mlp_relu,
                           &mlp_tanh,   &mlp_leaky,  &mlp_bn,      &cnn_study};
    enum { NSTUDIES = 8, NPROBES = 3 };
    for (int i = 0; i < NSTUDIES; i++) ts_lesson_plan(L, studies[i]);
    const ts_run_config deep = ts_study_config(L, &mlp_relu, 0), seed = ts_study_config(L, &cnn_study, 0);
    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 2 — Weight initialization", 2, __FILE__,
                              "The seed's three schemes zero the biases, as the seed does; PyTorch's default keeps "
                              "its own.") != TS_OK)
        return TS_ERR;
    ts_report_key_chart(&r, "histograms-tanh", "activation histograms at init, 20 tanh layers");
    int status = TS_ERR;
    if (ts_lesson_part_begin(L, "1. At init (%d hidden layers of %d, %d images): does the signal keep its scale, "
                                "forward and back, as each scheme's theory says?", DEPTH, WIDTH,
                             probe_batch_size(L)) != TS_OK)
        goto done;
    for (int i = 0; i < NPROBES; i++)
        if (ts_study_run(L, studies[i]) != TS_OK) goto done;
    ts_report_section(&r, "1. At initialisation");
    ts_report_printf(&r, "Flatten, %d × (Linear(·, %d), activation), Linear(%d, 10); no BN. One forward and backward "
                         "pass of the first %d training images (pixels in [0, 1]); per hidden Linear k the std of its "
                         "output y_k (the pre-activation) and of dL/dy_k.\n\n", DEPTH, WIDTH, WIDTH,
                     probe_batch_size(L));
    const char *relu_charts[] = {"signal-relu-forward", "signal-relu-backward", "histograms-relu"},
               *tanh_charts[] = {"signal-tanh-forward", "signal-tanh-backward", "histograms-tanh"},
               *leaky_charts[] = {"signal-leaky-forward", "signal-leaky-backward", NULL};
    if (init_part(L, &r, &probe_relu, "ReLU", NULL, relu_charts) != TS_OK ||
        init_part(L, &r, &probe_tanh, "tanh", NULL, tanh_charts) != TS_OK ||
        init_part(L, &r, &probe_leaky, "LeakyReLU", "He for a LeakyReLU(s): `kaiming_normal_(w, a)` draws std "
                  "√(2/(1 + a²))/√fan_in; a = 0, its default, is ReLU's gain, which grows the variance by 1 + s² per "
                  "layer.", leaky_charts) != TS_OK)
        goto done;

    char setup_mlp[256], setup_cnn[512];
    snprintf(setup_mlp, sizeof setup_mlp, "The networks of part 1, SGD lr %g, momentum %g, batch %d, %d epochs on the "
             "first %d training images, tested on %d; the ReLU study adds networks of %d hidden layers.", mlp.lr,
             mlp.momentum, mlp.batch_size, deep.epochs, deep.train_size, deep.test_size, SHALLOW);
    snprintf(setup_cnn, sizeof setup_cnn, "The seed's CNN without BN, %d epochs on %d images, tested on %d. The seed "
             "applies He to every Conv2d **and** Linear (the output layer too) and zeroes every bias; the last two "
             "rows undo one choice each. Its `init.xavier_normal` is PyTorch's deprecated alias of `xavier_normal_`: "
             "the same tensor from the same generator (asserted by `experiments/make_fixtures.py`), nothing to train.",
             seed.epochs, seed.train_size, seed.test_size);
    const training_part parts[] = {
        {"2. Training the deep ReLU network: does He init suit it? Does the initialisation matter more at depth?",
         "## 2. Training the deep network\n\n### ReLU", setup_mlp, &mlp_relu, {&RELU_HE, &DEPTH_MATTERS}},
        {"2. Training the deep tanh network: does Xavier init suit it?", "### tanh", NULL, &mlp_tanh, {&TANH_XAVIER}},
        {"3. LeakyReLU: does He init need the slope as its a?", "## 3. LeakyReLU: He with the slope as a, or a = 0",
         "The deep network of part 2 with LeakyReLU(0.2) or LeakyReLU(0.5), He init with a = 0 (PyTorch's default) "
         "or a = the slope.", &mlp_leaky, {&LEAKY_A[0], &LEAKY_A[1]}},
        {"4. With BatchNorm, does the initialisation still matter?", "## 4. With BatchNorm", "The deep ReLU network "
         "with BatchNorm1d after every hidden Linear, otherwise as in part 2.", &mlp_bn, {&BN_ANY}},
        {"5. The seed's CNN: does He init suit it, do the seed's two choices matter? And its out.view(batch_size, -1)",
         "## 5. The seed's CNN", setup_cnn, &cnn_study, {&CNN_HE, &SEED_CHOICES}},
    };
    for (int i = 0; i < 5; i++) {
        const training_part *p = &parts[i];
        if (ts_lesson_part_begin(L, "%s", p->question) != TS_OK || ts_study_run(L, p->study) != TS_OK) goto done;
        ts_report_printf(&r, "%s\n\n%s%s", p->heading, p->setup ? p->setup : "", p->setup ? "\n\n" : "");
        if (p->study->seeds != L->seeds) ts_report_printf(&r, "This study runs %d seeds.\n\n", p->study->seeds);
        if (ts_report_study(L, &r, p->study, COLUMNS, 3, p->verdicts, p->verdicts[1] ? 2 : 1) != TS_OK ||
            (p->study == &cnn_study && view_pitfall(L, &r, mlp.batch_size) != TS_OK))
            goto done;
    }
    status = ts_lesson_write_tables(L, studies, NSTUDIES, 0.8); /* summary.csv: epochs to 80% */
done: /* also after an error or Ctrl-C: the finished runs' records stay on disk, the memory is freed */
    status = ts_lesson_finish(L, &r, status);
    for (int i = 0; i < NSTUDIES; i++) ts_study_free(studies[i]);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-2", DESCRIPTION, run_lesson); }
