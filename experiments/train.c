/* train — the first program: the seed's CNN (section 3.1, with BatchNorm) trained on
 * Fashion-MNIST with SGD + momentum, printing per-epoch train loss/accuracy, test
 * loss/accuracy and throughput.
 *
 *   make train                      # 3 epochs, the defaults below
 *   build/release/bin/train --epochs 5 --no-bn --lr 0.05
 *   build/release/bin/train --transform "RandomCrop(28,padding=2),RandomHorizontalFlip,ToTensor"
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../lib/trainskill.h"

static const char *DESCRIPTION =
    "Trains the seed's CNN (Conv 16-32-pool-64-pool, FC 100, 10; BatchNorm unless --no-bn)\n"
    "on Fashion-MNIST with SGD + momentum and reports loss, accuracy and samples/s per epoch.";

typedef struct {
    int epochs, batch_size, seed, threads, train_size, no_bn, prefetch;
    float lr, momentum, dropout;
    const char *data, *transform, *test_transform;
} config;

static int die(const char *what) {
    fprintf(stderr, "trainskill: %s%s\n", what ? what : "", ts_error());
    return EXIT_FAILURE;
}

int main(int argc, char **argv) {
    if (ts_blas_ensure_best_core(argv) != TS_OK) fprintf(stderr, "trainskill: warning: %s\n", ts_error());
    config c = {.epochs = 3, .batch_size = 64, .seed = 1, .threads = 2, .lr = 0.01f, .momentum = 0.9f,
                .prefetch = 2, .data = NULL};
    const ts_option opts[] = {
        {"epochs", TS_OPT_INT, &c.epochs, {1, INT_MAX}, "passes over the training set"},
        {"batch-size", TS_OPT_INT, &c.batch_size, {1, INT_MAX}, "samples per mini-batch"},
        {"lr", TS_OPT_FLOAT, &c.lr, {0, INFINITY}, "SGD learning rate"},
        {"momentum", TS_OPT_FLOAT, &c.momentum, {0, INFINITY}, "SGD momentum"},
        {"dropout", TS_OPT_FLOAT, &c.dropout, {0, 1}, "dropout p of section 3.2 (0: none)"},
        {"no-bn", TS_OPT_FLAG, &c.no_bn, {0}, "leave out the BatchNorm layers (section 2's plain CNN)"},
        {"train-size", TS_OPT_INT, &c.train_size, {0, INT_MAX}, "use only the first N training images (0: all)"},
        {"transform", TS_OPT_STRING, &c.transform, {0},
         "training pipeline, e.g. \"RandomHorizontalFlip(0.5),ToTensor\" (default: ToTensor)"},
        {"test-transform", TS_OPT_STRING, &c.test_transform, {0}, "test pipeline (default: ToTensor)"},
        {"prefetch", TS_OPT_INT, &c.prefetch, {0, INT_MAX},
         "batches a --transform prepares ahead on its own thread (0: inline)"},
        {"seed", TS_OPT_INT, &c.seed, {INT_MIN, INT_MAX},
         "seed of initialisation, shuffling, augmentation and dropout"},
        {"threads", TS_OPT_INT, &c.threads, {1, TS_MAX_THREADS}, "threads for OpenBLAS and OpenMP"},
        {"data", TS_OPT_STRING, &c.data, {0},
         "IDX data directory (default $TRAINSKILL_DATA or " TS_DEFAULT_DATA_DIR ")"},
    };
    const int nopts = (int)(sizeof opts / sizeof *opts);
    switch (ts_parse_options(argc, argv, opts, nopts)) {
    case TS_CLI_HELP: ts_print_usage(stdout, "train", DESCRIPTION, opts, nopts); return EXIT_SUCCESS;
    case TS_CLI_ERROR: return die(NULL);
    }
    if (ts_set_threads(c.threads) != TS_OK) return die(NULL);
    ts_transform *train_tf = NULL, *test_tf = NULL;
    if ((c.transform && !(train_tf = ts_transform_parse(c.transform))) ||
        (c.test_transform && !(test_tf = ts_transform_parse(c.test_transform)))) {
        ts_transform_free(train_tf);
        return die(NULL);
    }

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
    /* From here on a failure goes to `done`: a loader with a transform has a running thread
       that must be stopped (ts_loader_free) before main's stack goes away. */
    ts_loader train_loader = {0}, test_loader = {0};
    ts_trainer trainer = {0};
    int status = EXIT_SUCCESS;
    if (!sgd || ts_loader_init(&train_loader, &train, c.batch_size, 1, 0, (uint64_t)c.seed) != TS_OK ||
        ts_loader_init(&test_loader, &test, c.batch_size, 0, 0, 0) != TS_OK ||
        ts_trainer_init(&trainer, model, sgd, c.batch_size, (uint64_t)c.seed) != TS_OK ||
        (train_tf && ts_loader_set_transform(&train_loader, train_tf, c.prefetch) != TS_OK) ||
        (test_tf && ts_loader_set_transform(&test_loader, test_tf, 0) != TS_OK)) {
        status = die(NULL);
        goto done;
    }
    if (train_loader.c != 1 || train_loader.h != 28 || train_loader.w != 28 || test_loader.c != 1 ||
        test_loader.h != 28 || test_loader.w != 28) {
        fprintf(stderr, "trainskill: the seed's CNN takes 1×28×28 images; the transforms make %d×%d×%d (train) "
                        "and %d×%d×%d (test)\n", train_loader.c, train_loader.h, train_loader.w, test_loader.c,
                test_loader.h, test_loader.w);
        status = EXIT_FAILURE;
        goto done;
    }

    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    printf("machine %s\n", machine);
    ts_model_print(model, stdout);
    printf("data %s: %d train, %d test images; batch %d, SGD lr %g momentum %g, %d thread%s\n", dir,
           train.n, test.n, c.batch_size, c.lr, c.momentum, c.threads, c.threads > 1 ? "s" : "");
    printf("transforms: train %s, test %s\n", train_tf ? ts_transform_describe(train_tf) : "ToTensor",
           test_tf ? ts_transform_describe(test_tf) : "ToTensor");
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
done:
    ts_trainer_free(&trainer);
    ts_loader_free(&train_loader);
    ts_loader_free(&test_loader);
    ts_transform_free(train_tf);
    ts_transform_free(test_tf);
    ts_optimizer_free(sgd);
    ts_model_free(model);
    ts_dataset_free(&train);
    ts_dataset_free(&test);
    return status;
}
