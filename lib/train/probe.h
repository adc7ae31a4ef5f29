/* Per-layer statistics of one forward and backward pass: how the signal and its gradient
 * propagate through a network at a given moment — at initialisation, this is the
 * measurement behind Glorot & Bengio 2010 (figs. 6–7) and He et al. 2015 (sec. 2.2), and
 * lesson 2's signal-propagation charts.
 *
 *   ts_layer_stats st[m->nlayers];
 *   ts_probe_layers(m, x, y, n, &rng, st);     // st[i]: layer i's output and gradients
 *
 * For layer i, over all N·D values of the batch (D = numel of the layer's output shape):
 *   out_mean, out_std     of its output  (the model's own activation buffer acts[i+1])
 *   grad_mean, grad_std   of dL/d(output) (dacts[i+1]; for the last layer, dL/dlogits)
 *   weight_grad_std       of dL/dW over the weight's elements; NaN for layers without a
 *                         Conv/Linear weight (activations, pooling, BatchNorm's γ)
 * with L the mean cross-entropy of the batch. std is the population standard deviation
 * √(mean((x − mean)²)), accumulated in double. Nothing is copied: the statistics are read
 * from the buffers Sequential keeps for backward. */
#ifndef TS_PROBE_H
#define TS_PROBE_H

#include "../nn/sequential.h"

typedef struct {
    double out_mean, out_std;
    double grad_mean, grad_std;
    double weight_grad_std;
} ts_layer_stats;

/* Forward in the model's current mode (rng: dropout masks), loss, zero_grad, backward;
 * fills stats[0 .. m->nlayers). Afterwards m->grads holds this batch's gradient.
 * TS_ERR + message on a bad label or out of memory. */
int ts_probe_layers(ts_model *m, const float *x, const int *labels, int n, ts_rng *rng, ts_layer_stats *stats);

/* The distribution of layer i's output over the n samples of the last forward pass (of
 * ts_probe_layers, say) — the histograms of Glorot & Bengio's fig. 6: fraction[b] is the
 * share of its N·D values in bin b of `bins` equal bins over [lo, hi]; a value beyond the
 * range counts in the end bin on its side (clipped). skip_zeros: exact zeros (the half of a
 * ReLU's outputs it sets to 0) are left out and the shares are of the other values (all 0
 * when none is left). Returns the share of the counted values that were clipped; NAN (and
 * no histogram) for bad arguments. */
double ts_probe_histogram(const ts_model *m, int layer, int n, double lo, double hi, int bins, int skip_zeros,
                          double *fraction);

#endif
