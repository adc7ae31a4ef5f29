/* The peak memory of a run's training step, two ways (lib/train/memory.h):
 *
 *   ts_run_memory m;
 *   ts_run_measure_memory(&c, &train, &test, &m);   // one epoch of c on a fresh model
 *   m.peak       // bytes the library held at the fullest moment of a step (exact)
 *   m.rss_growth // how much the process's peak resident set grew meanwhile (the OS's view)
 *
 * Size c.train_size for what is to be measured: two optimizer steps (train_size =
 * 2 · batch_size · accum_iter) already hold everything a step holds. No evaluation runs,
 * whose batch would be another size. The peak resident set only ever grows, so it is reset
 * (ts_memory_reset_peak_rss) before the run; the first measurement in a process also
 * counts what every later one reuses (thread stacks, BLAS buffers): measure a throw-away
 * configuration first. */
#ifndef TS_RUN_MEMORY_H
#define TS_RUN_MEMORY_H

#include "../train/memory.h"
#include "run.h"

typedef struct {
    size_t peak;        /* trainer.peak_bytes: the largest ts_trainer_memory total of any step */
    ts_memory at_end;   /* ts_trainer_memory after the epoch: its breakdown */
    double rss_growth;  /* bytes; NAN where the peak cannot be reset (rss_problem says why) */
    char rss_problem[256];
} ts_run_memory;

int ts_run_measure_memory(const ts_run_config *c, const ts_dataset *train, const ts_dataset *test, ts_run_memory *out);

#endif
