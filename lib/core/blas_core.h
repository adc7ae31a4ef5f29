/* OpenBLAS's kernels: the best ones the CPU supports, in every program.
 *
 * Debian 12's OpenBLAS 0.3.21 is built DYNAMIC_ARCH: when it is loaded it reads cpuid and
 * picks one "core", the kernels of one CPU generation. An Intel family-6 model it does not
 * know (e.g. model 207, an Emerald Rapids Xeon with AVX-512) falls through, in get_coretype()
 * of driver/others/dynamic.c, into the Pentium 4 case and gets Prescott's SSE3 kernels:
 * every GEMM 3-4x slower, silently. (Fixed upstream in 0.3.25 by e12aaed, "Fix unwanted
 * fallthrough from Intel Family 6 to 15".) OpenBLAS reads OPENBLAS_CORETYPE only when it is
 * loaded, so a program that finds itself on a lower core than its CPU supports sets the
 * variable and executes itself again, before it has done anything else:
 *
 *   int main(int argc, char **argv) {
 *       if (ts_blas_ensure_best_core(argv) != TS_OK) fprintf(stderr, "trainskill: warning: %s\n", ts_error());
 *
 * Which core is "lower" is a table of OpenBLAS's core names and the instruction-set level of
 * the CPUs each serves (blas_core.c); the decision is a pure function of the reported name
 * and the CPU's features, tested on a table in tests/test_blas_core.c. */
#ifndef TS_BLAS_CORE_H
#define TS_BLAS_CORE_H

#include <stddef.h>

#include "cpu.h"

/* The environment variable the re-executed program finds: what OpenBLAS had picked itself. */
#define TS_BLAS_DETECTED_ENV "TRAINSKILL_OPENBLAS_DETECTED"

/* The instruction-set level of a core OpenBLAS names (openblas_get_corename(): "Prescott",
   "Haswell", "SkylakeX", ...). A name not in its list, "Unknown" included, is the lowest: SSE. */
ts_isa ts_blas_core_level(const char *core);

/* The core to force with OPENBLAS_CORETYPE so that OpenBLAS runs kernels of the CPU's level:
 * Cooperlake (AVX-512 BF16), SkylakeX (AVX-512), Haswell (AVX2+FMA) or Sandybridge (AVX) —
 * or NULL to keep `reported`, when its level is not lower than the CPU's. */
const char *ts_blas_core_to_force(const char *reported, ts_cpu_features f);

/* First thing in main, before any BLAS call or thread. If OPENBLAS_CORETYPE is unset and
 * ts_blas_core_to_force says so, sets it and TS_BLAS_DETECTED_ENV, and execv()s
 * /proc/self/exe with argv: the new image loads OpenBLAS afresh and, finding the variables,
 * goes on. So it re-executes at most once, and never when the user set OPENBLAS_CORETYPE.
 * TS_ERR (message set) is a warning — the exec failed, or OpenBLAS does not run the core
 * it was asked for (its build lacks it) — and the program goes on with what OpenBLAS runs. */
int ts_blas_ensure_best_core(char **argv);

/* One line for reports, the machine before its first ';':
 *   AMD EPYC, 2 CPUs (family 25 model 17, AVX-512 BF16); OpenBLAS 0.3.21 core Cooperlake
 *   (detected by OpenBLAS); threads: OpenMP 2, OpenBLAS 1
 * where the last parenthesis may instead read "(chosen by trainskill; OpenBLAS detected
 * Prescott)" or "(OPENBLAS_CORETYPE=Haswell set by the user)". */
void ts_blas_describe(char *buf, size_t len);

#endif
