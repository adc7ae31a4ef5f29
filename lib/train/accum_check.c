#include "accum_check.h"

#include <math.h>

#include "../core/error.h"
#include "../optim/optimizer.h"
#include "train.h"

static double max_abs_diff(const float *a, const float *b, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i] - (b ? (double)b[i] : 0.0)));
    return m;
}

/* The gradient of `parts` micro-batches of n/parts samples each, losses scaled 1/parts,
   added up in copy's gradient buffer (ts_train_accumulate is exactly one of them). */
static int accumulate(ts_model *copy, const float *x, const int *y, int n, int parts) {
    ts_optimizer *opt = ts_sgd(copy->params, copy->grads, copy->nparams, 0.0f, (ts_sgd_options){0});
    ts_trainer t;
    const int b = n / parts;
    int status = opt ? ts_trainer_init(&t, copy, opt, b, 1) : TS_ERR;
    if (status == TS_OK) {
        const size_t in = ts_shape_numel(copy->in);
        ts_model_train(copy, 1);
        ts_model_zero_grad(copy);
        for (int i = 0; i < parts && status == TS_OK; i++) {
            float loss;
            int correct;
            status = ts_train_accumulate(&t, x + (size_t)i * b * in, y + i * b, b, 1.0f / (float)parts, &loss, &correct);
        }
        ts_trainer_free(&t);
    }
    ts_optimizer_free(opt);
    return status;
}

int ts_accum_check_run(const ts_model *m, const float *x, const int *y, int micro, int k, ts_accum_check *out) {
    if (micro < 1 || k < 1) return ts_fail("accumulation check: micro-batch %d and k %d must be positive", micro, k);
    ts_model *whole = ts_model_clone(m), *pieces = ts_model_clone(m);
    int status = whole && pieces ? TS_OK : ts_fail("out of memory for two copies of the model");
    if (status == TS_OK) status = accumulate(whole, x, y, micro * k, 1);
    if (status == TS_OK) status = accumulate(pieces, x, y, micro * k, k);
    if (status == TS_OK) {
        *out = (ts_accum_check){.grad_diff = max_abs_diff(pieces->grads, whole->grads, m->nparams),
                                .grad_max = max_abs_diff(whole->grads, NULL, m->nparams),
                                .buffer_diff = max_abs_diff(pieces->buffers, whole->buffers, m->nbuffers)};
        out->relative = out->grad_diff / out->grad_max;
    }
    ts_model_free(whole);
    ts_model_free(pieces);
    return status;
}
