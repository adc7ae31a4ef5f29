/* The layer interface: what Sequential needs to hold any layer.
 *
 * A layer is a small struct (its hyper-parameters) whose first member is a ts_layer,
 * plus a table of functions. Memory is owned by the model, never by the layer:
 *   - parameters and their gradients are views into the model's two flat buffers
 *     (l->params, l->grads; weight first, then bias),
 *   - non-trainable state (BatchNorm's running statistics) is a view into the model's
 *     flat `buffers`,
 *   - per-batch memory (activations, what forward saves for backward, scratch) is
 *     allocated by the model when a batch size is first seen, and reused.
 * So a layer allocates nothing in the training step.
 *
 * Dimension letters used in every shape comment:
 *   N batch, C channels (C_in/C_out), H W height/width, K = C_in·kh·kw, P = H_out·W_out,
 *   D features of a flat vector (a vector is stored as (D,1,1), with ndim 1).
 *
 * Conventions (as in llm.c):
 *   forward  writes `out`;
 *   backward ADDS into the parameter gradients and WRITES the input gradient `din`
 *            (din may be NULL when nobody needs it, e.g. below the first layer).
 * Accumulating parameter gradients is what makes gradient accumulation free and makes
 * zero_grad one memset over the model's flat gradient buffer. */
#ifndef TS_LAYER_H
#define TS_LAYER_H

#include <stddef.h>

#include "../core/rng.h"
#include "../core/shape.h"

typedef struct ts_layer ts_layer;

/* Everything one forward or backward call of a layer sees. */
typedef struct {
    int n;              /* batch size of this call (may be below the allocated capacity) */
    int training;       /* 1 in train(), 0 in eval() */
    const float *in;    /* (N, in)  */
    float *out;         /* (N, out) */
    const float *dout;  /* (N, out) — backward only */
    float *din;         /* (N, in)  — backward only; NULL when not needed */
    void *saved;        /* saved_bytes(N): kept from forward to the matching backward */
    float *scratch;     /* scratch_floats(N, threads): temporary, shared by all layers */
    int threads;        /* OpenMP threads the scratch was sized for */
    ts_rng *rng;        /* randomness for this call (dropout masks) */
} ts_pass;

typedef struct {
    const char *name;    /* PyTorch's class name: "Conv2d", "BatchNorm2d", ... */
    size_t size;         /* sizeof the concrete struct, for cloning */
    /* Checks the input shape, sets l->out, l->nparams and l->nbuffers. */
    int (*infer)(ts_layer *l, ts_shape in);
    /* PyTorch's default initialisation of parameters and buffers (NULL: nothing to do). */
    void (*reset)(ts_layer *l, ts_rng *rng);
    size_t (*saved_bytes)(const ts_layer *l, int n);     /* NULL: none */
    size_t (*scratch_floats)(const ts_layer *l, int n, int threads);  /* NULL: none */
    int (*forward)(ts_layer *l, const ts_pass *p);
    void (*backward)(ts_layer *l, const ts_pass *p);
    /* A one-line description with the hyper-parameters, e.g. "Conv2d(1, 16, 3, padding=1)". */
    void (*describe)(const ts_layer *l, char *buf, size_t len);
} ts_layer_ops;

struct ts_layer {
    const ts_layer_ops *ops;
    ts_shape in, out;           /* per-sample shapes, set by infer */
    size_t nparams, nbuffers;   /* counts of floats in the flat buffers */
    float *params, *grads;      /* views, nparams floats each */
    float *buffers;             /* view, nbuffers floats */
    /* For initialisers: the weight as PyTorch stores it (e.g. Conv2d (C_out, C_in, kh, kw)),
       weight_ndim 0 when the layer has no weight. The bias, if any, follows the weight. */
    int weight_ndim;
    int weight_shape[4];
    size_t weight_numel, bias_numel;
};

/* Views of a layer's weight and bias (NULL when absent); valid once the model is built. */
float *ts_layer_weight(ts_layer *l);
float *ts_layer_bias(ts_layer *l);

/* nn.Conv2d's and nn.Linear's reset_parameters(), their ops->reset: weight kaiming_uniform_(a=√5),
 * i.e. U(±1/√fan_in) — about 0.41× He's std, NOT He init (pytorch#15314) — then bias U(±1/√fan_in).
 * No-op on a layer without a weight. lib/init builds other schemes on top of the layers. */
void ts_layer_reset_parameters(ts_layer *l, ts_rng *rng);

#endif
