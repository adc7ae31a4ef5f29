/* Lesson 2 — Weight initialization (seed section 2).
 *
 *   make lesson-2                          # quick preset: about 3 minutes on 2 cores
 *   build/release/bin/lesson-2-init --preset full --out results/lesson-2
 *
 * The seed says that as networks deepen the weights' distribution skews, activations and
 * gradients vanish, and He init suits ReLU. Four schemes, as the seed writes them (biases
 * zeroed) and PyTorch's own default:
 *   N(0, 0.02)       m.weight.data.normal_(0.0, 0.02)
 *   Xavier           init.xavier_normal(m.weight.data)       std √(2/(fan_in + fan_out))
 *   He (Kaiming)     init.kaiming_normal_(m.weight.data)     std √2/√fan_in
 *   PyTorch default  what nn.Linear/nn.Conv2d draw: weight and bias U(±1/√fan_in)
 * Four experiments on Fashion-MNIST:
 *   1. Signal propagation at initialisation in a deep plain network (20 hidden Linear
 *      layers of 256, ReLU, and again with tanh, no BN): the std of every layer's
 *      pre-activation and of its gradient, against the mean-field theory
 *        forward   v_{k+1} = n·Var(w)·E[f(y)²] + Var(b),   y ~ N(0, v_k)
 *        backward  g_k     = n·Var(w)·E[f'(y_k)²]·g_{k+1}
 *      (Glorot & Bengio 2010; He et al. 2015; Poole et al. 2016), whose small-signal
 *      factor per layer is n·Var(w)·c: c = 1/2 for ReLU, 1 for tanh.
 *   2. Training that deep network (ReLU and tanh) and the seed's CNN without BN, per scheme.
 *   3. The deep ReLU network with BatchNorm after every hidden Linear: does init still matter?
 *   4. The seed's choices on its CNN: Kaiming on the Linear layers too (vs Conv only), and
 *      zeroed biases (vs PyTorch's default biases).
 * Every verdict is computed from the measurements. The library code this lesson exercises:
 * lib/init/ (model.c: the seed's loop over modules), lib/train/probe.c (per-layer
 * statistics), lib/nn/deep_mlp.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/experiment/ablation.h"
#include "../lib/plot/chart.h"
#include "../lib/plot/report.h"
#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Lesson 2 (seed section 2): weight initialisation on Fashion-MNIST — per-layer signal\n"
    "propagation at init in a 20-layer plain network (ReLU and tanh) against theory, training\n"
    "it and the seed's CNN with N(0, 0.02), Xavier, He and PyTorch's default, with BatchNorm,\n"
    "and the seed's own choices; writes runs.csv, summary.csv, charts and REPORT.md.";

/* The deep plain network: 20 hidden layers as in He et al.'s fig. 3 (22 and 30 layers) and
   Glorot & Bengio's 5-layer nets made deeper; 256 units keep it fast. */
enum { DEPTH = 20, WIDTH = 256 };
static const float SEED_STD = 0.02f; /* the seed's m.weight.data.normal_(0.0, 0.02) */
/* A measured per-layer factor "matches" its prediction within this ratio (either way). A
   factor over 18 layers from a batch of a few hundred samples carries a few % of sampling
   noise; 25% separates agreement from the orders-of-magnitude misses that matter here. */
static const double AGREE = 1.25;
/* A run failed to train if it diverged or ended below this test accuracy (chance: 10%). */
static const double FAILED_BELOW = 0.2;
static const double THRESHOLD = 0.8; /* "epochs to reach 80% test accuracy" */

/* ------------------------------------------------------------------ the schemes */

static void normal_002(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_NORMAL, .std = SEED_STD}; }
static void xavier(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_XAVIER_NORMAL}; }
static void kaiming(ts_run_config *c) { c->init = (ts_init_scheme){.kind = TS_INIT_KAIMING_NORMAL}; }
static void kaiming_conv_only(ts_run_config *c) { kaiming(c), c->init.conv_only = 1; }
static void kaiming_default_bias(ts_run_config *c) { kaiming(c), c->init.default_bias = 1; }

/* The first four are every study's variants; the CNN study adds the seed's two changes. */
static const ts_variant SCHEMES[] = {
    {"normal-0.02", "N(0, 0.02)", normal_002},
    {"xavier", "Xavier normal", xavier},
    {"default", "PyTorch default", NULL},
    {"kaiming", "He (kaiming_normal)", kaiming},
    {"kaiming-conv-only", "He on Conv only", kaiming_conv_only},
    {"kaiming-default-bias", "He, default biases", kaiming_default_bias},
};
/* He last of the four, so that He and the seed's two changes are one contiguous view */
enum { S_NORMAL, S_XAVIER, S_DEFAULT, S_KAIMING, NSCHEMES, S_CONV_ONLY = NSCHEMES, S_DEFAULT_BIAS, NCNN };

/* ------------------------------------------------------------------ 1. measuring at init */

/* The first images of the training set, in order: the same batch for every scheme and seed. */
static int probe_batch_size(const ts_lesson *L) { return ts_by_preset(L, 128, 512, 1000); }

/* Per hidden Linear k = 1..depth, from one forward + backward of the probe batch:
   pre_std_k (its output, the pre-activation), grad_std_k (dL/d that output) and
   wgrad_std_k (dL/dW, for runs.csv), recorded at epoch 0. */
static int probe_at_init(ts_lesson *L, const ts_run_config *c, ts_model *m, ts_record *rec) {
    ts_loader ld;
    if (ts_loader_init(&ld, &L->train, probe_batch_size(L), 0, 0, 0) != TS_OK) return TS_ERR;
    ts_layer_stats *st = calloc((size_t)m->nlayers, sizeof *st);
    const float *x;
    const int *y;
    const int n = ts_loader_next(&ld, &x, &y);
    ts_rng rng;
    ts_rng_seed(&rng, 0); /* no dropout in these networks: unused */
    int status = st ? ts_probe_layers(m, x, y, n, &rng, st) : ts_fail("out of memory");
    for (int i = 0, k = 0; status == TS_OK && i < m->nlayers && k < c->depth; i++) {
        if (strcmp(m->layers[i]->ops->name, "Linear")) continue;
        char name[40];
        k++;
        snprintf(name, sizeof name, "pre_std_%d", k);
        status = ts_record_add(rec, 0, 0, "init", name, st[i].out_std);
        snprintf(name, sizeof name, "grad_std_%d", k);
        if (status == TS_OK) status = ts_record_add(rec, 0, 0, "init", name, st[i].grad_std);
        snprintf(name, sizeof name, "wgrad_std_%d", k);
        if (status == TS_OK) status = ts_record_add(rec, 0, 0, "init", name, st[i].weight_grad_std);
    }
    free(st);
    ts_loader_free(&ld);
    return status;
}

static ts_stat layer_stat(const ts_study *s, int v, const char *what, int k) {
    char name[40];
    snprintf(name, sizeof name, "%s_%d", what, k);
    return ts_study_stat(s, v, "init", name, -1);
}

/* E[f(y)²] and E[f'(y)²] for y ~ N(0, v): the midpoint rule over z ∈ [−8, 8], y = √v·z. */
static void gauss_moments(ts_activation a, double v, double *f2, double *df2) {
    enum { STEPS = 4000 };
    const double lo = -8.0, h = 16.0 / STEPS;
    *f2 = *df2 = 0.0;
    for (int i = 0; i < STEPS; i++) {
        const double z = lo + (i + 0.5) * h, y = sqrt(v) * z, w = exp(-0.5 * z * z) / sqrt(2 * M_PI) * h;
        const double f = a == TS_ACT_RELU ? fmax(y, 0.0) : tanh(y);
        const double df = a == TS_ACT_RELU ? (y > 0) : 1.0 - tanh(y) * tanh(y);
        *f2 += w * f * f;
        *df2 += w * df * df;
    }
}

/* What the theory says about one scheme in a square hidden layer (fan_in = fan_out = n). */
typedef struct {
    double gain;        /* n·Var(w) */
    double textbook;    /* n·Var(w)·c: the small-signal variance factor per layer */
    double forward[DEPTH + 1], backward[DEPTH + 1];   /* mean-field v_k and g_k, k = 1..DEPTH */
    double predicted_fwd, predicted_bwd;              /* their factor per layer over k = 2..DEPTH */
    double measured_fwd, measured_bwd;                /* the same from the measurement */
} propagation;

/* Per-layer variance factor over layers 2..DEPTH of the std profile std[k] (k = 1..DEPTH):
   the geometric mean of v_{k+1}/v_k, forward; of g_k/g_{k+1} (towards the input), backward. */
static double factor(double first, double last, int backward) {
    const double r = backward ? first / last : last / first;
    return pow(r, 2.0 / (DEPTH - 2));
}

static propagation theory(const ts_lesson *L, const ts_study *s, int v) {
    const ts_run_config c = ts_study_config(L, s, v);
    const int shape[2] = {WIDTH, WIDTH};
    const ts_init_scheme default_scheme = {.kind = TS_INIT_PYTORCH_DEFAULT};
    propagation p = {.gain = WIDTH * ts_init_scheme_variance(&c.init, 2, shape)};
    double f2, df2;
    gauss_moments(c.activation, 1e-8, &f2, &df2); /* c = E[f²]/v at v → 0 */
    p.textbook = p.gain * f2 / 1e-8;
    /* biases: zero as the seed sets them, or the default's U(±1/√fan_in) (Var = that of its weights) */
    const double var_b = c.init.kind == TS_INIT_PYTORCH_DEFAULT || c.init.default_bias
                             ? ts_init_scheme_variance(&default_scheme, 2, shape) : 0.0;
    /* forward from the measured first layer; backward from the measured last one */
    const double first = layer_stat(s, v, "pre_std", 1).mean, last_grad = layer_stat(s, v, "grad_std", DEPTH).mean;
    p.forward[1] = first * first;
    for (int k = 1; k < DEPTH; k++) {
        gauss_moments(c.activation, p.forward[k], &f2, &df2);
        p.forward[k + 1] = p.gain * f2 + var_b;
    }
    p.backward[DEPTH] = last_grad * last_grad;
    for (int k = DEPTH - 1; k >= 1; k--) {
        gauss_moments(c.activation, p.forward[k], &f2, &df2);
        p.backward[k] = p.gain * df2 * p.backward[k + 1];
    }
    p.predicted_fwd = factor(sqrt(p.forward[2]), sqrt(p.forward[DEPTH]), 0);
    p.predicted_bwd = factor(sqrt(p.backward[2]), sqrt(p.backward[DEPTH]), 1);
    p.measured_fwd = factor(layer_stat(s, v, "pre_std", 2).mean, layer_stat(s, v, "pre_std", DEPTH).mean, 0);
    p.measured_bwd = factor(layer_stat(s, v, "grad_std", 2).mean, layer_stat(s, v, "grad_std", DEPTH).mean, 1);
    return p;
}

static int agrees(double measured, double predicted) { return fabs(log(measured / predicted)) < log(AGREE); }

/* One chart per direction: measured std per layer (mean over seeds, min–max band), solid;
   the mean-field prediction, dashed, in the same colour. Log scale. */
static int chart_profile(ts_lesson *L, const ts_study *s, const propagation *p, const char *name, const char *title,
                         int backward) {
    static double x[DEPTH], mean[NSCHEMES][DEPTH], lo[NSCHEMES][DEPTH], hi[NSCHEMES][DEPTH], pred[NSCHEMES][DEPTH];
    ts_series series[2 * NSCHEMES];
    for (int v = 0; v < NSCHEMES; v++) {
        for (int k = 1; k <= DEPTH; k++) {
            const ts_stat st = layer_stat(s, v, backward ? "grad_std" : "pre_std", k);
            x[k - 1] = k, mean[v][k - 1] = st.mean, lo[v][k - 1] = st.min, hi[v][k - 1] = st.max;
            pred[v][k - 1] = sqrt(backward ? p[v].backward[k] : p[v].forward[k]);
        }
        series[v] = (ts_series){.label = s->variants[v].label, .color = v, .npoints = DEPTH, .x = x,
                                .mean = mean[v], .lo = lo[v], .hi = hi[v]};
        series[NSCHEMES + v] = (ts_series){.color = v, .dashed = 1, .npoints = DEPTH, .x = x,
                                           .mean = pred[v]};
    }
    char full[256];
    snprintf(full, sizeof full, "%s (%d seed%s; dashed: theory)", title, s->seeds, s->seeds > 1 ? "s" : "");
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full, .xlabel = "hidden layer",
                            .ylabel = backward ? "std of dL/d(pre-activation)" : "std of pre-activation", .logy = 1};
    return ts_chart_lines(&chart, series, 2 * NSCHEMES, NULL);
}

static void propagation_table(ts_lesson *L, ts_report *r, const ts_study *s, const propagation *p) {
    const char *act = ts_activation_name(ts_study_config(L, s, 0).activation);
    ts_report_printf(r, "| scheme | n·Var(w) | textbook factor n·Var(w)·c | forward: theory | forward: measured | "
                        "backward: theory | backward: measured | std at layer %d / layer 1 | grad std at layer 1 / "
                        "layer %d |\n|---|---|---|---|---|---|---|---|---|\n", DEPTH, DEPTH);
    for (int v = 0; v < NSCHEMES; v++) {
        const double fwd = layer_stat(s, v, "pre_std", DEPTH).mean / layer_stat(s, v, "pre_std", 1).mean;
        const double bwd = layer_stat(s, v, "grad_std", 1).mean / layer_stat(s, v, "grad_std", DEPTH).mean;
        ts_report_printf(r, "| %s | %.4g | %.4g | %.4g | %.4g (%s) | %.4g | %.4g (%s) | %.3g | %.3g |\n",
                         s->variants[v].label, p[v].gain, p[v].textbook, p[v].predicted_fwd, p[v].measured_fwd,
                         agrees(p[v].measured_fwd, p[v].predicted_fwd) ? "matches" : "differs", p[v].predicted_bwd,
                         p[v].measured_bwd, agrees(p[v].measured_bwd, p[v].predicted_bwd) ? "matches" : "differs", fwd,
                         bwd);
    }
    ts_report_printf(r, "\nFactors are per layer, in variance (std ratio squared), geometric means over the square "
                        "layers 2–%d; c = E[f(y)²]/Var(y) for small y: %s. \"Theory\" is the mean-field recursion "
                        "above (with the biases each scheme keeps and tanh's saturation), started from the measured "
                        "layer 1 (forward) or layer %d (backward).\n\n",
                     DEPTH, !strcmp(act, "relu") ? "1/2 for ReLU" : "1 for tanh", DEPTH);
}

/* The verdict of part 1 for one activation: does each scheme keep, halve or collapse the
   signal, and does the theory predict it? */
static void propagation_verdict(ts_lesson *L, ts_report *r, const ts_study *s, const propagation *p) {
    const char *act = ts_activation_name(ts_study_config(L, s, 0).activation);
    int matched = 0;
    for (int v = 0; v < NSCHEMES; v++) matched += agrees(p[v].measured_fwd, p[v].predicted_fwd) +
                                                 agrees(p[v].measured_bwd, p[v].predicted_bwd);
    const double he = p[S_KAIMING].measured_fwd, xav = p[S_XAVIER].measured_fwd, small = p[S_NORMAL].measured_fwd;
    const double after_small = layer_stat(s, S_NORMAL, "pre_std", DEPTH).mean / layer_stat(s, S_NORMAL, "pre_std", 1).mean;
    ts_report_verdict(r, "- **%s, forward.** Per layer the variance is multiplied by %.3g with He, %.3g with Xavier and "
                         "%.3g with N(0, 0.02) (the textbook says %.3g, %.3g and %.3g); after %d layers N(0, 0.02) "
                         "has shrunk the signal's std by a factor %.2g. %s\n",
                      act, he, xav, small, p[S_KAIMING].textbook, p[S_XAVIER].textbook, p[S_NORMAL].textbook, DEPTH,
                      after_small,
                      !strcmp(act, "relu")
                          ? (agrees(he, 1.0) && agrees(xav, 0.5) && small < 0.25
                                 ? "He keeps it, Xavier halves it, N(0, 0.02) collapses it — as the textbook says."
                                 : "This departs from the textbook picture (He ≈ 1, Xavier ≈ 1/2, N(0, 0.02) ≪ 1).")
                          : (agrees(he, 1.0) && xav < he && small < xav
                                 ? "With tanh, He's larger weights are tamed by tanh's saturation and the signal "
                                   "settles near a fixed point (factor ≈ 1), while Xavier's — variance-preserving "
                                   "only where tanh's slope is 1, at 0 — lose a little at every layer."
                             : agrees(xav, 1.0) && he > xav && small < xav
                                 ? "With tanh Xavier preserves the variance (tanh's slope is 1 at 0); He's larger "
                                   "weights grow the signal until tanh saturates."
                                 : "This departs from tanh's small-signal picture (Xavier ≈ 1, He > 1, N(0, 0.02) ≪ 1)."));
    ts_report_verdict(r, "- **%s, theory.** %d of %d measured per-layer factors (forward and backward, four schemes) "
                         "are within a factor %.2f of the mean-field prediction%s\n",
                      act, matched, 2 * NSCHEMES, AGREE,
                      matched == 2 * NSCHEMES ? ": the variance argument explains the measurement."
                                              : "; the table shows which ones do not.");
    const double def_fwd = p[S_DEFAULT].measured_fwd, def_bwd = p[S_DEFAULT].measured_bwd;
    if (def_fwd > p[S_DEFAULT].textbook * AGREE) /* more signal than the weights alone explain */
        ts_report_verdict(r, "- **%s, PyTorch default.** Its weights alone would shrink the variance by %.3g per layer, "
                             "but forward it measures %.3g: its biases (U(±1/√fan_in), not zeroed) add variance at every "
                             "layer, so the signal settles at a floor. Backward %s (%.3g per layer): the gradient "
                             "reaching layer 1 is %.2g times the one at layer %d.\n",
                          act, p[S_DEFAULT].textbook, def_fwd,
                          agrees(def_bwd, p[S_DEFAULT].textbook) ? "there is no such floor, the weights' factor holds"
                                                                 : "the factor differs from the weights' too",
                          def_bwd,
                          layer_stat(s, S_DEFAULT, "grad_std", 1).mean / layer_stat(s, S_DEFAULT, "grad_std", DEPTH).mean,
                          DEPTH);
    ts_say(L, "  %s: per-layer variance factor He %.3g, Xavier %.3g, N(0,0.02) %.3g, default %.3g (forward); "
              "%d of %d factors match theory\n", act, he, xav, small, def_fwd, matched, 2 * NSCHEMES);
}

/* ------------------------------------------------------------------ 2–4. training */

static void pct(ts_stat s, char *buf) { ts_stat_format(s, 100.0, 1, buf, 48); }

static int failed_runs(const ts_study *s, int v) {
    int failed = 0;
    for (int k = 0; k < s->seeds; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        failed += isfinite(ts_record_get(rec, "train", "diverged_step", -1)) ||
                  !(ts_record_get(rec, "test", "accuracy", -1) >= FAILED_BELOW);
    }
    return failed;
}

static void accuracy_table(ts_report *r, const ts_study *s) {
    ts_report_printf(r, "| scheme | test acc. after epoch 1 (%%) | final test acc. (%%) | final train loss | "
                        "epochs to %.0f%% | failed to train |\n|---|---|---|---|---|---|\n", 100 * THRESHOLD);
    for (int v = 0; v < s->nvariants; v++) {
        char a[48], b[48], c[48], e[48];
        pct(ts_study_stat(s, v, "test", "accuracy", 1), a);
        pct(ts_study_stat(s, v, "test", "accuracy", -1), b);
        ts_stat_format(ts_study_stat(s, v, "train", "loss", -1), 1.0, 3, c, sizeof c);
        const ts_stat to = ts_study_epochs_to(s, v, "test", "accuracy", THRESHOLD);
        if (to.n == 0) snprintf(e, sizeof e, "never");
        else ts_stat_format(to, 1.0, 1, e, sizeof e);
        if (to.n > 0 && to.n < s->seeds) snprintf(e + strlen(e), sizeof e - strlen(e), " (%d of %d seeds)", to.n, s->seeds);
        ts_report_printf(r, "| %s | %s | %s | %s | %s | %d of %d |\n", s->variants[v].label, a, b, c, e,
                         failed_runs(s, v), s->seeds);
    }
    ts_report_printf(r, "\n");
}

/* The best scheme by final test accuracy among the first n variants, and the spread
   (best mean − worst mean) in accuracy points. */
static int best_of(const ts_study *s, int n, double *spread) {
    int best = 0, worst = 0;
    for (int v = 1; v < n; v++) {
        const double m = ts_study_stat(s, v, "test", "accuracy", -1).mean;
        if (m > ts_study_stat(s, best, "test", "accuracy", -1).mean) best = v;
        if (!(m >= ts_study_stat(s, worst, "test", "accuracy", -1).mean)) worst = v;
    }
    *spread = 100 * (ts_study_stat(s, best, "test", "accuracy", -1).mean - ts_study_stat(s, worst, "test", "accuracy", -1).mean);
    return best;
}

/* Which schemes train, which is best, and whether it is ahead beyond the noise. Returns the
   spread in points; *nfailed: the schemes none of whose runs trained. */
static double training_verdict(ts_lesson *L, ts_report *r, const ts_study *s, const char *what, int *nfailed) {
    double spread;
    const int best = best_of(s, NSCHEMES, &spread);
    char failed[256] = "", a[48];
    *nfailed = 0;
    for (int v = 0; v < NSCHEMES; v++)
        if (failed_runs(s, v) == s->seeds && ++*nfailed)
            snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s", failed[0] ? ", " : "",
                     s->variants[v].label);
    int beaten = 0; /* schemes the best one beats beyond the noise */
    for (int v = 0; v < NSCHEMES; v++)
        beaten += v != best && ts_stat_compare(ts_study_stat(s, best, "test", "accuracy", -1),
                                               ts_study_stat(s, v, "test", "accuracy", -1)) > 0;
    pct(ts_study_stat(s, best, "test", "accuracy", -1), a);
    char first[320];
    if (failed[0]) snprintf(first, sizeof first, "Did not train (every seed diverged or ended below %.0f%%): %s", 100 * FAILED_BELOW, failed);
    else snprintf(first, sizeof first, "Every scheme trains (none has all its runs below %.0f%%)", 100 * FAILED_BELOW);
    ts_report_verdict(r, "- **%s.** %s. Best: %s at %s%% test accuracy, ahead of %d of the other %d schemes beyond "
                         "the seed-to-seed noise; the schemes span %.1f points.\n",
                      what, first, s->variants[best].label, a, beaten, NSCHEMES - 1, spread);
    ts_say(L, "  %s: best %s (%s%%), spread %.1f points%s%s\n", what, s->variants[best].label, a, spread,
           failed[0] ? "; did not train: " : "", failed);
    return spread;
}

/* ------------------------------------------------------------------ the lesson */

static int run_lesson(ts_lesson *L) {
    const ts_run_config mlp = {.model = TS_MODEL_DEEP_MLP, .depth = DEPTH, .width = WIDTH, .lr = 0.01f,
                               .momentum = 0.9f, .batch_size = 64, .epochs = ts_by_preset(L, 1, 3, 8),
                               .train_size = ts_by_preset(L, 512, 6000, 30000),
                               .test_size = ts_by_preset(L, 500, 2000, 10000), .eval_batch_size = 200};
    ts_run_config cnn = mlp;
    cnn.model = TS_MODEL_SEED_CNN, cnn.epochs = ts_by_preset(L, 1, 2, 5);
    cnn.train_size = ts_by_preset(L, 256, 2000, 12000), cnn.test_size = ts_by_preset(L, 500, 1000, 10000);
    ts_study sig_relu = {.name = "signal-relu", .title = "Signal propagation at init, ReLU", .base = mlp,
                         .variants = SCHEMES, .nvariants = NSCHEMES, .after_run = probe_at_init, .at_init = 1};
    ts_study sig_tanh = sig_relu;
    sig_tanh.name = "signal-tanh", sig_tanh.title = "Signal propagation at init, tanh";
    sig_relu.base.activation = TS_ACT_RELU, sig_tanh.base.activation = TS_ACT_TANH;
    ts_study mlp_relu = {.name = "mlp-relu", .title = "Training the deep ReLU network", .base = mlp,
                         .variants = SCHEMES, .nvariants = NSCHEMES};
    ts_study mlp_tanh = mlp_relu;
    mlp_tanh.name = "mlp-tanh", mlp_tanh.title = "Training the deep tanh network";
    mlp_tanh.base.activation = TS_ACT_TANH;
    ts_study mlp_bn = mlp_relu;
    mlp_bn.name = "mlp-bn", mlp_bn.title = "The deep ReLU network with BatchNorm";
    mlp_bn.base.batchnorm = 1;
    ts_study cnn_study = {.name = "cnn", .title = "The seed's CNN without BN", .base = cnn, .variants = SCHEMES,
                          .nvariants = NCNN};
    ts_study *studies[] = {&sig_relu, &sig_tanh, &mlp_relu, &mlp_tanh, &mlp_bn, &cnn_study};
    const int nstudies = 6;
    int status = TS_ERR;
    for (int i = 0; i < nstudies; i++) ts_lesson_plan(L, studies[i]);

    ts_say(L, "Lesson 2 — Weight initialization (seed section 2)\n"
              "preset %s: %d seed%s per variant, %d threads, data %s\n\n", L->preset_name, L->seeds,
           L->seeds > 1 ? "s" : "", L->threads, L->data_dir);
    ts_say(L, "1. Signal propagation at initialisation: a plain network of %d hidden layers of %d units, no BN.\n"
              "   One forward and backward pass of %d images per scheme; the std of every layer's pre-activation\n"
              "   and of its gradient, against the variance theory.\n", DEPTH, WIDTH, probe_batch_size(L));
    if (ts_study_run(L, &sig_relu) != TS_OK || ts_study_run(L, &sig_tanh) != TS_OK) goto done;
    propagation prop_relu[NSCHEMES], prop_tanh[NSCHEMES];
    for (int v = 0; v < NSCHEMES; v++) prop_relu[v] = theory(L, &sig_relu, v), prop_tanh[v] = theory(L, &sig_tanh, v);

    ts_say(L, "\n2. Training that network (ReLU, then tanh) with each scheme: SGD lr 0.01, momentum 0.9,\n"
              "   %d epochs on %d images. Does it train at all, and how fast?\n",
           ts_study_config(L, &mlp_relu, 0).epochs, ts_study_config(L, &mlp_relu, 0).train_size);
    if (ts_study_run(L, &mlp_relu) != TS_OK || ts_study_run(L, &mlp_tanh) != TS_OK) goto done;
    ts_say(L, "\n3. The same ReLU network with BatchNorm after every hidden Linear.\n");
    if (ts_study_run(L, &mlp_bn) != TS_OK) goto done;
    ts_say(L, "\n2 and 4. The seed's CNN without BN (%d epochs on %d images): the four schemes, then the seed's own\n"
              "   choices — He on the Linear layers too (vs Conv only), biases zeroed (vs PyTorch's).\n",
           ts_study_config(L, &cnn_study, 0).epochs, ts_study_config(L, &cnn_study, 0).train_size);
    if (ts_study_run(L, &cnn_study) != TS_OK) goto done;

    ts_say(L, "\nWhat was found:\n");
    if (ts_lesson_write_tables(L, studies, nstudies, THRESHOLD) != TS_OK) goto done;
    /* the CNN's two parts as views of its study: the four schemes, and the seed's variants */
    ts_study cnn_schemes = cnn_study, cnn_seed = cnn_study;
    cnn_schemes.nvariants = NSCHEMES;
    cnn_seed.variants += S_KAIMING, cnn_seed.records += S_KAIMING * cnn_study.seeds, cnn_seed.nvariants = NCNN - S_KAIMING;
    if (chart_profile(L, &sig_relu, prop_relu, "signal-relu-forward", "ReLU: signal at init", 0) != TS_OK ||
        chart_profile(L, &sig_relu, prop_relu, "signal-relu-backward", "ReLU: gradient at init", 1) != TS_OK ||
        chart_profile(L, &sig_tanh, prop_tanh, "signal-tanh-forward", "tanh: signal at init", 0) != TS_OK ||
        chart_profile(L, &sig_tanh, prop_tanh, "signal-tanh-backward", "tanh: gradient at init", 1) != TS_OK ||
        ts_study_chart_curves(L, &mlp_relu, "mlp-relu-test-accuracy", "Deep ReLU net: test accuracy", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &mlp_relu, "mlp-relu-train-loss", "Deep ReLU net: training loss", "train", "loss",
                              "training cross-entropy", 0) != TS_OK ||
        ts_study_chart_curves(L, &mlp_tanh, "mlp-tanh-test-accuracy", "Deep tanh net: test accuracy", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &mlp_bn, "mlp-bn-test-accuracy", "Deep ReLU net + BN: test accuracy", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &cnn_schemes, "cnn-test-accuracy", "Seed CNN: test accuracy", "test",
                              "accuracy", "test accuracy (fraction)", 0) != TS_OK ||
        ts_study_chart_curves(L, &cnn_seed, "cnn-seed-choices", "Seed CNN: He variants", "test",
                              "accuracy", "test accuracy (fraction)", S_KAIMING) != TS_OK)
        goto done;

    ts_report r;
    if (ts_lesson_report_open(L, &r, "Lesson 2 — Weight initialization", 2, __FILE__,
                              "The seed's three schemes zero the biases, as the seed does; PyTorch's default keeps "
                              "its own.") != TS_OK)
        goto done;
    ts_report_key_chart(&r, "signal-relu-forward", "per-layer signal at init, 20 ReLU layers");

    ts_report_section(&r, "1. Signal propagation at initialisation");
    ts_report_printf(&r, "Flatten, %d × (Linear(·, %d), activation), Linear(%d, 10); no BN. One forward and backward "
                         "pass of the first %d training images (pixels in [0, 1]) through a freshly initialised "
                         "network, mean cross-entropy; per hidden Linear k the std of its output y_k (the "
                         "pre-activation) and of dL/dy_k.\n\n",
                     DEPTH, WIDTH, WIDTH, probe_batch_size(L));
    ts_report_printf(&r, "### ReLU\n\n");
    propagation_table(L, &r, &sig_relu, prop_relu);
    ts_report_chart(&r, "signal-relu-forward", "std of each layer's pre-activation (log scale)");
    ts_report_chart(&r, "signal-relu-backward", "std of the gradient w.r.t. each layer's pre-activation (log scale)");
    propagation_verdict(L, &r, &sig_relu, prop_relu);
    ts_report_printf(&r, "\n### tanh\n\n");
    propagation_table(L, &r, &sig_tanh, prop_tanh);
    ts_report_chart(&r, "signal-tanh-forward", "std of each layer's pre-activation (log scale)");
    ts_report_chart(&r, "signal-tanh-backward", "std of the gradient w.r.t. each layer's pre-activation (log scale)");
    propagation_verdict(L, &r, &sig_tanh, prop_tanh);

    ts_report_section(&r, "2. Training with each scheme");
    ts_report_printf(&r, "The deep network of part 1, SGD lr %g, momentum %g, batch %d, %d epochs on the first %d "
                         "training images, tested on %d.\n\n### ReLU\n\n",
                     mlp.lr, mlp.momentum, mlp.batch_size, ts_study_config(L, &mlp_relu, 0).epochs,
                     ts_study_config(L, &mlp_relu, 0).train_size, ts_study_config(L, &mlp_relu, 0).test_size);
    accuracy_table(&r, &mlp_relu);
    ts_report_chart(&r, "mlp-relu-test-accuracy", "test accuracy per epoch");
    ts_report_chart(&r, "mlp-relu-train-loss", "training loss per epoch");
    int failed_mlp, failed_cnn, failed_tanh, failed_bn;
    const double spread_mlp = training_verdict(L, &r, &mlp_relu, "Deep ReLU network", &failed_mlp);
    ts_report_printf(&r, "\n### tanh\n\n");
    accuracy_table(&r, &mlp_tanh);
    ts_report_chart(&r, "mlp-tanh-test-accuracy", "test accuracy per epoch");
    training_verdict(L, &r, &mlp_tanh, "Deep tanh network", &failed_tanh);
    ts_report_printf(&r, "\n### The seed's CNN without BN\n\n%d epochs on %d images, tested on %d, same optimiser.\n\n",
                     ts_study_config(L, &cnn_study, 0).epochs, ts_study_config(L, &cnn_study, 0).train_size,
                     ts_study_config(L, &cnn_study, 0).test_size);
    accuracy_table(&r, &cnn_schemes);
    ts_report_chart(&r, "cnn-test-accuracy", "test accuracy per epoch");
    const double spread_cnn = training_verdict(L, &r, &cnn_schemes, "Seed CNN", &failed_cnn);
    /* less sensitive: fewer schemes that do not train at all, or as many and a spread narrower by
       more than SPREAD_NOISE points (spreads of a few points are within seed-to-seed noise here) */
    enum { SPREAD_NOISE = 5 };
    const int shallow_less = failed_cnn != failed_mlp            ? (failed_cnn < failed_mlp ? 1 : -1)
                             : fabs(spread_cnn - spread_mlp) < SPREAD_NOISE ? 0
                             : spread_cnn < spread_mlp            ? 1
                                                                  : -1;
    ts_report_verdict(&r, "- **Deep vs shallow.** %d of %d schemes did not train the 20-layer ReLU network and %d "
                          "the 5-layer CNN; the final accuracies span %.1f and %.1f points: %s\n",
                      failed_mlp, NSCHEMES, failed_cnn, spread_mlp, spread_cnn,
                      shallow_less > 0   ? "initialisation matters less in the shallow network — as expected."
                      : shallow_less < 0 ? "the shallow CNN is not less sensitive here — contrary to expectation."
                                         : "as many schemes fail in both and the spreads differ by less than 5 points: "
                                           "no difference in sensitivity at this size.");

    ts_report_section(&r, "3. With BatchNorm");
    ts_report_printf(&r, "The deep ReLU network with BatchNorm1d after every hidden Linear, otherwise as in part 2.\n\n");
    accuracy_table(&r, &mlp_bn);
    ts_report_chart(&r, "mlp-bn-test-accuracy", "test accuracy per epoch");
    const double spread_bn = training_verdict(L, &r, &mlp_bn, "Deep ReLU network with BN", &failed_bn);
    ts_report_verdict(&r, "- **Does init still matter with BN?** With BN %d of %d schemes fail and they span %.1f "
                          "points; without, %d fail and they span %.1f: %s\n", failed_bn, NSCHEMES, spread_bn,
                      failed_mlp, spread_mlp,
                      failed_bn == 0 && spread_bn < spread_mlp / 2
                          ? "BN re-normalises every layer, so the initial scale hardly matters any more."
                          : "BN did not make the choice irrelevant here.");

    ts_report_section(&r, "4. The seed's choices");
    ts_report_printf(&r, "The seed applies `kaiming_normal_` to every Conv2d **and** Linear (so also to the output "
                         "layer) and zeroes every bias. On its CNN without BN, as in part 2: the seed's version, He "
                         "on the convolutions only (Linear layers keep PyTorch's default), and He with PyTorch's "
                         "default biases. The seed's third point, the name `init.xavier_normal`, is PyTorch's "
                         "deprecated alias of `xavier_normal_`: same function, same tensor from the same generator "
                         "state, only a warning (asserted by `experiments/make_fixtures.py`, checked in "
                         "`tests/test_parity.c`), so there is nothing to train.\n\n");
    accuracy_table(&r, &cnn_seed);
    ts_report_chart(&r, "cnn-seed-choices", "test accuracy per epoch");
    {
        const ts_stat seed = ts_study_stat(&cnn_study, S_KAIMING, "test", "accuracy", -1);
        const int choices[] = {S_CONV_ONLY, S_DEFAULT_BIAS};
        const char *what[] = {"He on the Linear layers too", "Zeroing the biases"};
        for (int i = 0; i < 2; i++) {
            const ts_stat other = ts_study_stat(&cnn_study, choices[i], "test", "accuracy", -1);
            char a[48], b[48];
            pct(seed, a), pct(other, b);
            const int cmp = ts_stat_compare(seed, other);
            ts_report_verdict(&r, "- **%s.** The seed's version ends at %s%%, %s at %s%%: %s\n", what[i], a,
                              cnn_study.variants[choices[i]].label, b,
                              ts_compare_text(cnn_study.seeds, cmp, "the seed's choice helps.", "the seed's choice hurts.",
                                              "it makes no difference beyond the seed-to-seed noise."));
            ts_say(L, "  %s: seed's %s%% vs %s %s%%\n", what[i], a, cnn_study.variants[choices[i]].label, b);
        }
    }
    if (ts_report_close(&r) != TS_OK) goto done;

    ts_lesson_say_outputs(L);
    status = TS_OK;
done: /* also after an error or Ctrl-C: the finished runs' records are freed */
    for (int i = 0; i < nstudies; i++) ts_study_free(studies[i]);
    return status;
}

int main(int argc, char **argv) { return ts_lesson_main(argc, argv, "lesson-2", DESCRIPTION, run_lesson); }
