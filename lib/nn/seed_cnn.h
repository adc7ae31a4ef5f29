/* The CNN of the seed's sections 2 and 3 (Fashion-MNIST, 1×28×28 → 10 classes):
 *
 *   Conv2d(1,16,3,padding=1)  [BatchNorm2d(16)]  ReLU  [Dropout2d(p)]        28×28
 *   Conv2d(16,32,3,padding=1) [BatchNorm2d(32)]  ReLU  [Dropout2d(p)]  MaxPool2d(2,2)  → 14×14
 *   Conv2d(32,64,3,padding=1) [BatchNorm2d(64)]  ReLU  [Dropout2d(p)]  MaxPool2d(2,2)  →  7×7
 *   Flatten  Linear(3136,100) [BatchNorm1d(100)] ReLU  [Dropout(p)]  Linear(100,10)
 *
 * Section 3.1 adds the BatchNorm layers, section 3.2 the dropout layers (p = 0.2 in the
 * seed); the plain network is section 2's. Flatten keeps the batch dimension, unlike
 * the seed's `out.view(batch_size, -1)`.
 *
 * Two options ablate what the seed leaves open:
 *   bn_after_relu        ReLU → BatchNorm in every block. Section 3.1's text says BN
 *                        "normalises the activation function's output" (after the ReLU);
 *                        its code, like Ioffe & Szegedy 2015 §3.2, puts BN before the ReLU.
 *   dropout_elementwise  Dropout(p) instead of Dropout2d(p) in the conv blocks: one
 *                        decision per pixel instead of per feature map (section 3.2 uses
 *                        Dropout2d; Tompson et al. 2015 argue per-pixel dropout barely
 *                        regularises correlated neighbouring pixels).
 * and one isolates a layer: no_fc_batchnorm leaves out the BatchNorm1d(100), which at batch
 * size 2 normalises two values per feature (x̂ = ±1), while a BatchNorm2d pools N·H·W. */
#ifndef TS_SEED_CNN_H
#define TS_SEED_CNN_H

#include "sequential.h"

typedef struct {
    int batchnorm;           /* 1: section 3.1's BatchNorm after every conv and the hidden Linear */
    float dropout;           /* > 0: section 3.2's Dropout2d/Dropout with this p */
    int bn_after_relu;       /* 1: ReLU then BatchNorm (the note's text); 0: BatchNorm then ReLU (its code) */
    int dropout_elementwise; /* 1: Dropout instead of Dropout2d after the convolutions */
    int no_fc_batchnorm;     /* 1 (with batchnorm): BatchNorm in the conv blocks only */
} ts_seed_cnn_options;

/* Parameters get PyTorch's default init from rng. NULL + message on failure. */
ts_model *ts_seed_cnn(ts_seed_cnn_options o, ts_rng *rng);

#endif
