/* What this CPU is and which vector instructions it can run — asked of the CPU itself
 * (cpuid), so the answer is the one OpenBLAS sees when it picks its kernels, even under an
 * emulator whose /proc/cpuinfo describes the host. A feature counts only when the
 * operating system also saves its registers (XCR0): GCC's __builtin_cpu_supports checks
 * both. Off x86 every feature is false and the name comes from /proc/cpuinfo. */
#ifndef TS_CPU_H
#define TS_CPU_H

#include <stdbool.h>

/* The extensions that tell x86-64 kernel generations apart. */
typedef struct {
    bool avx, avx2, fma;
    bool avx512f, avx512cd, avx512bw, avx512dq, avx512vl; /* the AVX-512 of Skylake-SP */
    bool avx512bf16;                                      /* bfloat16 dot products (Cooper Lake, Zen 4) */
} ts_cpu_features;

/* Kernel generations, lowest first: a CPU of one level runs every lower level's code. */
typedef enum { TS_ISA_SSE, TS_ISA_AVX, TS_ISA_AVX2, TS_ISA_AVX512, TS_ISA_AVX512_BF16 } ts_isa;

typedef struct {
    char name[64];     /* the brand string: "AMD EPYC", "Intel(R) Xeon(R) Platinum 8480+" */
    int family, model; /* as Linux prints them, extended fields folded in (Zen 4: 25, 17) */
    ts_cpu_features features;
} ts_cpu;

ts_cpu ts_cpu_detect(void);

/* The highest level the features allow: AVX2 needs FMA too, AVX-512 all five of F, CD,
   BW, DQ, VL, and AVX512_BF16 that set plus BF16. */
ts_isa ts_cpu_isa(ts_cpu_features f);

/* "SSE", "AVX", "AVX2+FMA", "AVX-512", "AVX-512 BF16" */
const char *ts_isa_name(ts_isa level);

#endif
