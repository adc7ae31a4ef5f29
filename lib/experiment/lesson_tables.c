/* The lesson's tables (ablation.h): runs.csv (every record, long format), summary.csv (mean ±
 * std per variant of the usual measures) and config (what produced them). */
#include "ablation.h"

#include <stdlib.h>

#include "../core/blas_core.h"
#include "../core/error.h"
#include "../core/files.h"

#ifndef TS_VERSION
#define TS_VERSION "unknown"
#endif

static void summary_row(FILE *f, const ts_study *s, int v, const char *metric, ts_stat st) {
    fprintf(f, "%s,%s,%s,%.9g,%.9g,%d\n", s->name, s->variants[v].name, metric, st.mean, st.std, st.n);
}

int ts_lesson_write_tables(ts_lesson *L, ts_study *const *studies, int nstudies, double threshold) {
    char path[4200], *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "study,variant,seed,epoch,step,split,metric,value\n");
    for (int i = 0; i < nstudies; i++)
        for (int v = 0; v < studies[i]->nvariants; v++)
            for (int k = 0; k < studies[i]->seeds; k++)
                ts_record_write_csv(&studies[i]->records[v * studies[i]->seeds + k], f, studies[i]->name,
                                    studies[i]->variants[v].name, k + 1);
    fclose(f);
    snprintf(path, sizeof path, "%s/runs.csv", L->out_dir);
    int status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    if (status != TS_OK) return status;

    f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "study,variant,metric,mean,std,n\n");
    char name[64];
    snprintf(name, sizeof name, "epochs_to_test_accuracy_%g", threshold);
    for (int i = 0; i < nstudies; i++) {
        const ts_study *s = studies[i];
        for (int v = 0; v < s->nvariants && !s->at_init; v++) { /* nothing trained at init */
            summary_row(f, s, v, "final_test_accuracy", ts_study_stat(s, v, "test", "accuracy", -1));
            summary_row(f, s, v, "best_test_accuracy", ts_study_best(s, v, "test", "accuracy"));
            summary_row(f, s, v, "final_train_accuracy", ts_study_stat(s, v, "train", "accuracy", -1));
            summary_row(f, s, v, "final_test_loss", ts_study_stat(s, v, "test", "loss", -1));
            summary_row(f, s, v, "train_test_accuracy_gap", ts_study_gap(s, v, "train", "test", "accuracy"));
            if (ts_study_stat(s, v, "train_eval", "accuracy", -1).n > 0) {
                summary_row(f, s, v, "final_train_eval_accuracy", ts_study_stat(s, v, "train_eval", "accuracy", -1));
                summary_row(f, s, v, "train_eval_test_accuracy_gap", ts_study_gap(s, v, "train_eval", "test", "accuracy"));
            }
            summary_row(f, s, v, name, ts_study_epochs_to(s, v, "test", "accuracy", threshold));
            summary_row(f, s, v, "train_seconds", ts_study_sum(s, v, "train", "seconds"));
            fprintf(f, "%s,%s,diverged_runs,%d,0,%d\n", s->name, s->variants[v].name, ts_study_diverged(s, v), s->seeds);
        }
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/summary.csv", L->out_dir);
    status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    if (status != TS_OK) return status;

    /* config: what produced these files */
    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "lesson %s\npreset %s\nseeds %d\nepochs_override %d\ntrain_size_override %d\n"
               "batch_size_override %d\nthreads %d\ndata %s\ntrainskill %s\nmachine %s\n",
            L->id, L->preset_name, L->seeds, L->epochs, L->train_size, L->batch_size, L->threads,
            L->data_dir, TS_VERSION, machine);
    for (int i = 0; i < nstudies; i++)
        for (int v = 0; v < studies[i]->nvariants; v++) {
            const ts_run_config c = ts_study_config(L, studies[i], v);
            char desc[2048];
            ts_run_config_describe(&c, desc, sizeof desc);
            fprintf(f, "run %s/%s %s\n", studies[i]->name, studies[i]->variants[v].name, desc);
        }
    fclose(f);
    snprintf(path, sizeof path, "%s/config", L->out_dir);
    status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    return status;
}
