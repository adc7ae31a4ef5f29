/* OpenBLAS on the CPU's best kernels (lib/core/blas_core.h): the decision on a table of
 * (core OpenBLAS reports, CPU features) cases; on this machine, that the core in use is not
 * of a lower level than the CPU — which fails if the runner (tests/main.c) did not
 * re-execute itself on a CPU OpenBLAS does not know; and, through bench in $TRAINSKILL_BIN,
 * that a user's OPENBLAS_CORETYPE is kept and reported as theirs, and that a core OpenBLAS
 * cannot run is reported in one warning line. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/core/blas_core.h"
#include "tests.h"

/* The CPU generations of the table. */
static const ts_cpu_features SSE = {0};
static const ts_cpu_features AVX = {.avx = true};
static const ts_cpu_features AVX_FMA = {.avx = true, .fma = true};             /* Piledriver, Steamroller */
static const ts_cpu_features AVX2_NO_FMA = {.avx = true, .avx2 = true};        /* Haswell kernels need FMA too */
static const ts_cpu_features AVX2 = {.avx = true, .avx2 = true, .fma = true}; /* Haswell, Zen 1-3 */
static const ts_cpu_features KNL = {.avx = true, .avx2 = true, .fma = true, .avx512f = true, .avx512cd = true};
static const ts_cpu_features AVX512 = {.avx = true, .avx2 = true, .fma = true, .avx512f = true, .avx512cd = true,
                                       .avx512bw = true, .avx512dq = true, .avx512vl = true}; /* Skylake-SP */
static const ts_cpu_features BF16 = {.avx = true, .avx2 = true, .fma = true, .avx512f = true, .avx512cd = true,
                                     .avx512bw = true, .avx512dq = true, .avx512vl = true,
                                     .avx512bf16 = true}; /* Cooper Lake, Sapphire Rapids, Zen 4 */

static const struct {
    const char *reported;
    const ts_cpu_features *cpu;
    const char *expected; /* NULL: keep the reported core */
} CASES[] = {
    /* the bug: an Intel family-6 model 0.3.21 does not know, handed Prescott's SSE3 kernels */
    {"Prescott", &BF16, "Cooperlake"},
    {"Prescott", &AVX512, "SkylakeX"},
    {"Prescott", &AVX2, "Haswell"},
    {"Prescott", &AVX, "Sandybridge"},
    {"Nehalem", &AVX, "Sandybridge"},
    /* OpenBLAS knew the CPU */
    {"Haswell", &AVX2, NULL},
    {"Zen", &AVX2, NULL},
    {"Cooperlake", &BF16, NULL},
    {"SkylakeX", &AVX512, NULL},
    {"Sandybridge", &AVX, NULL},
    {"Piledriver", &AVX_FMA, NULL},
    {"Steamroller", &AVX_FMA, NULL},
    {"Excavator", &AVX2, NULL},
    /* a known core of a lower level than the CPU: Zen 4 as an older OpenBLAS sees it */
    {"SkylakeX", &BF16, "Cooperlake"},
    {"Zen", &BF16, "Cooperlake"},
    {"Haswell", &AVX512, "SkylakeX"},
    /* names: unknown is the lowest, case does not matter, a newer OpenBLAS is not downgraded */
    {"Unknown", &AVX2, "Haswell"},
    {"NoSuchCore", &AVX2, "Haswell"},
    {"haswell", &AVX2, NULL},
    {"SapphireRapids", &BF16, NULL},
    /* nothing better to ask for */
    {"Prescott", &SSE, NULL},
    {"Core2", &SSE, NULL},
    {"NoSuchCore", &SSE, NULL},
    /* a level needs all of its features */
    {"Prescott", &AVX2_NO_FMA, "Sandybridge"},
    {"Prescott", &KNL, "Haswell"}, /* AVX-512 F and CD only (Knights Landing) */
};
enum { NCASES = sizeof CASES / sizeof *CASES };

START_TEST(decision_table) {
    const char *got = ts_blas_core_to_force(CASES[_i].reported, *CASES[_i].cpu);
    const char *want = CASES[_i].expected;
    ck_assert_msg(got == want || (got && want && !strcmp(got, want)),
                  "case %d: reported %s on a %s CPU: got %s, want %s", _i, CASES[_i].reported, ts_isa_name(ts_cpu_isa(*CASES[_i].cpu)), got ? got : "keep",
                  want ? want : "keep");
}
END_TEST

START_TEST(core_in_use_is_not_below_the_cpu) {
    const ts_cpu cpu = ts_cpu_detect();
    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    ck_assert_msg(ts_blas_core_level(openblas_get_corename()) >= ts_cpu_isa(cpu.features),
                  "OpenBLAS runs %s kernels (level %s) on a CPU of level %s: %s", openblas_get_corename(),
                  ts_isa_name(ts_blas_core_level(openblas_get_corename())), ts_isa_name(ts_cpu_isa(cpu.features)),
                  machine);
}
END_TEST

/* Runs `env <env> $TRAINSKILL_BIN/bench <args>` with stderr into stdout; returns its output. */
static char *run_bench(const char *env, const char *args, int *status) {
    const char *bin = getenv("TRAINSKILL_BIN");
    ck_assert_msg(bin != NULL, "TRAINSKILL_BIN is not set (run through `make test`)");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "env -u OPENBLAS_CORETYPE -u " TS_BLAS_DETECTED_ENV " %s '%s/bench' %s 2>&1", env,
             bin, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    static char out[16384];
    out[fread(out, 1, sizeof out - 1, p)] = '\0';
    *status = pclose(p);
    return out;
}

/* OPENBLAS_CORETYPE=Prescott, the lowest core, which any x86-64 CPU runs: kept (no re-exec
   to a better one), and the report says whose choice it was. */
START_TEST(user_coretype_is_respected) {
    int status;
    const char *out = run_bench("OPENBLAS_CORETYPE=Prescott", "--steps 10 --warmup 1 --rounds 1 --no-torch", &status);
    ck_assert_msg(status == 0, "bench failed:\n%s", out);
    ck_assert_msg(strstr(out, "core Prescott (OPENBLAS_CORETYPE=Prescott set by the user)"), "%s", out);
    ck_assert_msg(!strstr(out, "trainskill: warning"), "%s", out);
}
END_TEST

/* The re-executed image finds a core it did not get: one warning line, and it runs on. */
START_TEST(unavailable_core_warns_once) {
    int status;
    const char *out = run_bench("OPENBLAS_CORETYPE=NoSuchCore " TS_BLAS_DETECTED_ENV "=Prescott", "--help", &status);
    ck_assert_msg(status == 0, "bench --help failed:\n%s", out);
    const char *warning = strstr(out, "trainskill: warning: OpenBLAS was asked for its NoSuchCore kernels but runs ");
    ck_assert_msg(warning != NULL, "%s", out);
    ck_assert_msg(!strstr(warning + 1, "trainskill: warning"), "more than one warning:\n%s", out);
}
END_TEST

Suite *suite_blas_core(void) {
    Suite *s = suite_create("blas_core");
    TCase *decision = tcase_create("decision");
    tcase_add_loop_test(decision, decision_table, 0, NCASES);
    suite_add_tcase(s, decision);
    TCase *machine = tcase_create("machine");
    tcase_add_test(machine, core_in_use_is_not_below_the_cpu);
    tcase_add_test(machine, user_coretype_is_respected);
    tcase_add_test(machine, unavailable_core_warns_once);
    tcase_set_timeout(machine, 60);
    suite_add_tcase(s, machine);
    return s;
}
