/* Counting heap allocations over a window of code — how the test suite and the benchmark
 * check DESIGN.md's promise that "the steady-state training step does no malloc".
 *
 *   alloc_count_begin();
 *   for (...) train_step();
 *   alloc_counts c = alloc_count_end();   // c.allocs == 0 ?
 *
 * How: alloc_count.c defines malloc, calloc, realloc, free and the aligned variants in
 * the program itself. The dynamic linker binds every call to them — from our code, from
 * libgomp, OpenBLAS and glibc's own internals (which call malloc through the PLT so that
 * programs can replace it) — to these definitions, which count and forward to glibc's
 * allocator (__libc_malloc, ...). Calls from the thread that opened the window are counted
 * apart from calls by any other thread (OpenMP and OpenBLAS workers), and the call stacks of
 * the first few are kept so that an unexpected allocation can be traced to its source;
 * each is also attributed to the binary that asked for it (our program or a library).
 *
 * Not counted: memory taken with mmap directly (OpenBLAS's GEMM buffers are mmap'd once,
 * when the library starts).
 *
 * Under AddressSanitizer the sanitizer must own malloc, so the replacement is compiled out
 * and alloc_count_available() returns 0: callers skip the check there.
 *
 * The one implementation is tests/alloc_count.c. The test runner links it with the other
 * test sources; experiments/bench.c #includes it, because the Makefile builds each
 * experiment from its single source file. */
#ifndef TS_ALLOC_COUNT_H
#define TS_ALLOC_COUNT_H

#include <stddef.h>
#include <stdio.h>

enum { ALLOC_COUNT_STACKS = 4, ALLOC_COUNT_DEPTH = 10, ALLOC_COUNT_SOURCES = 8 };

typedef struct {
    long allocs, frees;              /* by the thread that called alloc_count_begin */
    long other_allocs, other_frees;  /* by every other thread */
    size_t bytes;                    /* requested by the counted thread's allocations */
    /* The counted thread's allocations by source: the binary holding the first caller on
       the stack that is not in the C library — "program" (the executable: trainskill, which
       is linked statically, and the caller) or a shared library ("libopenblas.so.0",
       "libgomp.so.1", ...). A call through strdup or fopen counts for whoever called it. */
    long program_allocs;
    int nsources;
    struct {
        char name[48];
        long allocs;
    } source[ALLOC_COUNT_SOURCES];
    /* Call stacks (return addresses, innermost first: frame 0 is the replaced malloc) of
       the counted thread's first ALLOC_COUNT_STACKS allocations — those charged to the
       program first, so that a library's many allocations cannot hide one of ours. */
    int nstacks;
    int depth[ALLOC_COUNT_STACKS];
    int from_program[ALLOC_COUNT_STACKS];
    void *stack[ALLOC_COUNT_STACKS][ALLOC_COUNT_DEPTH];
} alloc_counts;

/* 1 when allocations can be counted; 0 in AddressSanitizer builds. */
int alloc_count_available(void);

/* Opens the counting window; the calling thread is the counted one. Not nestable. */
void alloc_count_begin(void);

/* Closes the window and returns what was counted in it. */
alloc_counts alloc_count_end(void);

/* Prints the sources ("program 0, libopenblas.so.0 550") on one line, no newline. */
void alloc_count_print_sources(const alloc_counts *c, FILE *f);

/* Prints up to `max` kept call stacks, one frame a line ("binary(function+0x1c)[0x...]");
   resolve a frame of a PIE binary with `addr2line -f -i -e BINARY 0xOFFSET`. */
void alloc_count_print_stacks(const alloc_counts *c, int max, FILE *f);

#endif
