/* bench: training throughput of the seed's CNN (section 3.1, with BatchNorm), against the
 * machine's OpenBLAS sgemm rate and against PyTorch running the same model.
 *
 *   make bench                       (= build/release/bin/bench --data DIR --threads 2)
 *   build/release/bin/bench --threads 2 --batch 64 --steps 300 --no-torch
 *
 * What is measured:
 *   sgemm    the best of a few square 2048 float GEMMs (C = A·B): 2·n³ FLOPs each. It is the
 *            rate the convolutions (im2col + GEMM) and linear layers could reach at most.
 *   ours     steady-state training steps of the library's own ts_train_step:
 *              zero_grad → forward → cross-entropy → backward → SGD step (lr 0.01, momentum 0.9)
 *            on one synthetic batch kept in memory (no data loading is timed, on either
 *            side). Achieved GFLOP/s counts GEMM work only, 2·M·N·K per GEMM: a Conv2d or
 *            Linear layer's forward GEMM, its dW GEMM and its dX GEMM have the same M·N·K, so
 *            training costs 3× the forward FLOPs — 2× for the first layer, whose input
 *            gradient nobody needs (neither we nor PyTorch compute it). BatchNorm, ReLU,
 *            pooling, im2col/col2im and the optimizer are real time but counted as 0 FLOPs.
 *   allocs   heap allocations made during the timed steps (must be 0: DESIGN.md promises
 *            a steady-state step without malloc), counted by tests/alloc_count.c.
 *   PyTorch  experiments/bench_torch.py with the same model, batch, threads, optimizer,
 *            synthetic data, warm-up and step count, run by /usr/bin/python3 (the Debian
 *            PyTorch) when `import torch` works there; the ratio is ours / PyTorch.
 *
 * Threads: --threads N sets OpenMP and OpenBLAS to N threads; the sgemm rate is measured so,
 * with all N cores on one GEMM. A model then applies the library's own policy at its first
 * batch (lib/core/threads.h: OpenBLAS single-threaded inside OpenMP-parallel layers); the
 * OpenBLAS count in effect during the timed steps is printed. Machines shared with other
 * work give meaningless figures: the share of the CPUs that other processes used while we
 * and PyTorch were timed is printed, with a warning above 10%; and the two are timed in
 * alternation, --rounds times, so a drift of the machine's speed hits both: the figures
 * quoted are the medians and the median of the per-round ratios. */
#include <cblas.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../lib/trainskill.h"
/* The one allocation counter, shared with the test suite (the Makefile builds an experiment
   from its single .c file, so the implementation is included rather than linked). */
#include "../tests/alloc_count.c"

/* ---------------------------------------------------------------- options */

static const char *DESCRIPTION =
    "Training throughput of the seed's CNN (section 3.1, with BatchNorm; SGD lr 0.01, momentum 0.9)\n"
    "against the OpenBLAS sgemm rate and against PyTorch (/usr/bin/python3\n"
    "experiments/bench_torch.py, same model, batch, threads, steps), plus the heap allocations\n"
    "made by the timed steps. The batch is synthetic (N(0,1) pixels, uniform labels), in memory.";

typedef struct {
    int threads, batch, steps, warmup, rounds, no_torch;
    const char *data;
} options;

static const double AUTO_SECONDS = 5.0; /* --steps 0: as many steps as take about this long */
enum { SGEMM_N = 2048, SGEMM_REPS = 5, CLASSES = 10 };

/* ---------------------------------------------------------------- measurements */

/* GFLOP/s of the best of SGEMM_REPS square n×n sgemms (after one untimed). */
static double sgemm_gflops(int n, ts_rng *rng) {
    const size_t nn = (size_t)n * (size_t)n;
    float *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = malloc(nn * sizeof *c);
    if (!a || !b || !c) {
        free(a), free(b), free(c);
        return 0.0;
    }
    for (size_t i = 0; i < nn; i++) a[i] = ts_rng_uniform(rng), b[i] = ts_rng_uniform(rng);
    double best = 1e30;
    for (int r = 0; r <= SGEMM_REPS; r++) {
        const double t0 = ts_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        const double t = ts_now() - t0;
        if (r > 0 && t < best) best = t;
    }
    free(a), free(b), free(c);
    return 2.0 * (double)n * (double)n * (double)n / best * 1e-9;
}

/* GEMM FLOPs of one training step per sample (see the counting rule at the top):
   a Conv2d's forward GEMM is (C_out × K)·(K × P): 2·weight_numel·P; a Linear's 2·weight_numel. */
static double train_flops_per_sample(const ts_model *m) {
    double total = 0.0;
    int first = 1;
    for (int i = 0; i < m->nlayers; i++) {
        const ts_layer *l = m->layers[i];
        double fwd;
        if (!strcmp(l->ops->name, "Conv2d")) fwd = 2.0 * (double)l->weight_numel * l->out.h * l->out.w;
        else if (!strcmp(l->ops->name, "Linear")) fwd = 2.0 * (double)l->weight_numel;
        else continue;
        total += fwd * (first ? 2.0 : 3.0);
        first = 0;
    }
    return total;
}

/* Other processes on the machine distort every figure here. A probe measures how much CPU
   time the rest of the system used while something ran: the whole machine's busy time from
   /proc/stat minus our own (RUSAGE_SELF) or our child's (RUSAGE_CHILDREN), as a share of
   wall time × CPUs. Our threads' own spinning counts as ours, not as "other". */
typedef struct {
    double wall, busy, own; /* seconds */
} load_probe;

static double machine_busy_seconds(void) {
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return 0.0;
    const int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                           &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (got < 5) return 0.0;
    const unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]; /* all but idle, iowait */
    return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

static double own_cpu_seconds(int who) {
    struct rusage r;
    getrusage(who, &r);
    return (double)r.ru_utime.tv_sec + 1e-6 * r.ru_utime.tv_usec + (double)r.ru_stime.tv_sec +
           1e-6 * r.ru_stime.tv_usec;
}

static load_probe probe_start(int who) {
    return (load_probe){.wall = ts_now(), .busy = machine_busy_seconds(), .own = own_cpu_seconds(who)};
}

/* Percent of the machine's CPU capacity used by other processes since `p`. */
static double probe_other_percent(load_probe p, int who) {
    const double wall = ts_now() - p.wall, cpus = (double)sysconf(_SC_NPROCESSORS_ONLN);
    const double other = (machine_busy_seconds() - p.busy) - (own_cpu_seconds(who) - p.own);
    const double pct = 100.0 * other / (wall * cpus);
    return pct < 0.0 ? 0.0 : pct;
}

/* ---------------------------------------------------------------- PyTorch */

typedef struct {
    int ok, threads;
    double samples_per_s;
    char version[32];
} torch_result;

/* experiments/bench_torch.py: looked up from the working directory (make runs us from the
   repository root), then upwards from the directory of this executable. */
static int find_torch_script(char *path, size_t len) {
    snprintf(path, len, "experiments/bench_torch.py");
    if (access(path, R_OK) == 0) return TS_OK;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return TS_ERR;
    exe[n] = '\0';
    for (int up = 0; up < 6; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash) break;
        *slash = '\0';
        snprintf(path, len, "%s/experiments/bench_torch.py", exe);
        if (access(path, R_OK) == 0) return TS_OK;
    }
    return TS_ERR;
}

static torch_result run_torch(const options *o, int steps, char *why, size_t whylen) {
    torch_result r = {0};
    char script[4200], cmd[4400];
    if (system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") != 0) {
        snprintf(why, whylen, "not run: /usr/bin/python3 -c 'import torch' failed");
        return r;
    }
    if (find_torch_script(script, sizeof script) != TS_OK) {
        snprintf(why, whylen, "not run: experiments/bench_torch.py not found");
        return r;
    }
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' --threads %d --batch %d --steps %d --warmup %d",
             script, o->threads, o->batch, steps, o->warmup);
    FILE *p = popen(cmd, "r");
    if (!p) {
        snprintf(why, whylen, "not run: popen failed");
        return r;
    }
    char line[1024];
    while (fgets(line, sizeof line, p)) {
        const char *s = strstr(line, "samples_per_s="), *t = strstr(line, "threads="),
                   *v = strstr(line, "torch=");
        if (!s) continue;
        r.samples_per_s = atof(s + strlen("samples_per_s="));
        r.threads = t ? atoi(t + strlen("threads=")) : 0;
        if (v) sscanf(v + strlen("torch="), "%31s", r.version);
        r.ok = r.samples_per_s > 0.0;
    }
    const int status = pclose(p);
    if (status != 0 || !r.ok) {
        snprintf(why, whylen, "failed: bench_torch.py exited with status %d", status);
        r.ok = 0;
    }
    return r;
}

/* ---------------------------------------------------------------- main */

static int die(const char *what) {
    fprintf(stderr, "trainskill: bench: %s%s\n", what ? what : "", ts_error());
    return EXIT_FAILURE;
}

static double median(double *v, int n) {
    for (int i = 1; i < n; i++) /* insertion sort: n is a handful of rounds */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            const double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

enum { MAX_ROUNDS = 25 };

int main(int argc, char **argv) {
    if (ts_blas_ensure_best_core(argv) != TS_OK) fprintf(stderr, "trainskill: warning: %s\n", ts_error());
    options o = {.threads = 2, .batch = 64, .steps = 0, .warmup = 10, .rounds = 3};
    const ts_option opts[] = {
        {"threads", TS_OPT_INT, &o.threads, {1, TS_MAX_THREADS},
         "OpenMP and OpenBLAS threads, and torch.set_num_threads"},
        {"batch", TS_OPT_INT, &o.batch, {2, INT_MAX}, "samples per training step (BatchNorm needs 2)"},
        {"steps", TS_OPT_INT, &o.steps, {0, INT_MAX}, "timed steps per round; 0 = as many as take about 5 s"},
        {"warmup", TS_OPT_INT, &o.warmup, {1, INT_MAX}, "untimed steps first (the first one allocates)"},
        {"rounds", TS_OPT_INT, &o.rounds, {1, MAX_ROUNDS}, "rounds of ours-then-PyTorch; medians are reported"},
        {"data", TS_OPT_STRING, &o.data, {0},
         "accepted for `make bench`, unused: the batch is synthetic (default none)"},
        {"no-torch", TS_OPT_FLAG, &o.no_torch, {0}, "skip the PyTorch comparison (default: run it if torch imports)"},
    };
    const int nopts = (int)(sizeof opts / sizeof *opts);
    switch (ts_parse_options(argc, argv, opts, nopts)) {
    case TS_CLI_HELP: ts_print_usage(stdout, "bench", DESCRIPTION, opts, nopts); return EXIT_SUCCESS;
    case TS_CLI_ERROR: return die(NULL);
    }
    omp_set_num_threads(o.threads);
    openblas_set_num_threads(o.threads);
    ts_rng rng;
    ts_rng_seed(&rng, 0);

    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    printf("trainskill bench: seed CNN (section 3.1, with BatchNorm), SGD lr 0.01 momentum 0.9\n");
    printf("machine    %s\n", machine);
    printf("data       synthetic, in memory: one batch of N(0,1) pixels and uniform labels%s\n",
           o.data ? " (--data ignored)" : "");
    fflush(stdout);

    /* a. the sgemm rate */
    const double peak = sgemm_gflops(SGEMM_N, &rng);

    /* b. the model, the optimizer, one batch */
    ts_model *m = ts_seed_cnn((ts_seed_cnn_options){.batchnorm = 1}, &rng);
    if (!m) return die("building the model: ");
    ts_optimizer *opt = ts_sgd(m->params, m->grads, m->nparams, 0.01f, (ts_sgd_options){.momentum = 0.9f});
    const size_t in_floats = ts_shape_numel(m->in) * (size_t)o.batch;
    float *x = malloc(in_floats * sizeof *x);
    int *y = malloc((size_t)o.batch * sizeof *y);
    ts_trainer t;
    if (!opt || !x || !y || ts_trainer_init(&t, m, opt, o.batch, 0) != TS_OK) return die("setting up: ");
    for (size_t i = 0; i < in_floats; i++) x[i] = ts_rng_normal(&rng);
    for (int i = 0; i < o.batch; i++) y[i] = (int)ts_rng_below(&rng, CLASSES);
    float loss = 0.0f;
    int correct;

    /* c. warm-up (the first step allocates the per-batch memory), then the timed rounds */
    double t0 = ts_now(), t1 = t0;
    for (int s = 0; s < o.warmup; s++) {
        if (s == 1) t1 = ts_now(); /* steps after the first estimate the step time */
        if (ts_train_step(&t, x, y, o.batch, &loss, &correct) != TS_OK) return die("training step: ");
    }
    const float loss0 = loss;
    int steps = o.steps;
    if (steps == 0) {
        const double per_step = o.warmup > 1 ? (ts_now() - t1) / (o.warmup - 1) : ts_now() - t0;
        steps = (int)(AUTO_SECONDS / (per_step > 1e-6 ? per_step : 1e-6));
        steps = steps < 10 ? 10 : steps > 100000 ? 100000 : steps;
    }
    const double flops = train_flops_per_sample(m);
    printf("work       batch %d, %d warm-up + %d rounds of %d timed steps; %zu parameters; "
           "OpenMP %d and OpenBLAS %d threads while timed\n", o.batch, o.warmup, o.rounds, steps,
           m->nparams, omp_get_max_threads(), openblas_get_num_threads());
    printf("FLOPs      %.2f MFLOP/sample/step: 2*M*N*K per GEMM; Conv2d/Linear forward x3 "
           "(forward, dW, dX), x2 for the first layer (no dX)\n\n", flops * 1e-6);

    double ours[MAX_ROUNDS], theirs[MAX_ROUNDS], ratio[MAX_ROUNDS], worst_other = 0.0;
    alloc_counts allocs = {0};
    torch_result tr = {0};
    char why[600] = "not run: --no-torch";
    int torch_rounds = 0;
    for (int r = 0; r < o.rounds; r++) {
        const load_probe ours_load = probe_start(RUSAGE_SELF);
        alloc_count_begin();
        t0 = ts_now();
        for (int s = 0; s < steps; s++)
            if (ts_train_step(&t, x, y, o.batch, &loss, &correct) != TS_OK) {
                alloc_count_end();
                return die("training step: ");
            }
        const double seconds = ts_now() - t0;
        const alloc_counts a = alloc_count_end();
        if (a.allocs + a.other_allocs > allocs.allocs + allocs.other_allocs) allocs = a;
        const double other = probe_other_percent(ours_load, RUSAGE_SELF);
        worst_other = other > worst_other ? other : worst_other;
        ours[r] = (double)o.batch * steps / seconds;
        printf("round %d    trainskill %7.1f samples/s", r + 1, ours[r]);
        if (!o.no_torch && (r == 0 || tr.ok)) {
            fflush(stdout);
            const load_probe p = probe_start(RUSAGE_CHILDREN);
            tr = run_torch(&o, steps, why, sizeof why);
            const double torch_other = probe_other_percent(p, RUSAGE_CHILDREN);
            worst_other = torch_other > worst_other ? torch_other : worst_other;
            if (tr.ok) {
                theirs[torch_rounds] = tr.samples_per_s;
                ratio[torch_rounds++] = ours[r] / tr.samples_per_s;
                printf("   PyTorch %7.1f samples/s   ratio %.2fx", tr.samples_per_s, ours[r] / tr.samples_per_s);
            }
        }
        printf("\n");
    }
    printf("loss       %.4f after warm-up, %.4f at the end (fitting one batch)\n\n", loss0, loss);

    const double ours_median = median(ours, o.rounds);
    printf("%-28s %12s %10s %10s %12s\n", "median of the rounds", "samples/s", "ms/step", "GFLOP/s", "% of sgemm");
    printf("%-28s %12s %10s %10.1f %12.1f\n", "OpenBLAS sgemm 2048^3", "-", "-", peak, 100.0);
    printf("%-28s %12.1f %10.2f %10.1f %12.1f\n", "trainskill", ours_median, 1e3 * o.batch / ours_median,
           ours_median * flops * 1e-9, 100.0 * ours_median * flops * 1e-9 / peak);
    if (torch_rounds > 0) {
        const double theirs_median = median(theirs, torch_rounds);
        char label[64];
        snprintf(label, sizeof label, "PyTorch %s (%d threads)", tr.version, tr.threads);
        printf("%-28s %12.1f %10.2f %10.1f %12.1f\n", label, theirs_median, 1e3 * o.batch / theirs_median,
               theirs_median * flops * 1e-9, 100.0 * theirs_median * flops * 1e-9 / peak);
        printf("%-28s %12.2fx  (median of %d per-round ratios)\n", "ratio trainskill/PyTorch",
               median(ratio, torch_rounds), torch_rounds);
        if (tr.threads != o.threads)
            printf("WARNING: PyTorch reports %d threads, asked for %d\n", tr.threads, o.threads);
    } else {
        printf("%-28s %s\n", "PyTorch", why);
    }

    printf("\nbackground other processes used up to %.0f%% of the CPUs while anything was timed\n", worst_other);
    if (worst_other > 10.0)
        printf("WARNING: the machine was busy: the figures above are unreliable; rerun when it is idle\n");

    /* d. allocations in the steady state (the worst round) */
    printf("\nheap allocations in a round of %d timed steps: ", steps);
    if (!alloc_count_available()) {
        printf("not counted (AddressSanitizer build)\n");
    } else if (allocs.allocs + allocs.other_allocs == 0) {
        printf("0 (training thread and worker threads)\n");
    } else {
        printf("%ld by the training thread = %.1f per step (%ld frees, %.1f MB), %ld by worker threads\n",
               allocs.allocs, (double)allocs.allocs / steps, allocs.frees, (double)allocs.bytes / 1e6,
               allocs.other_allocs);
        printf("  charged to: ");
        alloc_count_print_sources(&allocs, stdout);
        printf("  (program = trainskill and this bench)\n");
        if (o.threads == 1)
            printf("  (libgomp with ONE thread mallocs a team per parallel region; it caches larger teams)\n");
        /* ours: every kept stack; only a library's: one, as an example */
        if (allocs.allocs) alloc_count_print_stacks(&allocs, allocs.program_allocs ? ALLOC_COUNT_STACKS : 1, stdout);
    }

    ts_trainer_free(&t);
    ts_optimizer_free(opt);
    ts_model_free(m);
    free(x), free(y);
    return allocs.program_allocs == 0 ? EXIT_SUCCESS : EXIT_FAILURE; /* ours must be 0 */
}
