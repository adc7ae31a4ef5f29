/* Ablations: a base configuration, a list of variants that each change one factor, run
 * over several seeds; and the lesson program around them (flags, presets, data, outputs).
 *
 * A lesson declares its experiment as data:
 *
 *   static void with_bn(ts_run_config *c) { c->batchnorm = 1; }
 *   static const ts_variant BN_VARIANTS[] = {{"no-bn", "without BN", NULL}, {"bn", "with BN", with_bn}};
 *   ts_study study = {.name = "bn", .title = "BatchNorm", .base = base,
 *                     .variants = BN_VARIANTS, .nvariants = 2};
 *   ts_study_run(&lesson, &study);           // trains what is missing, loads the rest
 *
 * Records are never lost: each finished (variant, seed) run is saved atomically under
 * <out>/records/<study>/<variant>-seed<k>.csv with its configuration's hash, and skipped on
 * the next invocation unless --fresh is given or its configuration changed. Ctrl-C stops
 * after the current epoch; every finished run is kept and a re-run finishes only what is
 * missing. A run whose loss becomes NaN/Inf is recorded as diverged and the lesson goes on.
 *
 * Presets scale the work: smoke (seconds, for tests), quick (the default, a few minutes
 * on 2 cores, ≥ 2 seeds), full (what `make results` commits, ≥ 3 seeds). The flags
 * --epochs --seeds --train-size --batch-size override the preset in every study's base
 * configuration; a variant that changes the same factor still changes it.
 *
 * The parts, one file each: lesson.c (flags, presets, data, main, narration), part.c (a lesson's
 * parts: question, verdicts, charts, classroom mode's pauses), study_run.c
 * (configurations, running with the record cache), study_stats.c (statistics across seeds),
 * lesson_tables.c (runs.csv, summary.csv, config), study_curves.c (learning-curve charts). */
#ifndef TS_ABLATION_H
#define TS_ABLATION_H

#include <stdio.h>

#include "../data/dataset.h"
#include "../plot/report.h"
#include "measure.h"
#include "record.h"
#include "run.h"
#include "stats.h"

typedef enum { TS_SMOKE, TS_QUICK, TS_FULL } ts_preset;

/* One variant: its id (file names, CSV), its legend label, and the change it makes to
 * the study's base configuration (NULL: the base itself). */
typedef struct {
    const char *name;
    const char *label;
    void (*apply)(ts_run_config *c);
} ts_variant;

typedef struct ts_lesson ts_lesson;

enum { TS_PART_MAX_CHARTS = 12 }; /* charts a part's end lists by name (part.h) */

/* After a run has trained (or been loaded), optional extra measurements on the trained
 * model, added to the run's record (they are saved with it). */
typedef int (*ts_after_run)(ts_lesson *lesson, const ts_run_config *c, ts_model *model, ts_record *rec);

typedef struct {
    const char *name;           /* id: "bn-lr" */
    const char *title;          /* for the report: "BatchNorm at two learning rates" */
    ts_run_config base;
    const ts_variant *variants;
    int nvariants;
    ts_after_run after_run;     /* NULL: none */
    int full_seeds;             /* the full preset runs at least this many seeds (0: the lesson's):
                                   a verdict on a difference of a point or two needs 5 */
    /* filled by ts_study_run: records[v * seeds + s] */
    ts_record *records;
    int seeds;
    double seconds;             /* training time spent in this invocation */
    /* 1: a measurement at initialisation, no training: every run is a freshly initialised
       model handed to after_run (epochs 0 whatever --epochs says); no summary.csv rows */
    int at_init;
} ts_study;

struct ts_lesson {
    const char *id;             /* "lesson-3" */
    ts_preset preset;
    const char *preset_name;
    int seeds, fresh, threads, quiet;
    int seeds_given;            /* 1: --seeds was on the command line */
    int epochs, train_size, batch_size;   /* overrides, 0 = the preset's */
    const char *data_dir, *out_dir;
    char out_default[256];
    ts_dataset train, test;
    FILE *narration;            /* stdout */
    int runs_total, runs_done;  /* progress over the whole lesson */
    double started;
    int pause;                  /* --pause: classroom mode, wait for Enter around each part (part.h) */
    int part;                   /* parts begun so far */
    struct {
        char name[64], caption[256];
    } part_charts[TS_PART_MAX_CHARTS]; /* the current part's charts, listed at its end */
    int part_ncharts, part_charts_dropped;
};

/* Parses the standard flags (--preset --epochs --seeds --train-size --batch-size --threads
 * --data --out --fresh --quiet --pause --help), loads the data. Returns TS_OK, TS_ERR (message set)
 * or 1 when --help was printed. `description` heads the --help text. */
int ts_lesson_init(ts_lesson *L, const char *id, const char *description, int argc, char **argv);
void ts_lesson_free(ts_lesson *L);

/* For a lesson whose verdicts need other seed counts than the presets' 1, 2, 3 (say 5 in
 * the full preset, where a verdict turns on a point or two): sets L->seeds from the
 * preset, unless --seeds was given. Call it first in the lesson's run(). */
void ts_lesson_set_seeds(ts_lesson *L, int smoke, int quick, int full);

/* The preset's value: smoke, quick or full. */
int ts_by_preset(const ts_lesson *L, int smoke, int quick, int full);


/* The study's configuration for variant v: base, then the lesson's overrides, then the variant. */
ts_run_config ts_study_config(const ts_lesson *L, const ts_study *s, int v);

/* The seeds study s runs: the lesson's, or its full_seeds in the full preset when more. */
int ts_study_seeds(const ts_lesson *L, const ts_study *s);

/* Runs (or loads) every variant × seed. Call ts_lesson_plan() for all studies first so
 * the overall progress line knows the total. */
void ts_lesson_plan(ts_lesson *L, const ts_study *s);
int ts_study_run(ts_lesson *L, ts_study *s);
void ts_study_free(ts_study *s);

/* A metric across seeds for variant v: the value at `epoch` (−1: each run's last). */
ts_stat ts_study_stat(const ts_study *s, int v, const char *split, const char *metric, int epoch);
/* Epochs until (split, metric) first reaches `threshold` (≥), per seed; runs that never
 * do count as NaN (so the stat's n says how many got there). */
ts_stat ts_study_epochs_to(const ts_study *s, int v, const char *split, const char *metric, double threshold);
/* A measure (measure.h) of variant v: per seed into values[0..seeds), or across the seeds. */
void ts_study_measure_values(const ts_study *s, int v, const ts_measure *m, double *values);
ts_stat ts_study_measure(const ts_study *s, int v, const ts_measure *m);
/* Per seed, the highest value of (split, metric) over the run's epochs. */
ts_stat ts_study_best(const ts_study *s, int v, const char *split, const char *metric);
/* Per seed, the sum of (split, metric) over the run's epochs (e.g. "train", "seconds"). */
ts_stat ts_study_sum(const ts_study *s, int v, const char *split, const char *metric);
/* Per seed, the last epoch's metric on split_a minus on split_b: the train − test gap. */
ts_stat ts_study_gap(const ts_study *s, int v, const char *split_a, const char *split_b, const char *metric);
/* How many seeds of variant v diverged. */
int ts_study_diverged(const ts_study *s, int v);
/* How many seeds of variant v failed to train: diverged, or ended with a test accuracy
 * below `below` (e.g. 0.2 with 10 classes: a network that died at chance level without
 * a NaN, as a plain CNN at too high an lr can). */
int ts_study_failed(const ts_study *s, int v, double below);

/* Writes <out>/runs.csv, <out>/summary.csv and <out>/config for these studies; config
 * names the machine as ts_blas_describe does (CPU, OpenBLAS version and core, threads). */
int ts_lesson_write_tables(ts_lesson *L, ts_study *const *studies, int nstudies, double threshold);

/* Learning curves of (split, metric) for every variant of a study: mean across seeds with
 * a min–max band, one colour per variant (its index + colour_offset). */
int ts_study_chart_curves(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                          const char *split, const char *metric, const char *ylabel, int colour_offset);
/* The same with every value times `scale`: 100 shows an accuracy in percent. */
int ts_study_chart_curves_scaled(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                                 const char *split, const char *metric, double scale, const char *ylabel,
                                 int colour_offset);

/* A lesson program's whole main(): OpenBLAS on the CPU's best kernels (ts_blas_ensure_best_core,
 * which may re-execute the program once), flags and data (ts_lesson_init), run(L), and one
 * clear error line on failure; exit status 0, 1, or 130 after Ctrl-C (finished runs are kept). */
int ts_lesson_main(int argc, char **argv, const char *id, const char *description, int (*run)(ts_lesson *L));

/* Says the lesson's title, preset, seeds, threads and data (the narration's first lines) and
 * opens its REPORT.md with the title and the paragraph every report starts with:
 * the seed section, the program (pass __FILE__), preset, seeds and data, how to read
 * mean ± std and when a difference counts, where the raw numbers are — then `fmt`, more
 * setup in the lesson's words (may be NULL) — and a line naming the machine (ts_blas_describe). */
int ts_lesson_report_open(ts_lesson *L, ts_report *r, const char *title, int section, const char *program,
                          const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The lesson's end. status TS_OK: writes REPORT.md (and KEY.md) and says, as the narration's
 * last line, what was written where and whether the charts were drawn. Otherwise (an error,
 * Ctrl-C) discards the report: the last complete one stays, as do the finished runs' records.
 * Returns status, or TS_ERR when the report cannot be written. */
int ts_lesson_finish(ts_lesson *L, ts_report *r, int status);

/* printf to the narration stream (stdout). */
void ts_say(ts_lesson *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
