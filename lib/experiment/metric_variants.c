#include "metric_variants.h"

#include <stdlib.h>
#include <string.h>

#include "../core/error.h"

int ts_study_metric_variants(ts_study *out, const ts_study *s, int v, const char *split, const char *as) {
    out->seeds = s->seeds;
    out->records = calloc((size_t)out->nvariants * s->seeds, sizeof *out->records);
    if (!out->records) return ts_fail("out of memory");
    for (int i = 0; i < out->nvariants; i++)
        for (int k = 0; k < s->seeds; k++) {
            const ts_record *from = &s->records[v * s->seeds + k];
            ts_record *to = &out->records[i * s->seeds + k];
            for (int row = 0; row < from->nrows; row++) {
                const ts_record_row *x = &from->rows[row];
                if (strcmp(x->split, split) || strcmp(x->metric, out->variants[i].name)) continue;
                if (ts_record_add(to, x->epoch, x->step, split, as, x->value) != TS_OK) {
                    ts_study_free(out);
                    return TS_ERR;
                }
            }
        }
    return TS_OK;
}
