#include "run_memory.h"

#include <math.h>
#include <stdio.h>

#include "../core/error.h"

int ts_run_measure_memory(const ts_run_config *c, const ts_dataset *train, const ts_dataset *test, ts_run_memory *out) {
    *out = (ts_run_memory){.rss_growth = NAN};
    const int reset = ts_memory_reset_peak_rss();
    if (reset != TS_OK) snprintf(out->rss_problem, sizeof out->rss_problem, "%s", ts_error());
    const size_t before = ts_memory_peak_rss();
    ts_run r;
    if (ts_run_init(&r, c, 1, train, test) != TS_OK) return TS_ERR;
    ts_metrics m;
    const int status = ts_train_epoch(&r.trainer, &r.train, 0, NULL, &m);
    out->peak = r.trainer.peak_bytes;
    out->at_end = ts_trainer_memory(&r.trainer);
    if (reset == TS_OK) out->rss_growth = (double)(ts_memory_peak_rss() - before);
    ts_run_free(&r);
    return status;
}
