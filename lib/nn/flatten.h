/* Flatten: (N, C, H, W) → (N, C·H·W), as torch.nn.Flatten(). Memory is already in that
 * order, so forward and backward are copies. The batch dimension is kept as it is —
 * the seed's `out.view(batch_size, -1)` breaks on a short last batch; this cannot. */
#ifndef TS_FLATTEN_H
#define TS_FLATTEN_H

#include "layer.h"

ts_layer *ts_flatten(void);

#endif
