/* Sequential: a list of layers applied in order, like torch.nn.Sequential, and the
 * model that owns all memory.
 *
 *   ts_layer *layers[] = { ts_conv2d(1, 16, 3, 1, 1, 1), ts_relu(), ts_flatten(),
 *                          ts_linear(16 * 28 * 28, 10, 1) };
 *   ts_model *m = ts_sequential(ts_shape_chw(1, 28, 28), layers, 4, &rng);
 *   const float *logits = ts_model_forward(m, x, n, &rng);     // (N, 10)
 *   ... loss writes dlogits ...
 *   ts_model_zero_grad(m); ts_model_backward(m, dlogits);     // grads += dL/dθ
 *
 * Memory: all parameters live in one contiguous array (m->params), all gradients in
 * another (m->grads), all running statistics in a third (m->buffers); a layer's params
 * are a view. Activations, their gradients, what each layer saves for backward and one
 * shared scratch area are allocated the first time a batch of N samples is seen and
 * reused for every batch of at most N — a short last batch just uses part of them —
 * so a steady-state training step allocates nothing. */
#ifndef TS_SEQUENTIAL_H
#define TS_SEQUENTIAL_H

#include <stddef.h>

#include "layer.h"

typedef struct {
    int nlayers;
    ts_layer **layers;
    ts_shape in, out;
    int training;           /* 1 after ts_model_train(m, 1) (the default), 0 after eval */
    int need_input_grad;    /* compute dL/dx of the model input too (gradient checks) */

    float *params, *grads;  /* nparams each */
    size_t nparams;
    float *buffers;         /* nbuffers: running statistics */
    size_t nbuffers;

    /* Per-batch memory, sized for `capacity` samples. */
    int capacity;
    int threads;            /* thread count the scratch was sized for */
    int last_n;             /* batch size of the last forward */
    float **acts;           /* acts[i]: input of layer i, acts[nlayers]: output; acts[0] = caller's x */
    float **dacts;          /* gradients of the same; dacts[nlayers] = caller's dlogits */
    void **saved;           /* saved[i]: layer i's forward→backward state */
    float *scratch;         /* shared temporary */
    size_t batch_bytes;     /* bytes of all per-batch memory */
} ts_model;

/* Takes ownership of the layers (also on failure). Parameters get PyTorch's default
 * initialisation drawn from `rng`. NULL + message on a bad layer stack. */
ts_model *ts_sequential(ts_shape in, ts_layer **layers, int nlayers, ts_rng *rng);
void ts_model_free(ts_model *m);

/* An independent copy (same layers, parameters, buffers): a data-parallel replica. */
ts_model *ts_model_clone(const ts_model *m);

/* train(1) / eval(0), as nn.Module.train()/eval(). */
void ts_model_train(ts_model *m, int training);

/* Runs the layers on x (N, in); returns the output (N, out), owned by the model and
 * valid until the next forward. NULL + message on failure. */
const float *ts_model_forward(ts_model *m, const float *x, int n, ts_rng *rng);

/* Back-propagates dout (N, out) of the last forward: parameter gradients are added to
 * m->grads; with need_input_grad, ts_model_input_grad() holds dL/dx afterwards. */
void ts_model_backward(ts_model *m, const float *dout);
const float *ts_model_input_grad(const ts_model *m);

void ts_model_zero_grad(ts_model *m);

/* Makes room for batches of n samples with the current thread count (forward does this
 * by itself; it reallocates only for a larger batch or a changed thread count). */
int ts_model_reserve(ts_model *m, int n);

/* Prints the layer stack, shapes and parameter counts, like print(model). */
void ts_model_print(const ts_model *m, void *file /* FILE* */);

#endif
