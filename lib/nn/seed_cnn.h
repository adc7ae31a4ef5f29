/* The CNN of the seed's sections 2 and 3 (Fashion-MNIST, 1×28×28 → 10 classes):
 *
 *   Conv2d(1,16,3,padding=1)  [BatchNorm2d(16)]  ReLU  [Dropout2d(p)]        28×28
 *   Conv2d(16,32,3,padding=1) [BatchNorm2d(32)]  ReLU  [Dropout2d(p)]  MaxPool2d(2,2)  → 14×14
 *   Conv2d(32,64,3,padding=1) [BatchNorm2d(64)]  ReLU  [Dropout2d(p)]  MaxPool2d(2,2)  →  7×7
 *   Flatten  Linear(3136,100) [BatchNorm1d(100)] ReLU  [Dropout(p)]  Linear(100,10)
 *
 * Section 3.1 adds the BatchNorm layers, section 3.2 the dropout layers (p = 0.2 in the
 * seed); the plain network is section 2's. Flatten keeps the batch dimension, unlike
 * the seed's `out.view(batch_size, -1)`. */
#ifndef TS_SEED_CNN_H
#define TS_SEED_CNN_H

#include "sequential.h"

typedef struct {
    int batchnorm;  /* 1: section 3.1's BatchNorm after every conv and the hidden Linear */
    float dropout;  /* > 0: section 3.2's Dropout2d/Dropout with this p */
} ts_seed_cnn_options;

/* Parameters get PyTorch's default init from rng. NULL + message on failure. */
ts_model *ts_seed_cnn(ts_seed_cnn_options o, ts_rng *rng);

#endif
