#include "probe.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../nn/cross_entropy.h"

/* mean and √(mean((x − mean)²)) of v[0..n), two passes in double */
static void moments(const float *v, size_t n, double *mean, double *std) {
    double s = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++) s += v[i];
    const double mu = s / (double)n;
    for (size_t i = 0; i < n; i++) ss += ((double)v[i] - mu) * ((double)v[i] - mu);
    *mean = mu;
    *std = sqrt(ss / (double)n);
}

int ts_probe_layers(ts_model *m, const float *x, const int *labels, int n, ts_rng *rng, ts_layer_stats *stats) {
    const float *logits = ts_model_forward(m, x, n, rng);
    if (!logits) return TS_ERR;
    const int classes = (int)ts_shape_numel(m->out);
    float *dlogits = malloc((size_t)n * (size_t)classes * sizeof *dlogits), loss;
    if (!dlogits) return ts_fail("out of memory for the probe's %d x %d gradient", n, classes);
    if (ts_cross_entropy(logits, labels, n, classes, 1.0f, &loss, dlogits) != TS_OK) {
        free(dlogits);
        return TS_ERR;
    }
    ts_model_zero_grad(m);
    ts_model_backward(m, dlogits);
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        const size_t count = ts_shape_numel(l->out) * (size_t)n;
        /* dL/d(output of layer i) is the input gradient of layer i + 1 */
        const float *dout = i + 1 < m->nlayers ? m->dacts[i + 1] : dlogits;
        ts_layer_stats *st = &stats[i];
        moments(m->acts[i + 1], count, &st->out_mean, &st->out_std);
        moments(dout, count, &st->grad_mean, &st->grad_std);
        st->weight_grad_std = NAN;
        if (l->weight_ndim >= 2) {
            double mean;
            moments(l->grads, l->weight_numel, &mean, &st->weight_grad_std);
        }
    }
    free(dlogits);
    return TS_OK;
}

double ts_probe_histogram(const ts_model *m, int layer, int n, double lo, double hi, int bins, int skip_zeros,
                          double *fraction) {
    if (layer < 0 || layer >= m->nlayers || n < 1 || bins < 1 || !(lo < hi)) return NAN;
    const float *v = m->acts[layer + 1];
    const size_t count = ts_shape_numel(m->layers[layer]->out) * (size_t)n;
    size_t counted = 0, clipped = 0;
    for (int b = 0; b < bins; b++) fraction[b] = 0.0;
    for (size_t i = 0; i < count; i++) {
        if (isnan(v[i]) || (skip_zeros && v[i] == 0.0f)) continue;
        const double t = floor((v[i] - lo) / (hi - lo) * bins); /* bin index, unclipped */
        const int b = t < 0 ? 0 : t >= bins ? bins - 1 : (int)t;
        clipped += v[i] < lo || v[i] > hi;
        fraction[b] += 1.0;
        counted++;
    }
    for (int b = 0; counted && b < bins; b++) fraction[b] /= (double)counted;
    return counted ? (double)clipped / (double)counted : 0.0;
}
