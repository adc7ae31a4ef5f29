#include "sequential.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../core/threads.h"

float *ts_layer_weight(ts_layer *l) { return l->weight_ndim ? l->params : NULL; }
float *ts_layer_bias(ts_layer *l) { return l->bias_numel ? l->params + l->weight_numel : NULL; }

static void free_batch_memory(ts_model *m) {
    for (int i = 1; i <= m->nlayers; i++) free(m->acts[i]);
    for (int i = 0; i < m->nlayers; i++) {
        free(m->dacts[i]);
        free(m->saved[i]);
    }
    free(m->scratch);
    memset(m->acts, 0, sizeof(float *) * (size_t)(m->nlayers + 1));
    memset(m->dacts, 0, sizeof(float *) * (size_t)(m->nlayers + 1));
    memset(m->saved, 0, sizeof(void *) * (size_t)m->nlayers);
    m->scratch = NULL;
    m->capacity = 0;
    m->batch_bytes = 0;
}

/* Points every layer's params/grads/buffers at its slice of the flat arrays. */
static void bind_views(ts_model *m) {
    size_t p = 0, b = 0;
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        l->params = l->nparams ? m->params + p : NULL;
        l->grads = l->nparams ? m->grads + p : NULL;
        l->buffers = l->nbuffers ? m->buffers + b : NULL;
        p += l->nparams;
        b += l->nbuffers;
    }
}

static ts_model *alloc_model(int nlayers) {
    ts_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->nlayers = nlayers;
    m->layers = calloc((size_t)nlayers, sizeof *m->layers);
    m->acts = calloc((size_t)nlayers + 1, sizeof *m->acts);
    m->dacts = calloc((size_t)nlayers + 1, sizeof *m->dacts);
    m->saved = calloc((size_t)nlayers, sizeof *m->saved);
    m->training = 1;
    if (!m->layers || !m->acts || !m->dacts || !m->saved) {
        ts_model_free(m);
        return NULL;
    }
    return m;
}

static int alloc_flat(ts_model *m) {
    /* calloc(0) may return NULL; allocate at least one float so NULL means failure. */
    m->params = calloc(m->nparams + 1, sizeof(float));
    m->grads = calloc(m->nparams + 1, sizeof(float));
    m->buffers = calloc(m->nbuffers + 1, sizeof(float));
    if (!m->params || !m->grads || !m->buffers) return ts_fail("out of memory for %zu parameters", m->nparams);
    bind_views(m);
    return TS_OK;
}

ts_model *ts_sequential(ts_shape in, ts_layer **layers, int nlayers, ts_rng *rng) {
    ts_model *m = nlayers > 0 ? alloc_model(nlayers) : NULL;
    if (!m) {
        for (int i = 0; i < nlayers; i++) free(layers[i]);
        if (nlayers <= 0) ts_fail("a Sequential needs at least one layer");
        else ts_fail("out of memory building a model");
        return NULL;
    }
    for (int i = 0; i < nlayers; i++) m->layers[i] = layers[i];
    m->in = in;
    ts_shape shape = in;
    for (int i = 0; i < nlayers; i++) {
        ts_layer *l = m->layers[i];
        if (!l) {
            ts_fail("layer %d: out of memory", i);
            goto fail;
        }
        l->in = shape;
        if (l->ops->infer(l, shape) != TS_OK) {
            char s[64];
            ts_shape_format(shape, s, sizeof s);
            ts_fail_context("layer %d (%s) on input %s: ", i, l->ops->name, s);
            goto fail;
        }
        shape = l->out;
        m->nparams += l->nparams;
        m->nbuffers += l->nbuffers;
    }
    m->out = shape;
    if (alloc_flat(m) != TS_OK) goto fail;
    for (int i = 0; i < nlayers; i++)
        if (m->layers[i]->ops->reset) m->layers[i]->ops->reset(m->layers[i], rng);
    return m;
fail:
    ts_model_free(m);
    return NULL;
}

void ts_model_free(ts_model *m) {
    if (!m) return;
    if (m->acts) free_batch_memory(m);
    for (int i = 0; m->layers && i < m->nlayers; i++) free(m->layers[i]);
    free(m->layers);
    free(m->acts);
    free(m->dacts);
    free(m->saved);
    free(m->params);
    free(m->grads);
    free(m->buffers);
    free(m);
}

ts_model *ts_model_clone(const ts_model *src) {
    ts_model *m = alloc_model(src->nlayers);
    if (!m) return NULL;
    for (int i = 0; i < src->nlayers; i++) {
        const ts_layer *l = src->layers[i];
        m->layers[i] = malloc(l->ops->size);
        if (!m->layers[i]) goto fail;
        memcpy(m->layers[i], l, l->ops->size);
    }
    m->in = src->in;
    m->out = src->out;
    m->nparams = src->nparams;
    m->nbuffers = src->nbuffers;
    m->training = src->training;
    m->need_input_grad = src->need_input_grad;
    if (alloc_flat(m) != TS_OK) goto fail;
    memcpy(m->params, src->params, src->nparams * sizeof(float));
    memcpy(m->grads, src->grads, src->nparams * sizeof(float));
    memcpy(m->buffers, src->buffers, src->nbuffers * sizeof(float));
    return m;
fail:
    ts_model_free(m);
    ts_fail("out of memory cloning a model");
    return NULL;
}

void ts_model_train(ts_model *m, int training) { m->training = training != 0; }

void ts_model_zero_grad(ts_model *m) { memset(m->grads, 0, m->nparams * sizeof(float)); }

int ts_model_reserve(ts_model *m, int n) {
    if (n <= 0) return ts_fail("batch size must be positive, got %d", n);
    const int threads = ts_get_threads();
    if (n <= m->capacity && threads == m->threads) return TS_OK;
    if (n < m->capacity) n = m->capacity;
    free_batch_memory(m);
    ts_blas_single_threaded();
    size_t bytes = 0, scratch = 0;
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        size_t out = ts_shape_numel(l->out) * (size_t)n * sizeof(float);
        size_t in = ts_shape_numel(l->in) * (size_t)n * sizeof(float);
        size_t sv = l->ops->saved_bytes ? l->ops->saved_bytes(l, n) : 0;
        size_t sc = l->ops->scratch_floats ? l->ops->scratch_floats(l, n, threads) : 0;
        m->acts[i + 1] = malloc(out);
        m->dacts[i] = malloc(in);
        m->saved[i] = sv ? malloc(sv) : NULL;
        if (!m->acts[i + 1] || !m->dacts[i] || (sv && !m->saved[i])) goto oom;
        bytes += out + in + sv;
        if (sc > scratch) scratch = sc;
    }
    if (scratch) {
        m->scratch = malloc(scratch * sizeof(float));
        if (!m->scratch) goto oom;
    }
    m->batch_bytes = bytes + scratch * sizeof(float);
    m->capacity = n;
    m->threads = threads;
    return TS_OK;
oom:
    free_batch_memory(m);
    return ts_fail("out of memory for a batch of %d samples", n);
}

const float *ts_model_forward(ts_model *m, const float *x, int n, ts_rng *rng) {
    if (ts_model_reserve(m, n) != TS_OK) return NULL;
    m->acts[0] = (float *)x; /* read only: layers see it through a const pointer */
    m->last_n = n;
    for (int i = 0; i < m->nlayers; i++) {
        ts_layer *l = m->layers[i];
        ts_pass p = {.n = n, .training = m->training, .in = m->acts[i], .out = m->acts[i + 1],
                     .saved = m->saved[i], .scratch = m->scratch, .threads = m->threads,
                     .rng = rng};
        if (l->ops->forward(l, &p) != TS_OK) {
            ts_fail_context("layer %d (%s): ", i, l->ops->name);
            return NULL;
        }
    }
    return m->acts[m->nlayers];
}

void ts_model_backward(ts_model *m, const float *dout) {
    m->dacts[m->nlayers] = (float *)dout;
    for (int i = m->nlayers - 1; i >= 0; i--) {
        ts_layer *l = m->layers[i];
        int want_din = i > 0 || m->need_input_grad;
        ts_pass p = {.n = m->last_n, .training = m->training, .in = m->acts[i],
                     .out = m->acts[i + 1], .dout = m->dacts[i + 1],
                     .din = want_din ? m->dacts[i] : NULL, .saved = m->saved[i],
                     .scratch = m->scratch, .threads = m->threads};
        l->ops->backward(l, &p);
    }
    m->dacts[m->nlayers] = NULL;
}

const float *ts_model_input_grad(const ts_model *m) { return m->need_input_grad ? m->dacts[0] : NULL; }

void ts_model_print(const ts_model *m, void *file) {
    FILE *f = file;
    char desc[128], shape[64];
    fprintf(f, "Sequential(\n");
    for (int i = 0; i < m->nlayers; i++) {
        const ts_layer *l = m->layers[i];
        l->ops->describe(l, desc, sizeof desc);
        ts_shape_format(l->out, shape, sizeof shape);
        fprintf(f, "  (%d): %-44s -> %-14s %9zu params\n", i, desc, shape, l->nparams);
    }
    fprintf(f, ")  %zu parameters\n", m->nparams);
}
