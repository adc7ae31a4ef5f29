/* Layer-by-layer measurements of a study's networks, recorded with its runs: how the signal
 * and its gradient propagate, and what the activations look like (seed section 2; Glorot &
 * Bengio 2010, figs. 6–7; He et al. 2015, sec. 2.2). A study's after_run calls
 *
 *   static const int SHOWN[] = {1, 5, 10, 20};
 *   const ts_layer_probe p = {.batch = 512, .hist_layers = SHOWN, .nhist = 4, .bins = 30, .lo = -1, .hi = 1};
 *   ts_layer_probe_record(&p, &lesson->train, model, rec);
 *
 * which passes the first `batch` images of the data set (the same for every variant and seed)
 * forward and backward once (lib/train/probe.h) and records, at epoch 0 on split "init", per
 * weight layer k = 1, 2, … (Conv2d and Linear, in order):
 *   pre_std_k    the std of its output (the pre-activation)
 *   grad_std_k   the std of dL/d(its output)
 *   wgrad_std_k  the std of dL/dW
 *   hist_k_b     for k in hist_layers: bin b of the histogram of the output of the layer after
 *                it (its activation, in a plain network), as ts_probe_histogram counts it.
 * The charts below draw them across a study's seeds. */
#ifndef TS_LAYER_PROBE_H
#define TS_LAYER_PROBE_H

#include "ablation.h"

typedef struct {
    int batch;                /* images probed */
    const int *hist_layers;   /* weight layers (1-based) whose activation is histogrammed */
    int nhist, bins;
    double lo, hi;            /* the histograms' range */
    int skip_zeros;           /* 1: leave out exact zeros (a ReLU's) */
} ts_layer_probe;

int ts_layer_probe_record(const ts_layer_probe *p, const ts_dataset *ds, ts_model *m, ts_record *rec);

/* The mean over seeds of a recorded per-layer value: metric "pre_std", layer k → pre_std_k. */
ts_stat ts_study_layer_stat(const ts_study *s, int v, const char *metric, int k);

/* A profile across layers 1..nlayers of `metric` for every variant (mean over seeds, min–max
 * band), log y; with theory (may be NULL), theory[v][k − 1] drawn dashed in variant v's colour. */
int ts_study_chart_layers(ts_lesson *L, const ts_study *s, const char *name, const char *title, const char *metric,
                          int nlayers, const double *const *theory, const char *ylabel);

/* The recorded histograms: a panel per variant, a line per histogrammed layer (mean over seeds). */
int ts_study_chart_histograms(ts_lesson *L, const ts_study *s, const ts_layer_probe *p, const char *name,
                              const char *title, const char *xlabel);

#endif
