/* The measurements of one run (one variant, one seed), in long format:
 *   epoch, step, split, metric, value      e.g.  3, 705, test, accuracy, 0.8912
 * kept in memory as rows and stored as a small CSV file. The file's first line is
 *   # config <hash> <description>
 * so a later invocation can tell whether a stored run still matches its configuration
 * (see ablation.h). Files are written atomically (temp file + rename): a run is either
 * completely on disk or not at all, even if the program is interrupted. */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    int epoch;
    long step;
    char split[16];   /* "train", "test", ... */
    char metric[40];  /* "loss", "accuracy", "seconds", ... */
    double value;
} ts_record_row;

typedef struct {
    ts_record_row *rows;
    int nrows, capacity;
} ts_record;

void ts_record_init(ts_record *r);
void ts_record_free(ts_record *r);
int ts_record_add(ts_record *r, int epoch, long step, const char *split, const char *metric, double value);

/* The value of (split, metric) at `epoch`; NAN when absent. epoch −1: the last one recorded. */
double ts_record_get(const ts_record *r, const char *split, const char *metric, int epoch);
/* The last epoch that has (split, metric); 0 when none. */
int ts_record_last_epoch(const ts_record *r, const char *split, const char *metric);

/* Writes the record with its config line to path (atomically). */
int ts_record_save(const ts_record *r, const char *path, uint64_t config_hash, const char *config);
/* Loads path into r if it exists and its config hash equals config_hash: returns 1 when
 * loaded, 0 when missing or stale (r left empty), TS_ERR on a corrupt file. */
int ts_record_load(ts_record *r, const char *path, uint64_t config_hash);

/* Appends the rows as CSV lines "study,variant,seed,epoch,step,split,metric,value". */
void ts_record_write_csv(const ts_record *r, FILE *f, const char *study, const char *variant, int seed);

/* FNV-1a, 64 bit: the configuration hash. */
uint64_t ts_hash_string(const char *s);

#endif
