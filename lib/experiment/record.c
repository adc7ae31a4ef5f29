#include "record.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "../core/files.h"

void ts_record_init(ts_record *r) { *r = (ts_record){0}; }

void ts_record_free(ts_record *r) {
    free(r->rows);
    *r = (ts_record){0};
}

int ts_record_add(ts_record *r, int epoch, long step, const char *split, const char *metric, double value) {
    if (r->nrows == r->capacity) {
        const int cap = r->capacity ? 2 * r->capacity : 64;
        ts_record_row *rows = realloc(r->rows, (size_t)cap * sizeof *rows);
        if (!rows) return ts_fail("out of memory for a run record");
        r->rows = rows;
        r->capacity = cap;
    }
    ts_record_row *row = &r->rows[r->nrows++];
    *row = (ts_record_row){.epoch = epoch, .step = step, .value = value};
    snprintf(row->split, sizeof row->split, "%s", split);
    snprintf(row->metric, sizeof row->metric, "%s", metric);
    return TS_OK;
}

double ts_record_get(const ts_record *r, const char *split, const char *metric, int epoch) {
    if (epoch < 0) epoch = ts_record_last_epoch(r, split, metric);
    for (int i = r->nrows - 1; i >= 0; i--) {
        const ts_record_row *row = &r->rows[i];
        if (row->epoch == epoch && !strcmp(row->split, split) && !strcmp(row->metric, metric)) return row->value;
    }
    return NAN;
}

int ts_record_last_epoch(const ts_record *r, const char *split, const char *metric) {
    int last = 0;
    for (int i = 0; i < r->nrows; i++)
        if (!strcmp(r->rows[i].split, split) && !strcmp(r->rows[i].metric, metric) && r->rows[i].epoch > last)
            last = r->rows[i].epoch;
    return last;
}

uint64_t ts_hash_string(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

int ts_record_save(const ts_record *r, const char *path, uint64_t config_hash, const char *config) {
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return ts_fail("out of memory writing %s", path);
    fprintf(mem, "# config %016" PRIx64 " %s\n", config_hash, config);
    fprintf(mem, "epoch,step,split,metric,value\n");
    for (int i = 0; i < r->nrows; i++) {
        const ts_record_row *row = &r->rows[i];
        fprintf(mem, "%d,%ld,%s,%s,%.17g\n", row->epoch, row->step, row->split, row->metric, row->value);
    }
    fclose(mem);
    const int status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    return status;
}

int ts_record_load(ts_record *r, const char *path, uint64_t config_hash) {
    ts_record_init(r);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[4096]; /* the config line lists every setting of the run */
    uint64_t stored = 0;
    if (!fgets(line, sizeof line, f) || sscanf(line, "# config %" SCNx64, &stored) != 1) {
        fclose(f);
        return ts_fail("%s: not a run record (no config line)", path);
    }
    if (stored != config_hash) {
        fclose(f);
        return 0;
    }
    int lineno = 1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (lineno == 2) continue; /* the header */
        int epoch;
        long step;
        char split[16], metric[40];
        double value;
        if (sscanf(line, "%d,%ld,%15[^,],%39[^,],%lf", &epoch, &step, split, metric, &value) != 5) {
            fclose(f);
            ts_record_free(r);
            return ts_fail("%s:%d: malformed line", path, lineno);
        }
        if (ts_record_add(r, epoch, step, split, metric, value) != TS_OK) {
            fclose(f);
            ts_record_free(r);
            return TS_ERR;
        }
    }
    fclose(f);
    return 1;
}

void ts_record_write_csv(const ts_record *r, FILE *f, const char *study, const char *variant, int seed) {
    for (int i = 0; i < r->nrows; i++) {
        const ts_record_row *row = &r->rows[i];
        fprintf(f, "%s,%s,%d,%d,%ld,%s,%s,%.17g\n", study, variant, seed, row->epoch, row->step, row->split,
                row->metric, row->value);
    }
}
