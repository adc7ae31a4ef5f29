#include "blas_core.h"

#include <cblas.h>
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "error.h"

/* OpenBLAS 0.3.21's x86-64 cores (corename[] in driver/others/dynamic.c) above the SSE era,
 * ranked by the CPUs OpenBLAS picks each for. Every other name — Prescott, Core2, Penryn,
 * Dunnington, Nehalem, Atom, Nano, Opteron, Opteron_SSE3, Barcelona, Bobcat, the 32-bit
 * Katmai to Athlon, and "Unknown" — is SSE-level. Steamroller and Excavator run Piledriver's
 * AVX+FMA3 GEMM kernels; Excavator ranks with Haswell because OpenBLAS chooses it only for
 * Excavator CPUs, which have AVX2: ranking it lower would overrule a CPU OpenBLAS knows.
 * SapphireRapids is 0.3.24's name, ranked so that a newer OpenBLAS is never downgraded. */
static const struct {
    const char *name;
    ts_isa level;
} CORES[] = {
    {"Sandybridge", TS_ISA_AVX}, {"Bulldozer", TS_ISA_AVX}, {"Piledriver", TS_ISA_AVX}, {"Steamroller", TS_ISA_AVX},
    {"Haswell", TS_ISA_AVX2},    {"Zen", TS_ISA_AVX2},      {"Excavator", TS_ISA_AVX2},
    {"SkylakeX", TS_ISA_AVX512},
    {"Cooperlake", TS_ISA_AVX512_BF16}, {"SapphireRapids", TS_ISA_AVX512_BF16},
};

/* The core that serves each level best, indexed by ts_isa; SSE has nothing better to ask for. */
static const char *const BEST[] = {NULL, "Sandybridge", "Haswell", "SkylakeX", "Cooperlake"};

ts_isa ts_blas_core_level(const char *core) {
    for (size_t i = 0; core && i < sizeof CORES / sizeof *CORES; i++)
        if (!strcasecmp(core, CORES[i].name)) return CORES[i].level; /* OpenBLAS ignores case too */
    return TS_ISA_SSE;
}

const char *ts_blas_core_to_force(const char *reported, ts_cpu_features f) {
    const ts_isa cpu = ts_cpu_isa(f);
    return ts_blas_core_level(reported) < cpu ? BEST[cpu] : NULL;
}

/* Forcing "Cooperlake" works in 0.3.21 by a detour: force_coretype() searches only
 * corename[1..24] and misses it (fixed in 0.3.22, da6e426), and on a name it cannot find
 * OpenBLAS picks by features, which gives Cooperlake on a CPU with AVX-512 BF16. The check
 * after the re-exec would report a build where that detour ends elsewhere. */
int ts_blas_ensure_best_core(char **argv) {
    const char *forced = getenv("OPENBLAS_CORETYPE"), *detected = getenv(TS_BLAS_DETECTED_ENV);
    const char *running = openblas_get_corename();
    if (forced && detected) { /* we are the re-executed image */
        if (strcasecmp(running, forced))
            return ts_fail("OpenBLAS was asked for its %s kernels but runs %s (this build lacks them?)", forced,
                           running);
        return TS_OK;
    }
    if (forced) return TS_OK; /* the user's choice */
    const char *best = ts_blas_core_to_force(running, ts_cpu_detect().features);
    if (!best) return TS_OK;
    if (setenv(TS_BLAS_DETECTED_ENV, running, 1) == 0 && setenv("OPENBLAS_CORETYPE", best, 1) == 0)
        execv("/proc/self/exe", argv); /* returns only on failure */
    const int err = errno;
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(TS_BLAS_DETECTED_ENV);
    return ts_fail("could not re-execute /proc/self/exe with OPENBLAS_CORETYPE=%s (%s): OpenBLAS keeps its %s "
                   "kernels", best, strerror(err), running);
}

void ts_blas_describe(char *buf, size_t len) {
    const ts_cpu cpu = ts_cpu_detect();
    const char *forced = getenv("OPENBLAS_CORETYPE"), *detected = getenv(TS_BLAS_DETECTED_ENV);
    char who[160];
    if (forced && detected) snprintf(who, sizeof who, "chosen by trainskill; OpenBLAS detected %s", detected);
    else if (forced) snprintf(who, sizeof who, "OPENBLAS_CORETYPE=%s set by the user", forced);
    else snprintf(who, sizeof who, "detected by OpenBLAS");
    char name[32] = "OpenBLAS", version[32] = "?"; /* "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ..." */
    sscanf(openblas_get_config(), "%31s %31s", name, version);
    snprintf(buf, len, "%s, %ld CPUs (family %d model %d, %s); %s %s core %s (%s); threads: OpenMP %d, OpenBLAS %d",
             cpu.name, sysconf(_SC_NPROCESSORS_ONLN), cpu.family, cpu.model, ts_isa_name(ts_cpu_isa(cpu.features)),
             name, version, openblas_get_corename(), who, omp_get_max_threads(), openblas_get_num_threads());
}
