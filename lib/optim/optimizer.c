/* Construction and dispatch; the update rules are in sgd.c and adam.c. */
#include "optimizer.h"

#include <stdlib.h>

#include "../core/error.h"

static ts_optimizer *make(ts_optimizer_kind kind, float *params, const float *grads, size_t n,
                          float lr, int nstates) {
    if (!(lr >= 0.0f)) {
        ts_fail("invalid learning rate: %g", lr);
        return NULL;
    }
    ts_optimizer *opt = calloc(1, sizeof *opt);
    if (!opt) goto oom;
    *opt = (ts_optimizer){.kind = kind, .lr = lr, .initial_lr = lr, .params = params, .grads = grads, .n = n};
    if (nstates >= 1 && !(opt->state1 = calloc(n + 1, sizeof(float)))) goto oom;
    if (nstates >= 2 && !(opt->state2 = calloc(n + 1, sizeof(float)))) goto oom;
    return opt;
oom:
    ts_optimizer_free(opt);
    ts_fail("out of memory for optimizer state");
    return NULL;
}

ts_optimizer *ts_sgd(float *params, const float *grads, size_t n, float lr, ts_sgd_options o) {
    if (o.momentum < 0.0f || o.weight_decay < 0.0f) {
        ts_fail("invalid SGD momentum %g or weight_decay %g", o.momentum, o.weight_decay);
        return NULL;
    }
    if (o.nesterov && (o.momentum <= 0.0f || o.dampening != 0.0f)) {
        ts_fail("Nesterov momentum requires a momentum and zero dampening");
        return NULL;
    }
    ts_optimizer *opt = make(TS_SGD, params, grads, n, lr, o.momentum != 0.0f ? 1 : 0);
    if (opt) opt->sgd = o;
    return opt;
}

ts_optimizer *ts_adam(float *params, const float *grads, size_t n, float lr, ts_adam_options o) {
    /* Zero fields take PyTorch's defaults. The betas default as a pair, so β1 = 0 with a
       β2 stays expressible (WGAN-GP's Adam(betas=(0, 0.9))); eps defaults on its own, so
       DCGAN's {.beta1 = 0.5f, .beta2 = 0.999f} keeps eps = 1e-8 instead of computing 0/0
       = NaN wherever a gradient is exactly zero. */
    if (o.beta1 == 0.0f && o.beta2 == 0.0f) {
        o.beta1 = 0.9f;
        o.beta2 = 0.999f;
    }
    if (o.eps == 0.0f) o.eps = 1e-8f;
    if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f && o.beta2 >= 0.0f && o.beta2 < 1.0f && o.eps >= 0.0f)) {
        ts_fail("invalid Adam betas (%g, %g) or eps %g", o.beta1, o.beta2, o.eps);
        return NULL;
    }
    ts_optimizer *opt = make(TS_ADAM, params, grads, n, lr, 2);
    if (opt) opt->adam = o;
    return opt;
}

void ts_optimizer_free(ts_optimizer *opt) {
    if (!opt) return;
    free(opt->state1);
    free(opt->state2);
    free(opt);
}

void ts_optimizer_step(ts_optimizer *opt) {
    opt->steps++;
    if (opt->kind == TS_SGD) ts_sgd_step(opt);
    else ts_adam_step(opt);
}

size_t ts_optimizer_state_bytes(const ts_optimizer *opt) {
    return (size_t)((opt->state1 != NULL) + (opt->state2 != NULL)) * opt->n * sizeof(float);
}

void ts_optimizer_rebind(ts_optimizer *opt, float *params, const float *grads) {
    opt->params = params;
    opt->grads = grads;
}
