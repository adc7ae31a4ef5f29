/* Lessons end to end, as a user runs them: lesson 3 with the smoke preset into a temporary
 * directory. Checks the outputs exist and parse (config and REPORT.md name the machine and
 * the OpenBLAS core), that a second invocation trains nothing and reproduces the same
 * tables, and that interruptions lose no finished run — both a record removed by hand and
 * a real Ctrl-C (SIGINT) in the middle of a run. Lessons 1, 2, 4 and 7's smoke runs: their
 * outputs exist and parse, and their deterministic verdicts hold. Classroom mode (--pause):
 * every lesson goes part by part (each part's verdicts before the next part's question) and
 * does not wait when stdin is not a terminal; on a terminal (a pty) it waits for Enter, and
 * Ctrl-C ends a wait. Every program's numeric flags refuse NaN, infinity and out-of-range
 * values with one error line.
 * The programs are found in $TRAINSKILL_BIN (set by `make test`). */
#include <cblas.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/core/cli.h"
#include "../lib/core/error.h"
#include "../lib/plot/chart.h"
#include "tests.h"

static char out[64];

static void make_out(void) {
    snprintf(out, sizeof out, "/tmp/ts-lesson-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(out));
}

static void remove_out(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    buf[fread(buf, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return buf;
}

static char *out_file(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", out, name);
    return slurp(path);
}

/* Runs a shell command with stdin a pipe that stays open and silent until the command ends:
   a program that waited for input there (--pause off a terminal) would hang, not finish. */
static int run_silent_stdin(const char *cmd) {
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[0], STDIN_FILENO);
        close(fd[0]);
        close(fd[1]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    close(fd[1]);
    return status;
}

/* Runs $TRAINSKILL_BIN/<program> <flags> with stderr into stdout; returns its exit status, its
   output in *log. */
static int run_program(const char *program, const char *flags, char **log) {
    const char *bin = getenv("TRAINSKILL_BIN");
    ck_assert_msg(bin != NULL, "TRAINSKILL_BIN is not set (run through `make test`)");
    char cmd[1024], log_path[128];
    snprintf(log_path, sizeof log_path, "%s.log", out);
    snprintf(cmd, sizeof cmd, "'%s/%s' %s > '%s' 2>&1", bin, program, flags, log_path);
    const int status = run_silent_stdin(cmd);
    *log = slurp(log_path);
    remove(log_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs a lesson program (smoke preset) with extra flags. */
static int run_lesson(const char *program, const char *flags, char **log) {
    char all[768];
    snprintf(all, sizeof all, "--preset smoke --quiet --out '%s' %s", out, flags);
    return run_program(program, all, log);
}

static int lesson3(const char *flags, char **log) { return run_lesson("lesson-3-layers", flags, log); }

/* Each chart's .dat and .gp exist, and its .png when gnuplot is installed. */
static void expect_charts(const char *const *charts, int n) {
    for (int i = 0; i < n; i++) {
        char name[64];
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "%s.%s", charts[i], k ? "gp" : "dat");
            char *text = out_file(name);
            ck_assert_msg(text != NULL, "%s missing", name);
            free(text);
        }
        if (ts_gnuplot_available()) {
            snprintf(name, sizeof name, "%s.png", charts[i]);
            char *png = out_file(name);
            ck_assert_msg(png != NULL && !memcmp(png, "\x89PNG", 4), "%s missing or not a PNG", name);
            free(png);
        }
    }
}

/* runs.csv without the wall-clock rows (",seconds," per epoch, ",wall_seconds," per run),
   which differ from run to run. */
static char *without_timings(char *csv) {
    char *w = csv;
    for (char *line = csv; *line;) {
        char *end = strchr(line, '\n');
        const size_t len = end ? (size_t)(end - line + 1) : strlen(line);
        const char *hit = strstr(line, "seconds,");
        if (!hit || (end && hit > end)) {
            memmove(w, line, len);
            w += len;
        }
        line += len;
    }
    *w = '\0';
    return csv;
}

static int count(const char *text, const char *needle) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++) n++;
    return n;
}

/* The narration of --pause off a terminal: it says once that it will not wait, asks to predict
   n times, and goes part by part — part k's question, then `said[k]` (a verdict or a fact of
   that part), then part k + 1's question. */
static void expect_parts(const char *log, const char *const *questions, const char *const *said, int n) {
    ck_assert_int_eq(count(log, "--pause: stdin is not a terminal, so the lesson does not wait"), 1);
    ck_assert_int_eq(count(log, "Predict before you look"), n);
    const char *at = log;
    for (int k = 0; k < n; k++) {
        const char *q = strstr(at, questions[k]), *v = q ? strstr(q, said[k]) : NULL;
        ck_assert_msg(q != NULL, "part %d's question missing or out of order: %s\n%s", k + 1, questions[k], log);
        ck_assert_msg(v != NULL, "part %d says no '%s' after its question:\n%s", k + 1, said[k], log);
        const char *next = k + 1 < n ? strstr(q, questions[k + 1]) : NULL;
        ck_assert_msg(k + 1 == n || (next && v < next), "part %d's '%s' comes after part %d's question:\n%s", k + 1,
                      said[k], k + 2, log);
        at = v;
    }
}

/* runs.csv: a header and lines of 8 comma-separated fields. */
static void check_runs_csv(const char *csv) {
    ck_assert_msg(csv != NULL, "runs.csv missing");
    ck_assert(strncmp(csv, "study,variant,seed,epoch,step,split,metric,value\n", 49) == 0);
    int lines = 0;
    for (const char *line = strchr(csv, '\n') + 1; *line; line = strchr(line, '\n') + 1, lines++) {
        const char *end = strchr(line, '\n');
        ck_assert_ptr_nonnull(end);
        int commas = 0;
        for (const char *p = line; p < end; p++) commas += *p == ',';
        ck_assert_int_eq(commas, 7);
    }
    ck_assert_int_gt(lines, 40);
    ck_assert_ptr_nonnull(strstr(csv, "bn-lr,bn,1,1,"));
    ck_assert_ptr_nonnull(strstr(csv, "pitfall,bn-dropout,1,1,0,test,train_mode_batch2,"));
    ck_assert_ptr_nonnull(strstr(csv, ",train_eval,accuracy,")); /* the clean gap's train side */
}

/* The value of a runs.csv line that starts with `prefix`, every field but the value (NAN if none). */
static double csv_value(const char *csv, const char *prefix) {
    for (const char *line = csv; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (!strncmp(line, prefix, strlen(prefix))) return strtod(line + strlen(prefix), NULL);
    return NAN;
}

START_TEST(smoke_run_writes_everything_and_reruns_train_nothing) {
    char *log;
    ck_assert_int_eq(lesson3("", &log), 0);
    ck_assert_int_eq(count(log, "  run "), 19); /* 5 + 5 + 3 + 5 + 1 (variant, seed) runs */
    ck_assert_int_eq(count(log, ": not testable"), 11); /* 11 verdicts, one seed: none is a finding */
    ck_assert_int_eq(count(log, "Charts to open, in "), 4); /* part 3 has none */
    ck_assert_int_eq(count(log, "Predict before you look"), 0); /* only with --pause */
    free(log);
    char *runs = out_file("runs.csv"), *summary = out_file("summary.csv"), *report = out_file("REPORT.md"),
         *config = out_file("config");
    check_runs_csv(runs);
    ck_assert_ptr_nonnull(summary);
    ck_assert(strncmp(summary, "study,variant,metric,mean,std,n\n", 32) == 0);
    ck_assert_ptr_nonnull(strstr(summary, "dropout,p0.5,train_eval_test_accuracy_gap,"));
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_nonnull(strstr(report, "# Lesson 3"));
    ck_assert_ptr_nonnull(strstr(report, "**Claim: BN trains faster.**"));
    /* tolerance is the change 0.03 → 0.3 within each network, compared between them */
    ck_assert_ptr_nonnull(strstr(report, "| (BN, lr 0.3) − (BN, lr 0.03) vs (no BN, lr 0.3) − (no BN, lr 0.03) |"));
    ck_assert_ptr_nonnull(strstr(report, "| (BN, batch 2) − (BN, batch 32) vs (no BN, batch 2) − (no BN, batch 32) |"));
    ck_assert_ptr_nonnull(strstr(report, "| dropout 0.5 vs dropout 0 |"));
    ck_assert_ptr_nonnull(strstr(report, "**Claim: forgetting model.eval() lowers test accuracy.**"));
    ck_assert_ptr_nonnull(config);
    ck_assert_ptr_nonnull(strstr(config, "preset smoke"));
    /* the machine, with the OpenBLAS core the lesson ran: ours, as it inherits our environment */
    char core[64];
    snprintf(core, sizeof core, " core %s (", openblas_get_corename());
    ck_assert_msg(strstr(config, "\nmachine ") && strstr(config, core), "config lacks '%s':\n%s", core, config);
    ck_assert_msg(strstr(report, "\n\nMachine: ") && strstr(report, core), "REPORT.md lacks the machine line");
    ck_assert_ptr_nonnull(strstr(config, "bn-lr/bn-after-relu model=seed_cnn batchnorm=1"));
    ck_assert_ptr_nonnull(strstr(config, "bn-batch/bn-conv-only-b2 model=seed_cnn batchnorm=1 dropout=0 optimizer=sgd "
                                         "lr=0.001875 momentum=0.9 batch_size=2"));
    /* eval mode does not depend on the test batch (one image of 500 at most, for GEMM rounding) */
    const double eval100 = csv_value(runs, "pitfall,bn-dropout,1,1,0,test,eval_mode_batch100,"),
                 eval2 = csv_value(runs, "pitfall,bn-dropout,1,1,0,test,eval_mode_batch2,");
    ck_assert_double_eq_tol(eval100, eval2, 0.0021);
    const char *charts[] = {"bn-lr-test-accuracy", "bn-lr-train-loss", "dropout-test-accuracy", "dropout-gap",
                            "bn-batch", "pitfall-modes"};
    expect_charts(charts, sizeof charts / sizeof *charts);
    /* again, without --fresh and with --pause, as a teacher replays it in class with stdin not a
       terminal: nothing is trained, the tables are the same, and the narration goes part by part */
    ck_assert_int_eq(lesson3("--pause", &log), 0);
    ck_assert_int_eq(count(log, "  run "), 0);
    ck_assert_int_eq(count(log, " runs replayed from "), 5);
    const char *questions[] = {"\n1. Does BatchNorm train faster", "\n2. Does dropout reduce overfitting?",
                               "\n3. Does dropout hurt", "\n4. Does BatchNorm fail with batches of 2",
                               "\n5. The train()/eval() pitfall"},
               *said[] = {"  BN trains faster: ", "  Dropout2d regularises the conv blocks more",
                          "  without overfitting, dropout lowers test accuracy: ",
                          "  at batch 2 the harm comes from BatchNorm1d", "  forgetting model.eval()"};
    expect_parts(log, questions, said, 5);
    free(log);
    char *runs2 = out_file("runs.csv"), *summary2 = out_file("summary.csv");
    ck_assert_msg(strcmp(runs, runs2) == 0, "runs.csv changed on a re-run");
    ck_assert_msg(strcmp(summary, summary2) == 0, "summary.csv changed on a re-run");
    /* a lost run (as if the program died before saving it) is the only one retrained,
       and it comes back bit-identical */
    char path[256];
    snprintf(path, sizeof path, "%s/records/dropout/p0.2-seed1.csv", out);
    ck_assert_int_eq(remove(path), 0);
    ck_assert_int_eq(lesson3("", &log), 0);
    ck_assert_int_eq(count(log, "  run "), 1);
    free(log);
    char *runs3 = out_file("runs.csv");
    ck_assert_msg(strcmp(without_timings(runs), without_timings(runs3)) == 0,
                  "the retrained run differs from the lost one (same seed and threads must give the same bits)");
    free(runs), free(runs2), free(runs3), free(summary), free(summary2), free(report), free(config);
}
END_TEST

static int count_records(void) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls '%s'/records/*/*.csv 2>/dev/null | wc -l", out);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (fscanf(p, "%d", &n) != 1) n = 0;
    pclose(p);
    return n;
}

START_TEST(ctrl_c_keeps_finished_runs) {
    const char *bin = getenv("TRAINSKILL_BIN");
    ck_assert_ptr_nonnull(bin);
    char exe[512];
    snprintf(exe, sizeof exe, "%s/lesson-3-layers", bin);
    const pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(exe, exe, "--preset", "smoke", "--quiet", "--out", out, (char *)NULL);
        _exit(127);
    }
    /* wait for the first finished run, then interrupt the next one */
    const time_t deadline = time(NULL) + 120;
    while (count_records() < 1 && time(NULL) < deadline) usleep(20000);
    ck_assert_int_ge(count_records(), 1);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    const int kept = count_records();
    ck_assert_msg(WIFEXITED(status) && (WEXITSTATUS(status) == 130 || WEXITSTATUS(status) == 0),
                  "exit status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls '%s'/records/*/*.tmp >/dev/null 2>&1", out);
    ck_assert_msg(system(cmd) != 0, "a temporary record file was left behind");
    /* the re-run trains only what is missing */
    char *log;
    ck_assert_int_eq(lesson3("", &log), 0);
    ck_assert_int_eq(count(log, "  run "), 19 - kept);
    free(log);
    check_runs_csv(out_file("runs.csv"));
}
END_TEST

/* Lesson 7 (smoke) end to end: exit status, tables, charts; the computed facts that hold
   whatever the seed — exactness without BN and not with it, accumulation at micro-batch
   memory, the seed's short group at n_last/(k·B) — and every verdict's table. */
START_TEST(lesson7_smoke_run) {
    char *log;
    const int status = run_lesson("lesson-7-accumulation", "--pause", &log);
    ck_assert_msg(status == 0, "lesson 7 failed:\n%s", log ? log : "");
    const char *questions[] = {"\n1. Is accumulation exact?", "\n2. Does it train like the large batch?",
                               "\n3. What does it save?", "\n4. The seed's short last group"},
               *said[] = {"  with BN: 4 micro-batches of 8 give another gradient", "  8 x 4 accumulated takes longer",
                          "  8 x B/8 accumulated holds the memory",
                          "  the seed's under-weighted last step"};
    expect_parts(log, questions, said, 4);
    ck_assert_int_eq(count(log, "  run "), 7); /* 5 + 2 (variant, seed) runs */
    ck_assert_int_ge(count(log, ": holds — "), 4); /* 5 where the peak RSS can be reset */
    ck_assert_int_eq(count(log, "does NOT hold"), 0);
    free(log);
    char *runs = out_file("runs.csv"), *summary = out_file("summary.csv"), *report = out_file("REPORT.md"),
         *key = out_file("KEY.md");
    ck_assert_msg(runs != NULL, "runs.csv missing");
    ck_assert(strncmp(runs, "study,variant,seed,epoch,step,split,metric,value\n", 49) == 0);
    ck_assert_ptr_nonnull(strstr(runs, "batch,accum-8x4,1,1,16,test,accuracy,"));    /* 512 images: 16 steps */
    ck_assert_ptr_nonnull(strstr(runs, "batch,bn-accum-8x4,1,1,16,test,accuracy,")); /* with BN */
    ck_assert_ptr_nonnull(strstr(runs, "partial,seed-style,1,1,9,test,accuracy,"));  /* 8 full groups + 1 short */
    ck_assert_ptr_nonnull(summary);
    ck_assert_ptr_nonnull(strstr(summary, "batch,large-32,final_test_accuracy,"));
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_nonnull(strstr(report, "# Lesson 7"));
    const char *facts[] = {"**no BN: 4 micro-batches of 8 give the gradient of one batch of 32** — **holds**",
                           "**with BN: 4 micro-batches of 8 give another gradient than one batch of 32** — **holds**",
                           "**8 x B/8 accumulated holds the memory of batch 8, at every B** — **holds**",
                           "**the seed's last step is its mean gradient scaled by n_last/(k·B)** — **holds**",
                           "ratio 0.2500 (derived: 0.2500)"};
    for (int i = 0; i < 5; i++) ck_assert_msg(strstr(report, facts[i]) != NULL, "missing: %s", facts[i]);
    ck_assert_int_eq(count(report, "**Claim: "), 5); /* every verdict's table, untestable at one seed */
    ck_assert_int_eq(count(report, "not testable"), 5);
    ck_assert_ptr_nonnull(key);
    ck_assert_ptr_nonnull(strstr(key, "memory-batch.png"));
    ck_assert_ptr_nonnull(strstr(key, "— **holds**"));
    /* the memory table: three effective batch sizes, the library's bytes parse as numbers */
    const char *row = strstr(report, "| 32 | ");
    ck_assert_ptr_nonnull(row);
    double lib32, rss32, lib8x4, rss8x4;
    ck_assert_int_eq(sscanf(row, "| 32 | %lf | %lf | %lf | %lf |", &lib32, &rss32, &lib8x4, &rss8x4), 4);
    ck_assert(lib32 > lib8x4 && lib8x4 > 0);
    const char *charts[] = {"memory-batch", "batch-test-accuracy", "batch-train-loss", "partial-grad-norm",
                            "partial-test-accuracy"};
    expect_charts(charts, sizeof charts / sizeof *charts);
    free(runs);
    free(summary);
    free(report);
    free(key);
}
END_TEST

/* Lesson 1 (smoke) end to end: the gallery, the ToPILImage round trips, the seed's snippet
   mistakes with the parser's real errors, both studies with their clean train accuracy
   (train_eval) and transform specs in the run configurations, the verdict tables, the
   charts and the report. */
START_TEST(lesson1_smoke_run) {
    char *log;
    const int status = run_lesson("lesson-1-data", "--pause", &log);
    ck_assert_msg(status == 0, "lesson 1 failed:\n%s", log ? log : "");
    const char *questions[] = {"\n1. What does each transform do?", "\n2. The seed's snippets, run",
                               "\n3. Does augmentation reduce overfitting?", "\n4. How should the inputs be scaled?"},
               *said[] = {"  ToPILImage round trip after Normalize", "Resize: interpolation must be one of",
                          "  Augmentation raises test accuracy: ",
                          "  At one learning rate, larger inputs train further"};
    expect_parts(log, questions, said, 4);
    ck_assert_int_eq(count(log, "  run "), 11); /* 5 + 6 (variant, seed) runs */
    ck_assert_ptr_nonnull(strstr(log, "mean 0.2860, std 0.3530"));
    ck_assert_ptr_nonnull(strstr(log, "ToPILImage round trip after ToTensor: 0.0% of the values changed"));
    ck_assert_ptr_nonnull(strstr(log, "transform spec: Normalize at column 1 needs a float tensor"));
    ck_assert_ptr_nonnull(strstr(log, "At one learning rate, larger inputs train further: indicative"));
    free(log);
    char *runs = out_file("runs.csv"), *summary = out_file("summary.csv"), *report = out_file("REPORT.md"),
         *config = out_file("config"), *gallery = out_file("gallery.dat");
    ck_assert_ptr_nonnull(runs);
    ck_assert_ptr_nonnull(strstr(runs, "augment,all,1,2,16,train_eval,accuracy,")); /* 256 images, batch 32 */
    ck_assert_ptr_nonnull(strstr(runs, "scaling,raw,1,1,8,test,accuracy,"));
    ck_assert_ptr_nonnull(summary);
    ck_assert_ptr_nonnull(strstr(summary, "augment,none,train_eval_test_accuracy_gap,"));
    ck_assert_ptr_nonnull(config);
    ck_assert_ptr_nonnull(strstr(config, "train_transform=RandomCrop(28,padding=2),RandomHorizontalFlip(0.5),"
                                         "ToTensor,RandomErasing(0.5) eval_train=1"));
    ck_assert_ptr_nonnull(strstr(config, "test_transform=ToTensor,Normalize(0.286,0.353)"));
    ck_assert_ptr_nonnull(strstr(config, "test_transform=ToTensor,Normalize(0,0.353)"));
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_nonnull(strstr(report, "# Lesson 1"));
    ck_assert_ptr_nonnull(strstr(report, "](gallery.png)"));
    /* ToPILImage: lossless on ToTensor's grid, truncating after a blur */
    ck_assert_ptr_nonnull(strstr(report, "| after ToTensor | 0.0% | 0.0000 | +0.000 |"));
    ck_assert_ptr_nonnull(strstr(report, "| after GaussianBlur(5) on the float tensor |"));
    /* the parser's own error lines for the seed's mistakes */
    ck_assert_ptr_nonnull(strstr(report, "`transform spec: expected ',' between transforms at 'Normalize' (column 12)`"));
    ck_assert_ptr_nonnull(strstr(report, "`transform spec: Resize: interpolation must be one of 'bilinear', 'nearest', got 512`"));
    /* what each scaling makes of the inputs, and the verdicts through the engine */
    ck_assert_ptr_nonnull(strstr(report, "| ImageNet mean/std | `ToTensor,Normalize(0.459,0.2256)` | -0.77 | 1.56 |"));
    ck_assert_ptr_nonnull(strstr(report, "| data set std, not centred | `ToTensor,Normalize(0,0.353)` | 0.81 | 1.00 |"));
    ck_assert_ptr_nonnull(strstr(report, "| variant | final test accuracy (%) | best test accuracy (%) | final "
                                         "train accuracy, clean pass (%) | train − test accuracy (points) |"));
    ck_assert_ptr_nonnull(strstr(report, "**Claim: Augmentation raises training accuracy.**"));
    ck_assert_ptr_nonnull(strstr(report, "| p (Holm, 4 tests) |"));
    ck_assert_ptr_nonnull(strstr(report, "**Claim: Centring the inputs helps (same std of 1).**"));
    ck_assert_ptr_nonnull(strstr(report, "Least-squares slope over the 5 runs"));
    /* the gallery: 16 rows × 6 columns of 36×36 tiles (Pad(4) makes the largest) */
    ck_assert_ptr_nonnull(gallery);
    int rows = 0;
    for (const char *p = gallery; *p; p = strchr(p, '\n') + 1) {
        if (*p != '#') rows++;
        if (!strchr(p, '\n')) break;
    }
    ck_assert_int_eq(rows, 16 * (36 + 2) - 2);
    const char *charts[] = {"gallery", "augment-gap", "augment-train-accuracy", "augment-test-accuracy",
                            "scaling-train-loss", "scaling-test-accuracy"};
    expect_charts(charts, sizeof charts / sizeof *charts);
    char *texts[] = {runs, summary, report, config, gallery};
    for (int i = 0; i < 5; i++) free(texts[i]);
}
END_TEST

/* Lesson 2 (smoke) end to end: exit status, the per-layer records and histograms of the probe
   studies (which train nothing and so have no summary rows), charts, the checks that follow
   from the variance theory whatever the seed (every measured factor within 25% of the mean
   field), a verdict table per claim, and the seed's view(batch_size, -1) on the last batch
   of the test set (10000 = 156·64 + 16) refused by the library's shape check. */
START_TEST(lesson2_smoke_run) {
    char *log;
    const int status = run_lesson("lesson-2-init", "--pause", &log);
    ck_assert_msg(status == 0, "lesson 2 failed:\n%s", log ? log : "");
    const char *questions[] = {"\n1. At init", "\n2. Training the deep ReLU network", "\n2. Training the deep tanh",
                               "\n3. LeakyReLU", "\n4. With BatchNorm", "\n5. The seed's CNN"},
               *said[] = {"  LeakyReLU at init: ", "  initialisation matters more in a deeper network: ",
                          "  Xavier init suits a deep tanh network: ", "  with LeakyReLU(0.5), He needs the slope",
                          "  with BatchNorm the initialisation no longer matters: ", "  out.view(64, -1)"};
    expect_parts(log, questions, said, 6);
    ck_assert_int_eq(count(log, "  run "), 3 * 4 + 6 + 4 + 4 + 4 + 6); /* probes, deep networks, CNN */
    ck_assert_ptr_nonnull(strstr(log, "out.view(64, -1) on the last batch of 16: (64, 784), then layer 0 (Linear) "
                                      "on input (784): expected 3136 input features, got 784"));
    free(log);
    char *runs = out_file("runs.csv"), *summary = out_file("summary.csv"), *report = out_file("REPORT.md");
    ck_assert_msg(runs != NULL, "runs.csv missing");
    ck_assert_ptr_nonnull(strstr(runs, "probe-relu,kaiming,1,0,0,init,pre_std_20,"));
    ck_assert_ptr_nonnull(strstr(runs, "probe-tanh,normal-0.02,1,0,0,init,grad_std_1,"));
    ck_assert_ptr_nonnull(strstr(runs, "probe-tanh,xavier,1,0,0,init,hist_20_30,"));
    ck_assert_ptr_nonnull(strstr(runs, "probe-leaky,slope0.5-a0.5,1,0,0,init,pre_std_20,"));
    ck_assert_ptr_null(strstr(runs, "probe-leaky,slope0.5-a0.5,1,0,0,init,hist_")); /* no histograms there */
    ck_assert_ptr_nonnull(strstr(runs, "cnn,kaiming-conv-only,1,1,"));
    ck_assert_ptr_nonnull(strstr(runs, "mlp-relu,shallow-kaiming,1,1,"));
    ck_assert_ptr_nonnull(summary);
    ck_assert_ptr_null(strstr(summary, "probe-relu,"));
    ck_assert_ptr_nonnull(strstr(summary, "mlp-bn,kaiming,final_test_accuracy,"));
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_nonnull(strstr(report, "# Lesson 2"));
    for (int i = 0; i < 3; i++) {
        const char *check[] = {"- **ReLU at init.**", "- **tanh at init.**", "- **LeakyReLU at init.**"};
        const char *at = strstr(report, check[i]);
        const char *all = at ? strstr(at, "** 8 of 8 measured variance factors per layer (forward and backward) "
                                          "are within a factor 1.25 of the mean field.") : NULL;
        ck_assert_msg(all && all < strchr(at, '\n'), "%s: not every factor matches the theory", check[i]);
    }
    ck_assert_ptr_nonnull(strstr(report, "**Claim: He init suits a deep ReLU network.**"));
    ck_assert_ptr_nonnull(strstr(report, "| (2 layers, N(0, 0.02)) − (2 layers, He) vs (N(0, 0.02)) − (He "));
    ck_assert_ptr_nonnull(strstr(report, "**Claim: with LeakyReLU(0.5), He needs the slope as a.**"));
    ck_assert_ptr_nonnull(strstr(report, "| He on Conv only vs He (kaiming_normal) |"));
    ck_assert_ptr_nonnull(strstr(report, "leave 16 in the last one"));
    const char *charts[] = {"signal-relu-forward",    "signal-relu-backward",    "signal-tanh-forward",
                            "signal-leaky-forward",   "histograms-relu",         "histograms-tanh",
                            "mlp-relu-test-accuracy", "mlp-leaky-test-accuracy", "mlp-bn-test-accuracy",
                            "cnn-test-accuracy"};
    expect_charts(charts, sizeof charts / sizeof *charts);
    free(runs), free(summary), free(report);
}
END_TEST

/* Lesson 4 (smoke) end to end: exit status, tables, charts, the recorded lr of the schedules,
   the facts that hold whatever the seed (read off scheduler sequences, not accuracies), the
   range test's suggestion and the run trained at it, and every verdict and the side-by-side
   answer in the report (one seed: not testable). */
START_TEST(lesson4_smoke_run) {
    char *log;
    const int status = run_lesson("lesson-4-schedulers", "--pause", &log);
    ck_assert_msg(status == 0, "lesson 4 failed:\n%s", log ? log : "");
    const char *questions[] = {"\n1. What do the seed's six schedulers do", "\n2. Do StepLR, MultiStepLR",
                               "\n3. Which lr does the LR range test suggest?", "\n4. Constant lrs, the suggestion"},
               *said[] = {"  CosineAnnealingLR climbs back after T_max: ", "  scheduler.get_last_lr() reads the lr",
                          "lr-range-test.", "  The range test's suggestion trains as well"};
    expect_parts(log, questions, said, 4);
    ck_assert_int_eq(count(log, "  run "), 10); /* 10 variants × 1 seed */
    ck_assert_int_eq(count(log, ": holds — "), 6); /* the six facts */
    free(log);
    char *runs = out_file("runs.csv"), *summary = out_file("summary.csv"), *report = out_file("REPORT.md"),
         *key = out_file("KEY.md");
    ck_assert_msg(runs != NULL, "runs.csv missing");
    ck_assert(strncmp(runs, "study,variant,seed,epoch,step,split,metric,value\n", 49) == 0);
    /* 256 images of batch 64: 4 steps per epoch; StepLR ×0.1 after epoch 1 of 2 */
    ck_assert_ptr_nonnull(strstr(runs, "schedules,step,1,1,4,train,lr,0.1000000"));
    ck_assert_ptr_nonnull(strstr(runs, "schedules,step,1,2,8,train,lr,0.0100000"));
    ck_assert_ptr_nonnull(strstr(runs, "schedules,one-cycle,1,1,4,train,lr,0.0040000")); /* max_lr / 25 */
    ck_assert_ptr_nonnull(strstr(runs, "schedules,one-cycle-fixed-momentum,1,1,4,train,lr,0.0040000"));
    ck_assert_ptr_nonnull(strstr(runs, "schedules,constant-0.3,1,1,4,train,lr,0.30000001"));
    ck_assert_ptr_nonnull(summary);
    ck_assert_ptr_nonnull(strstr(summary, "schedules,warmup-cosine,final_test_accuracy,"));
    ck_assert_ptr_nonnull(strstr(summary, "schedules,suggested,final_test_accuracy,"));
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_nonnull(strstr(report, "# Lesson 4"));
    static const char *const facts[] = {"MultiplicativeLR compounds its lambda", "StepLR(step_size=1) is ExponentialLR",
                                        "MultiStepLR with gamma 0.99 barely moves", "CosineAnnealingLR climbs back after T_max",
                                        "These schedulers need scheduler.step()", "scheduler.get_last_lr() reads the lr"};
    for (int i = 0; i < 6; i++) {
        const char *at = strstr(report, facts[i]);
        ck_assert_msg(at && strstr(at, "— **holds** (computed once, not a statistic)"), "fact: %s", facts[i]);
    }
    ck_assert_ptr_nonnull(strstr(report, "without step() the lr stayed at its initial value for 12 epochs with 3 of the 3"));
    /* the range test (30 steps at smoke) found a steepest descent inside its lr range, the
       suggestion is that lr (one seed: its own geometric mean), and the variant "suggested"
       trained at it */
    double suggestion, steepest, min10;
    int steps;
    const char *mean = strstr(report, "the geometric mean of their suggestions, **");
    const char *row = mean ? strstr(mean, "\n| 1 | ") : NULL;
    ck_assert_msg(mean && sscanf(mean, "the geometric mean of their suggestions, **%lf**", &suggestion) == 1 && row &&
                  sscanf(row, "\n| 1 | %d | %lf | %lf |", &steps, &steepest, &min10) == 3, "no range test result");
    ck_assert_msg(steps >= 16 && steps <= 30 && steepest > 1e-5 && steepest < 10 && suggestion == steepest,
                  "range test: %d steps, steepest descent at %g, suggestion %g", steps, steepest, suggestion);
    ck_assert_double_eq_tol(csv_value(runs, "schedules,suggested,1,1,4,train,lr,"), suggestion, 5e-3 * suggestion);
    /* one seed: every verdict has its table and is not testable, here and in section 5 */
    static const char *const claims[] = {"Too small an lr", "Too large an lr diverges", "holding it at its peak",
                                         "beats the best constant lr", "A warm-up", "momentum cycle",
                                         "The range test's suggestion"};
    for (int i = 0; i < 7; i++) {
        const char *claim = strstr(report, claims[i]);
        const char *table = claim ? strstr(claim, "| comparison | arm | baseline |") : NULL;
        const char *outcome = table ? strstr(table, "** — **") : NULL, *untested = "** — **not testable**";
        ck_assert_msg(outcome && !strncmp(outcome, untested, strlen(untested)), "verdict: %s", claims[i]);
    }
    const char *answers = strstr(report, "## 5. Which scheduler, when?");
    ck_assert_ptr_nonnull(answers);
    ck_assert_int_eq(count(answers, " | not testable |\n"), 7);
    ck_assert_ptr_nonnull(strstr(answers, "| Can the range test replace the grid? |"));
    ck_assert_ptr_nonnull(key);
    ck_assert_ptr_nonnull(strstr(key, "seed-schedulers.png"));
    ck_assert_ptr_nonnull(strstr(key, "MultiplicativeLR compounds its lambda"));
    const char *charts[] = {"seed-schedulers", "first-epoch-loss", "schedules-test-accuracy", "schedules-lr",
                            "schedules-train-loss", "lr-range-test"};
    expect_charts(charts, sizeof charts / sizeof *charts);
    free(runs), free(summary), free(report), free(key);
}
END_TEST

/* Every numeric flag of every program refuses NaN, infinity and values outside the range
   PyTorch accepts (or the program can run): one error line, exit status 1, nothing trained. */
static const struct {
    const char *program, *flags, *error;
} BAD_FLAGS[] = {
    {"train", "--momentum nan", "trainskill: --momentum: expected a finite number, got 'nan'"},
    {"train", "--lr inf", "trainskill: --lr: expected a finite number, got 'inf'"},
    {"train", "--lr=-0.1", "trainskill: --lr must be at least 0, got -0.1"},
    {"train", "--momentum -0.9", "trainskill: --momentum must be at least 0, got -0.9"},
    {"train", "--dropout 1.5", "trainskill: --dropout must be between 0 and 1, got 1.5"},
    {"train", "--dropout -inf", "trainskill: --dropout: expected a finite number, got '-inf'"},
    {"train", "--epochs 0", "trainskill: --epochs must be at least 1, got 0"},
    {"train", "--batch-size 0", "trainskill: --batch-size must be at least 1, got 0"},
    {"train", "--train-size=-1", "trainskill: --train-size must be at least 0, got -1"},
    {"train", "--prefetch=-2", "trainskill: --prefetch must be at least 0, got -2"},
    {"train", "--threads 0", "trainskill: --threads must be between 1 and 1024, got 0"},
    {"train", "--seed 1.5", "trainskill: --seed: expected an integer, got '1.5'"},
    {"bench", "--threads 2000", "trainskill: bench: --threads must be between 1 and 1024, got 2000"},
    {"bench", "--batch 1", "trainskill: bench: --batch must be at least 2, got 1"},
    {"bench", "--steps=-1", "trainskill: bench: --steps must be at least 0, got -1"},
    {"bench", "--warmup 0", "trainskill: bench: --warmup must be at least 1, got 0"},
    {"bench", "--rounds 26", "trainskill: bench: --rounds must be between 1 and 25, got 26"},
    {"lesson-3-layers", "--seeds 101", "trainskill: --seeds must be between 0 and 100, got 101"},
    {"lesson-3-layers", "--epochs=-1", "trainskill: --epochs must be at least 0, got -1"},
    {"lesson-3-layers", "--train-size=-5", "trainskill: --train-size must be at least 0, got -5"},
    {"lesson-3-layers", "--batch-size=-1", "trainskill: --batch-size must be at least 0, got -1"},
    {"lesson-3-layers", "--threads 0", "trainskill: --threads must be between 1 and 1024, got 0"},
    {"lesson-4-schedulers", "--seeds nan", "trainskill: --seeds: expected an integer, got 'nan'"},
};

START_TEST(programs_refuse_bad_flags) {
    char *log;
    const int status = run_program(BAD_FLAGS[_i].program, BAD_FLAGS[_i].flags, &log);
    ck_assert_ptr_nonnull(log);
    char want[256];
    snprintf(want, sizeof want, "%s\n", BAD_FLAGS[_i].error);
    ck_assert_msg(status == 1 && !strcmp(log, want), "%s %s: exit status %d, output:\n%s\nexpected:\n%s",
                  BAD_FLAGS[_i].program, BAD_FLAGS[_i].flags, status, log, want);
    free(log);
}
END_TEST

/* The parser alone: a value is stored only when it is finite and in range; the range is in
   --help, next to the default. */
START_TEST(options_take_finite_values_in_range) {
    int n = 5;
    float x = 0.5f;
    const ts_option opts[] = {{"n", TS_OPT_INT, &n, {1, 10}, "a count"}, {"x", TS_OPT_FLOAT, &x, {0, 1}, "a rate"}};
    const struct {
        const char *arg, *error;
    } refused[] = {
        {"--x=nan", "--x: expected a finite number, got 'nan'"},
        {"--x=-inf", "--x: expected a finite number, got '-inf'"},
        {"--x=1e39", "--x: expected a finite number, got '1e39'"},
        {"--x=1.01", "--x must be between 0 and 1, got 1.01"},
        {"--n=11", "--n must be between 1 and 10, got 11"},
        {"--n=0", "--n must be between 1 and 10, got 0"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char *argv[] = {"prog", (char *)refused[i].arg, NULL};
        ck_assert_int_eq(ts_parse_options(2, argv, opts, 2), TS_CLI_ERROR);
        ck_assert_str_eq(ts_error(), refused[i].error);
        ck_assert(n == 5 && x == 0.5f);
    }
    char *ends[] = {"prog", "--n", "10", "--x=1", NULL};
    ck_assert_int_eq(ts_parse_options(4, ends, opts, 2), TS_CLI_OK);
    ck_assert(n == 10 && x == 1.0f);
    char help[512];
    FILE *f = fmemopen(help, sizeof help, "w");
    ts_print_usage(f, "prog", "", opts, 2);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(help, "--n N                a count (default 10, between 1 and 10)"));
}
END_TEST

/* Reads the pty's output into text (len so far) until `needle` occurs `nth` times or `seconds`
   pass; returns 1 when it did. A read error is the program's end (Linux: EIO on the master). */
static int read_until(int fd, char *text, size_t cap, size_t *len, const char *needle, int nth, int seconds) {
    const time_t deadline = time(NULL) + seconds;
    while (count(text, needle) < nth && time(NULL) < deadline) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0) continue;
        const ssize_t n = read(fd, text + *len, cap - 1 - *len);
        if (n <= 0) break;
        *len += (size_t)n;
        text[*len] = '\0';
    }
    return count(text, needle) >= nth;
}

/* --pause on a terminal (a pseudo-terminal here): lesson 4, whose first two parts train
   nothing, waits for Enter before and after each part and no longer; Ctrl-C while it waits
   ends the lesson as during a run (exit status 130, the finished runs kept). */
START_TEST(pause_waits_for_enter_on_a_terminal) {
    const char *bin = getenv("TRAINSKILL_BIN");
    ck_assert_ptr_nonnull(bin);
    char exe[512];
    snprintf(exe, sizeof exe, "%s/lesson-4-schedulers", bin);
    int master;
    const pid_t pid = forkpty(&master, NULL, NULL, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execl(exe, exe, "--preset", "smoke", "--quiet", "--pause", "--out", out, (char *)NULL);
        _exit(127);
    }
    static char text[1 << 16];
    size_t len = 0;
    text[0] = '\0';
    const char *fact1 = "MultiplicativeLR compounds its lambda: holds";
    ck_assert_msg(read_until(master, text, sizeof text, &len, "[Enter: run it]", 1, 120), "no prompt:\n%s", text);
    ck_assert_msg(!read_until(master, text, sizeof text, &len, fact1, 1, 2), "part 1 ran without Enter:\n%s", text);
    ck_assert_int_eq(write(master, "\n", 1), 1);
    ck_assert_msg(read_until(master, text, sizeof text, &len, "[Enter: go on]", 1, 120), "no end of part 1:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, fact1));
    ck_assert_ptr_nonnull(strstr(text, "seed-schedulers."));
    ck_assert_ptr_null(strstr(text, "2. Do StepLR")); /* part 2 waits for Enter too */
    ck_assert_int_eq(write(master, "\n", 1), 1);
    ck_assert_msg(read_until(master, text, sizeof text, &len, "[Enter: run it]", 2, 120), "no part 2:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "2. Do StepLR"));
    kill(pid, SIGINT);
    read_until(master, text, sizeof text, &len, "finished runs are kept", 1, 60);
    int status;
    waitpid(pid, &status, 0);
    close(master);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 130, "exit status %d after Ctrl-C in a wait:\n%s",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, text);
    ck_assert_ptr_nonnull(strstr(text, "trainskill: interrupted"));
    ck_assert_ptr_null(strstr(text, "These schedulers need scheduler.step()")); /* part 2 never ran */
}
END_TEST

/* One test case per lesson, each in a fresh output directory. */
static void add_case(Suite *s, const char *name, const TTest *test, int timeout) {
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, make_out, remove_out);
    tcase_add_test(tc, test);
    tcase_set_timeout(tc, timeout);
    suite_add_tcase(s, tc);
}

Suite *suite_lessons(void) {
    Suite *s = suite_create("lessons");
    TCase *tc = tcase_create("lesson-3");
    tcase_add_checked_fixture(tc, make_out, remove_out);
    tcase_add_test(tc, smoke_run_writes_everything_and_reruns_train_nothing);
    tcase_add_test(tc, ctrl_c_keeps_finished_runs);
    tcase_set_timeout(tc, 900);
    suite_add_tcase(s, tc);
    add_case(s, "lesson-1", lesson1_smoke_run, 300);
    add_case(s, "lesson-2", lesson2_smoke_run, 300);
    add_case(s, "lesson-4", lesson4_smoke_run, 300);
    add_case(s, "lesson-7", lesson7_smoke_run, 300);
    add_case(s, "pause", pause_waits_for_enter_on_a_terminal, 300);
    TCase *flags = tcase_create("flags");
    tcase_add_checked_fixture(flags, make_out, remove_out);
    tcase_add_loop_test(flags, programs_refuse_bad_flags, 0, sizeof BAD_FLAGS / sizeof *BAD_FLAGS);
    tcase_add_test(flags, options_take_finite_values_in_range);
    suite_add_tcase(s, flags);
    return s;
}
