/* Memory accounting: what the library holds while it trains, and what the operating
 * system sees.
 *
 * The library's own bytes are exact — it knows every array it allocated:
 *
 *   params     parameters and running statistics      (nparams + nbuffers) floats
 *   grads      one gradient per parameter              nparams floats
 *   optimizer  its state: SGD with momentum 1 float, Adam 2 floats per parameter, plain SGD 0
 *   batch      per-batch memory: every layer's output and its gradient, what each layer
 *              saves for backward, the shared scratch (m->batch_bytes), and the trainer's
 *              loss gradient (capacity × classes floats)
 *
 * Only `batch` grows with the batch size — linearly: for the seed CNN about 0.9 MiB per
 * image, against 3.9 MiB for its parameters, gradients and SGD momentum together (338 006
 * floats each). Gradient accumulation keeps it at the size of one micro-batch: k
 * micro-batches of B cost the memory of B, not of k·B, because each micro-batch's
 * activations are released (here: reused) once its backward has added into the
 * gradients. That is the whole memory argument of seed section 7. Not counted: the
 * loader's input batch (capacity × C·H·W floats) and the data set.
 *
 *   ts_memory m = ts_trainer_memory(&trainer);   // now
 *   trainer.peak_bytes                           // the largest m.total of any step so far
 *
 * The process's peak resident set size (getrusage's ru_maxrss) is the operating system's
 * view: every page the process touched and still held at its fullest moment — data set,
 * code, thread stacks, allocator slack and our arrays. It only ever grows, so to measure
 * one configuration after another in one process, reset it between them. */
#ifndef TS_MEMORY_H
#define TS_MEMORY_H

#include <stddef.h>

#include "train.h"

typedef struct {
    size_t params, grads, optimizer, batch;
    size_t total;  /* their sum */
} ts_memory;

/* What the trainer's model, optimizer and loss buffer hold now. */
ts_memory ts_trainer_memory(const ts_trainer *t);

/* The process's peak resident set size so far, in bytes (ru_maxrss, which Linux reports
 * in KiB). */
size_t ts_memory_peak_rss(void);

/* Starts a new peak measurement: hands memory the allocator has kept after free() back to
 * the system (malloc_trim) — otherwise a later allocation could reuse those pages without
 * the resident set growing — then resets the peak to the current resident set size
 * (Linux ≥ 4.0: "5" written to /proc/self/clear_refs). Afterwards ts_memory_peak_rss()
 * is the baseline; a later value minus the baseline is what the code in between added.
 * TS_ERR with a message where the system cannot reset the peak. */
int ts_memory_reset_peak_rss(void);

#endif
