#include "run.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "../core/error.h"
#include "../core/progress.h"
#include "../data/loader.h"
#include "../nn/seed_cnn.h"
#include "../optim/optimizer.h"
#include "../train/train.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig) {
    (void)sig;
    interrupted = 1;
    signal(SIGINT, SIG_DFL);
}

void ts_catch_interrupt(void) { signal(SIGINT, on_interrupt); }
int ts_interrupted(void) { return interrupted; }

void ts_run_config_describe(const ts_run_config *c, char *buf, size_t len) {
    snprintf(buf, len,
             "model=seed_cnn batchnorm=%d dropout=%g optimizer=sgd lr=%g momentum=%g batch_size=%d "
             "epochs=%d train_size=%d test_size=%d eval_batch_size=%d",
             c->batchnorm, c->dropout, c->lr, c->momentum, c->batch_size, c->epochs, c->train_size,
             c->test_size, c->eval_batch_size);
}

ts_dataset ts_dataset_head(const ts_dataset *ds, int count) {
    ts_dataset view = *ds;
    if (count > 0 && count < ds->n) view.n = count;
    return view;
}

int ts_run_train(const ts_run_config *c, uint64_t seed, const ts_dataset *train_all,
                 const ts_dataset *test_all, const ts_run_display *display, ts_record *rec,
                 ts_model **model_out) {
    const ts_dataset train = ts_dataset_head(train_all, c->train_size);
    const ts_dataset test = ts_dataset_head(test_all, c->test_size);
    ts_rng rng;
    ts_rng_seed(&rng, seed);
    ts_model *model = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = c->batchnorm, .dropout = c->dropout}, &rng);
    if (!model) return TS_ERR;
    ts_optimizer *opt = ts_sgd(model->params, model->grads, model->nparams, c->lr,
                               (ts_sgd_options){.momentum = c->momentum});
    ts_loader train_loader = {0}, test_loader = {0};
    ts_trainer trainer = {0};
    int status = TS_ERR;
    if (!opt || ts_loader_init(&train_loader, &train, c->batch_size, 1, 0, seed) != TS_OK ||
        ts_loader_init(&test_loader, &test, c->eval_batch_size, 0, 0, 0) != TS_OK ||
        ts_trainer_init(&trainer, model, opt, c->batch_size, seed ^ 0x5eed) != TS_OK)
        goto done;
    for (int epoch = 0; epoch < c->epochs && !ts_interrupted(); epoch++) {
        ts_progress bar;
        char label[160];
        snprintf(label, sizeof label, "%s  epoch %d/%d", display->label, epoch + 1, c->epochs);
        ts_progress_start(&bar, stderr, label, ts_loader_num_batches(&train_loader));
        ts_metrics tr, te;
        const int trained = ts_train_epoch(&trainer, &train_loader, epoch, display->quiet ? NULL : &bar, &tr);
        ts_progress_finish(&bar);
        if (trained != TS_OK) goto done;
        if (tr.diverged) {
            ts_record_add(rec, epoch + 1, trainer.steps, "train", "diverged_step", (double)tr.diverged_step);
            break;
        }
        if (ts_evaluate(model, &test_loader, &te) != TS_OK) goto done;
        const int e = epoch + 1;
        if (ts_record_add(rec, e, trainer.steps, "train", "loss", tr.loss) != TS_OK ||
            ts_record_add(rec, e, trainer.steps, "train", "accuracy", tr.accuracy) != TS_OK ||
            ts_record_add(rec, e, trainer.steps, "test", "loss", te.loss) != TS_OK ||
            ts_record_add(rec, e, trainer.steps, "test", "accuracy", te.accuracy) != TS_OK ||
            ts_record_add(rec, e, trainer.steps, "train", "seconds", tr.seconds) != TS_OK)
            goto done;
        if (!isfinite(te.loss)) { /* the weights went bad without a non-finite train loss */
            ts_record_add(rec, e, trainer.steps, "train", "diverged_step", (double)trainer.steps);
            break;
        }
    }
    status = TS_OK;
done:
    ts_trainer_free(&trainer);
    ts_loader_free(&train_loader);
    ts_loader_free(&test_loader);
    ts_optimizer_free(opt);
    if (status == TS_OK && model_out) *model_out = model;
    else ts_model_free(model);
    return status;
}
