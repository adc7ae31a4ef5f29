/* libtrainskill: deep-learning training techniques in C, with PyTorch's names and semantics.
 * One header for programs; each part documents itself in its own header. */
#ifndef TRAINSKILL_H
#define TRAINSKILL_H

#include "core/cli.h"
#include "core/error.h"
#include "core/files.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/shape.h"
#include "core/threads.h"
#include "core/timer.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "data/loader.h"
#include "experiment/ablation.h"
#include "experiment/record.h"
#include "experiment/run.h"
#include "experiment/stats.h"
#include "init/init.h"
#include "nn/activations.h"
#include "nn/batchnorm.h"
#include "nn/bce_with_logits.h"
#include "nn/conv2d.h"
#include "nn/cross_entropy.h"
#include "nn/dropout.h"
#include "nn/flatten.h"
#include "nn/layer.h"
#include "nn/linear.h"
#include "nn/maxpool2d.h"
#include "nn/seed_cnn.h"
#include "nn/sequential.h"
#include "optim/optimizer.h"
#include "plot/chart.h"
#include "plot/report.h"
#include "train/train.h"

#endif
