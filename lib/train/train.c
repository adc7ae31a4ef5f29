#include "train.h"

#include <math.h>
#include <stdlib.h>

#include "../core/error.h"
#include "../core/timer.h"
#include "../nn/cross_entropy.h"
#include "memory.h"

int ts_trainer_init(ts_trainer *t, ts_model *m, ts_optimizer *opt, int max_batch, uint64_t seed) {
    *t = (ts_trainer){.model = m, .optimizer = opt, .classes = (int)ts_shape_numel(m->out),
                      .accum_iter = 1, .capacity = max_batch};
    if (max_batch <= 0) return ts_fail("batch size must be positive, got %d", max_batch);
    t->dlogits = malloc((size_t)max_batch * (size_t)t->classes * sizeof(float));
    if (!t->dlogits) return ts_fail("out of memory for a batch of %d", max_batch);
    ts_rng_seed(&t->rng, seed);
    return ts_model_reserve(m, max_batch);
}

void ts_trainer_free(ts_trainer *t) {
    free(t->dlogits);
    t->dlogits = NULL;
}

int ts_train_accumulate(ts_trainer *t, const float *x, const int *y, int n, float scale, float *loss,
                        int *correct) {
    if (n > t->capacity) return ts_fail("batch of %d exceeds the trainer's capacity %d", n, t->capacity);
    const float *logits = ts_model_forward(t->model, x, n, &t->rng);
    if (!logits) return TS_ERR;
    if (ts_cross_entropy(logits, y, n, t->classes, scale, loss, t->dlogits) != TS_OK) return TS_ERR;
    *correct = ts_count_correct(logits, y, n, t->classes);
    ts_model_backward(t->model, t->dlogits);
    /* after backward everything is live at once: weights, gradients, optimizer state and
       this micro-batch's activations — the moment of peak memory */
    const size_t held = ts_trainer_memory(t).total;
    if (held > t->peak_bytes) t->peak_bytes = held;
    return TS_OK;
}

/* optimizer.step(), then scheduler.step() for a per-iteration schedule — in that order,
   as PyTorch ≥ 1.1 wants it (the other order skips the schedule's first value, #20124). */
static int optimizer_step(ts_trainer *t) {
    ts_optimizer_step(t->optimizer);
    t->steps++;
    return t->scheduler ? ts_scheduler_step(t->scheduler) : TS_OK;
}

int ts_train_step(ts_trainer *t, const float *x, const int *y, int n, float *loss, int *correct) {
    ts_model_train(t->model, 1);
    ts_model_zero_grad(t->model);
    if (ts_train_accumulate(t, x, y, n, 1.0f, loss, correct) != TS_OK) return TS_ERR;
    return optimizer_step(t);
}

/* Samples in accumulation group g: batches [g·k, min((g+1)·k, B)), all of size
   batch_size except possibly the epoch's last. */
static long group_samples(const ts_loader *ld, int g, int k) {
    const int batches = ts_loader_num_batches(ld);
    const int first = g * k, last = first + k < batches ? first + k : batches;
    long total = (long)(last - first) * ld->batch_size;
    if (last == batches && !ld->drop_last && ld->ds->n % ld->batch_size)
        total -= ld->batch_size - ld->ds->n % ld->batch_size;
    return total;
}

double ts_seed_style_last_scale(int samples, int batch, int k) {
    const int last = samples % (batch * k);
    if (last == 0) return 1.0;
    if (last % batch == 0) return (double)last / ((double)batch * k);
    return last < batch ? 1.0 / k : NAN;
}

int ts_train_epoch(ts_trainer *t, ts_loader *ld, int epoch, ts_progress *bar, ts_metrics *out) {
    const int k = t->accum_iter > 0 ? t->accum_iter : 1, batches = ts_loader_num_batches(ld);
    const double started = ts_now();
    double loss_sum = 0.0, group_loss = 0.0; /* Σ loss_i·n_i over the epoch, over the group */
    long correct_sum = 0, seen = 0, group_seen = 0;
    *out = (ts_metrics){0};
    ts_model_train(t->model, 1);
    ts_model_zero_grad(t->model);
    ts_loader_start_epoch(ld, epoch);
    const float *x;
    const int *y;
    int n;
    for (int b = 0; (n = ts_loader_next(ld, &x, &y)) > 0; b++) {
        const int group = b / k;
        const float scale = t->seed_style_accum ? 1.0f / (float)k
                                                : (float)n / (float)group_samples(ld, group, k);
        float loss;
        int correct = 0;
        if (ts_train_accumulate(t, x, y, n, scale, &loss, &correct) != TS_OK) return TS_ERR;
        if (!isfinite(loss)) {
            out->diverged = 1;
            out->diverged_step = t->steps + 1;
            break;
        }
        loss_sum += (double)loss * n;
        group_loss += (double)loss * n;
        correct_sum += correct;
        seen += n;
        group_seen += n;
        if ((b + 1) % k == 0 || b + 1 == batches) {
            if (t->on_group) t->on_group(t->on_group_ctx, t, t->steps + 1, group_loss / group_seen, group_seen);
            group_loss = 0.0;
            group_seen = 0;
            if (optimizer_step(t) != TS_OK) return TS_ERR;
            ts_model_zero_grad(t->model);
        }
        if (bar) ts_progress_update(bar, b + 1, "loss %.4f  acc %.2f%%", loss_sum / seen, 100.0 * correct_sum / seen);
    }
    if (n < 0) return TS_ERR; /* the loader failed (a transform on its thread): message set */
    out->samples = seen;
    out->loss = seen ? loss_sum / seen : NAN;
    out->accuracy = seen ? (double)correct_sum / seen : NAN;
    out->seconds = ts_now() - started;
    return TS_OK;
}

int ts_evaluate(ts_model *m, ts_loader *ld, ts_metrics *out) { return ts_evaluate_in_mode(m, ld, 0, NULL, out); }

int ts_evaluate_in_mode(ts_model *m, ts_loader *ld, int training, ts_rng *rng, ts_metrics *out) {
    const int was_training = m->training, classes = (int)ts_shape_numel(m->out);
    const double started = ts_now();
    double loss_sum = 0.0;
    long correct_sum = 0, seen = 0;
    *out = (ts_metrics){0};
    ts_model_train(m, training);
    ts_loader_start_epoch(ld, 0);
    const float *x;
    const int *y;
    int n, status = TS_OK;
    while ((n = ts_loader_next(ld, &x, &y)) > 0) {
        float loss;
        const float *logits = ts_model_forward(m, x, n, rng);
        if (!logits || ts_cross_entropy(logits, y, n, classes, 1.0f, &loss, NULL) != TS_OK) {
            status = TS_ERR;
            break;
        }
        loss_sum += (double)loss * n;
        correct_sum += ts_count_correct(logits, y, n, classes);
        seen += n;
    }
    if (n < 0) status = TS_ERR; /* the loader failed: message set */
    ts_model_train(m, was_training);
    out->samples = seen;
    out->loss = seen ? loss_sum / seen : NAN;
    out->accuracy = seen ? (double)correct_sum / seen : NAN;
    out->diverged = !isfinite(out->loss);
    out->seconds = ts_now() - started;
    return status;
}
