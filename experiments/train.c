/* train — the first program: the seed's CNN (section 3.1, with BatchNorm) trained on
 * Fashion-MNIST with SGD + momentum, printing per-epoch train loss/accuracy, test
 * loss/accuracy and throughput.
 *
 *   make train                      # 3 epochs, the defaults below
 *   build/release/bin/train --epochs 5 --no-bn --lr 0.05
 */
#include <stdio.h>
#include <stdlib.h>

#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Trains the seed's CNN (Conv 16-32-pool-64-pool, FC 100, 10; BatchNorm unless --no-bn)\n"
    "on Fashion-MNIST with SGD + momentum and reports loss, accuracy and samples/s per epoch.";

typedef struct {
    int epochs, batch_size, seed, threads, train_size, no_bn;
    float lr, momentum, dropout;
    const char *data;
} config;

static int die(const char *what) {
    fprintf(stderr, "trainskill: %s%s\n", what ? what : "", ts_error());
    return EXIT_FAILURE;
}

int main(int argc, char **argv) {
    config c = {.epochs = 3, .batch_size = 64, .seed = 1, .threads = 2, .lr = 0.01f, .momentum = 0.9f,
                .data = NULL};
    const ts_option opts[] = {
        {"epochs", TS_OPT_INT, &c.epochs, "passes over the training set"},
        {"batch-size", TS_OPT_INT, &c.batch_size, "samples per mini-batch"},
        {"lr", TS_OPT_FLOAT, &c.lr, "SGD learning rate"},
        {"momentum", TS_OPT_FLOAT, &c.momentum, "SGD momentum"},
        {"dropout", TS_OPT_FLOAT, &c.dropout, "dropout p of section 3.2 (0: none)"},
        {"no-bn", TS_OPT_FLAG, &c.no_bn, "leave out the BatchNorm layers (section 2's plain CNN)"},
        {"train-size", TS_OPT_INT, &c.train_size, "use only the first N training images (0: all)"},
        {"seed", TS_OPT_INT, &c.seed, "seed of initialisation, shuffling and dropout"},
        {"threads", TS_OPT_INT, &c.threads, "threads for OpenBLAS and OpenMP"},
        {"data", TS_OPT_STRING, &c.data, "IDX data directory (default $TRAINSKILL_DATA or " TS_DEFAULT_DATA_DIR ")"},
    };
    const int nopts = (int)(sizeof opts / sizeof *opts);
    switch (ts_parse_options(argc, argv, opts, nopts)) {
    case TS_CLI_HELP: ts_print_usage(stdout, "train", DESCRIPTION, opts, nopts); return EXIT_SUCCESS;
    case TS_CLI_ERROR: return die(NULL);
    }
    if (c.epochs < 1 || c.batch_size < 1 || c.train_size < 0 || !(c.lr > 0.0f) ||
        !(c.dropout >= 0.0f && c.dropout < 1.0f)) {
        fprintf(stderr, "trainskill: --epochs and --batch-size must be >= 1, --train-size >= 0, "
                        "--lr > 0 and --dropout in [0, 1)\n");
        return EXIT_FAILURE;
    }
    if (ts_set_threads(c.threads) != TS_OK) return die(NULL);

    const char *dir = ts_data_dir(c.data);
    ts_dataset train = {0}, test = {0};
    if (ts_dataset_load(&train, dir, "train") != TS_OK || ts_dataset_load(&test, dir, "t10k") != TS_OK)
        return die(NULL);
    if (c.train_size > 0 && c.train_size < train.n) {
        ts_dataset part;
        if (ts_dataset_slice(&part, &train, 0, c.train_size) != TS_OK) return die(NULL);
        ts_dataset_free(&train);
        train = part;
    }

    ts_rng rng;
    ts_rng_seed(&rng, (uint64_t)c.seed);
    ts_model *model = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = !c.no_bn, .dropout = c.dropout}, &rng);
    if (!model) return die("building the model: ");
    ts_optimizer *sgd = ts_sgd(model->params, model->grads, model->nparams, c.lr,
                               (ts_sgd_options){.momentum = c.momentum});
    ts_loader train_loader, test_loader;
    ts_trainer trainer;
    if (!sgd || ts_loader_init(&train_loader, &train, c.batch_size, 1, 0, (uint64_t)c.seed) != TS_OK ||
        ts_loader_init(&test_loader, &test, c.batch_size, 0, 0, 0) != TS_OK ||
        ts_trainer_init(&trainer, model, sgd, c.batch_size, (uint64_t)c.seed) != TS_OK)
        return die(NULL);

    ts_model_print(model, stdout);
    printf("data %s: %d train, %d test images; batch %d, SGD lr %g momentum %g, %d thread%s\n", dir,
           train.n, test.n, c.batch_size, c.lr, c.momentum, c.threads, c.threads > 1 ? "s" : "");
    int status = EXIT_SUCCESS;
    for (int epoch = 0; epoch < c.epochs; epoch++) {
        char label[32];
        snprintf(label, sizeof label, "epoch %d/%d", epoch + 1, c.epochs);
        ts_progress bar;
        ts_progress_start(&bar, stderr, label, ts_loader_num_batches(&train_loader));
        ts_metrics tr, te;
        if (ts_train_epoch(&trainer, &train_loader, epoch, &bar, &tr) != TS_OK ||
            ts_evaluate(model, &test_loader, &te) != TS_OK) {
            ts_progress_finish(&bar);
            status = die(NULL);
            break;
        }
        ts_progress_finish(&bar);
        if (tr.diverged) {
            printf("%s: diverged (loss not finite) at step %ld\n", label, tr.diverged_step);
            status = EXIT_FAILURE;
            break;
        }
        printf("%s  train loss %.4f acc %6.2f%%  test loss %.4f acc %6.2f%%  %.0f samples/s  %.1f s\n",
               label, tr.loss, 100.0 * tr.accuracy, te.loss, 100.0 * te.accuracy,
               tr.samples / tr.seconds, tr.seconds + te.seconds);
        fflush(stdout);
    }
    ts_trainer_free(&trainer);
    ts_loader_free(&train_loader);
    ts_loader_free(&test_loader);
    ts_optimizer_free(sgd);
    ts_model_free(model);
    ts_dataset_free(&train);
    ts_dataset_free(&test);
    return status;
}
