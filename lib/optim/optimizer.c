/* Construction and dispatch; the update rules are in sgd.c and adam.c. */
#include "optimizer.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"

static ts_optimizer *make(ts_optimizer_kind kind, float *params, const float *grads, size_t n,
                          float lr, int nstates) {
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

/* PyTorch's `0.0 <= x`, refusing NaN and infinity too. */
static int nonnegative(float x) { return x >= 0.0f && isfinite(x); }
static int in_beta_range(float x) { return x >= 0.0f && x < 1.0f; }

/* torch.optim.SGD.__init__'s checks and messages, in its order. */
static int check_sgd(float lr, ts_sgd_options o) {
    if (!nonnegative(lr)) return ts_fail("Invalid learning rate: %g", lr);
    if (!nonnegative(o.momentum)) return ts_fail("Invalid momentum value: %g", o.momentum);
    if (!isfinite(o.dampening)) return ts_fail("Invalid dampening value: %g", o.dampening);
    if (!nonnegative(o.weight_decay)) return ts_fail("Invalid weight_decay value: %g", o.weight_decay);
    if (o.nesterov && (o.momentum <= 0.0f || o.dampening != 0.0f))
        return ts_fail("Nesterov momentum requires a momentum and zero dampening");
    return TS_OK;
}

/* torch.optim.Adam.__init__'s checks and messages, in its order. */
static int check_adam(float lr, ts_adam_options o) {
    if (!nonnegative(lr)) return ts_fail("Invalid learning rate: %g", lr);
    if (!nonnegative(o.eps)) return ts_fail("Invalid epsilon value: %g", o.eps);
    if (!in_beta_range(o.beta1)) return ts_fail("Invalid beta parameter at index 0: %g", o.beta1);
    if (!in_beta_range(o.beta2)) return ts_fail("Invalid beta parameter at index 1: %g", o.beta2);
    if (!nonnegative(o.weight_decay)) return ts_fail("Invalid weight_decay value: %g", o.weight_decay);
    return TS_OK;
}

ts_optimizer *ts_sgd(float *params, const float *grads, size_t n, float lr, ts_sgd_options o) {
    if (check_sgd(lr, o) != TS_OK) return NULL;
    ts_optimizer *opt = make(TS_SGD, params, grads, n, lr, o.momentum != 0.0f ? 1 : 0);
    if (opt) opt->sgd = o;
    return opt;
}

ts_optimizer *ts_adam(float *params, const float *grads, size_t n, float lr, ts_adam_options o) {
    if (check_adam(lr, o) != TS_OK) return NULL;
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
