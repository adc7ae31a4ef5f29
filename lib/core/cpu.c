#include "cpu.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define TS_X86 1
#endif

/* s without leading and trailing blanks (brand strings are padded), copied into name. */
static void set_name(char *name, size_t len, const char *s) {
    s += strspn(s, " \t");
    size_t n = strcspn(s, "\n");
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    snprintf(name, len, "%.*s", (int)n, s);
}

/* "model name" from /proc/cpuinfo: where cpuid has no brand string. */
static void name_from_proc(char *name, size_t len) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        const char *colon = strchr(line, ':');
        if (!strncmp(line, "model name", 10) && colon) {
            set_name(name, len, colon + 1);
            break;
        }
    }
    if (f) fclose(f);
}

ts_cpu ts_cpu_detect(void) {
    ts_cpu c = {.name = ""};
#ifdef TS_X86
    unsigned regs[12] = {0}, eax, ebx, ecx, edx;
    /* leaves 0x80000002-4: the 48-byte brand string, 16 bytes per leaf */
    if (__get_cpuid(0x80000004, &eax, &ebx, &ecx, &edx)) {
        for (unsigned i = 0; i < 3; i++)
            __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
        char brand[49] = "";
        memcpy(brand, regs, 48);
        set_name(c.name, sizeof c.name, brand);
    }
    /* leaf 1, EAX: stepping 3:0, model 7:4, family 11:8, extended model 19:16, extended
       family 27:20; the extended fields count only as Intel's and AMD's manuals say */
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        const int family = (eax >> 8) & 0xf, model = (eax >> 4) & 0xf;
        c.family = family == 0xf ? family + (int)((eax >> 20) & 0xff) : family;
        c.model = family == 0x6 || family == 0xf ? model + (int)(((eax >> 16) & 0xf) << 4) : model;
    }
    __builtin_cpu_init();
    c.features = (ts_cpu_features){
        .avx = __builtin_cpu_supports("avx"),
        .avx2 = __builtin_cpu_supports("avx2"),
        .fma = __builtin_cpu_supports("fma"),
        .avx512f = __builtin_cpu_supports("avx512f"),
        .avx512cd = __builtin_cpu_supports("avx512cd"),
        .avx512bw = __builtin_cpu_supports("avx512bw"),
        .avx512dq = __builtin_cpu_supports("avx512dq"),
        .avx512vl = __builtin_cpu_supports("avx512vl"),
        .avx512bf16 = __builtin_cpu_supports("avx512bf16"),
    };
#endif
    if (!c.name[0]) name_from_proc(c.name, sizeof c.name);
    if (!c.name[0]) snprintf(c.name, sizeof c.name, "unknown");
    return c;
}

ts_isa ts_cpu_isa(ts_cpu_features f) {
    const bool avx512 = f.avx512f && f.avx512cd && f.avx512bw && f.avx512dq && f.avx512vl;
    if (avx512 && f.avx512bf16) return TS_ISA_AVX512_BF16;
    if (avx512) return TS_ISA_AVX512;
    if (f.avx2 && f.fma) return TS_ISA_AVX2;
    if (f.avx) return TS_ISA_AVX;
    return TS_ISA_SSE;
}

const char *ts_isa_name(ts_isa level) {
    static const char *const NAMES[] = {"SSE", "AVX", "AVX2+FMA", "AVX-512", "AVX-512 BF16"};
    return NAMES[level];
}
