#include "memory.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "../core/error.h"

ts_memory ts_trainer_memory(const ts_trainer *t) {
    const ts_model *m = t->model;
    ts_memory b = {
        .params = (m->nparams + m->nbuffers) * sizeof(float),
        .grads = m->nparams * sizeof(float),
        .optimizer = ts_optimizer_state_bytes(t->optimizer),
        .batch = m->batch_bytes + (size_t)t->capacity * (size_t)t->classes * sizeof(float),
    };
    b.total = b.params + b.grads + b.optimizer + b.batch;
    return b;
}

size_t ts_memory_peak_rss(void) {
    struct rusage u;
    if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
    return (size_t)u.ru_maxrss * 1024; /* Linux: KiB */
}

int ts_memory_reset_peak_rss(void) {
    malloc_trim(0);
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f) return ts_fail("/proc/self/clear_refs: %s: cannot reset the peak resident set size", strerror(errno));
    /* 5 resets the peak RSS ("hiwater") to the current RSS (Documentation/filesystems/proc.rst) */
    const int ok = fputs("5", f) >= 0;
    if (fclose(f) != 0 || !ok)
        return ts_fail("/proc/self/clear_refs: %s: cannot reset the peak resident set size", strerror(errno));
    return TS_OK;
}
