/* Heap-allocation counting by replacing malloc & co. in the program; see alloc_count.h.
 *
 * A replacement must not allocate itself and must be cheap when no window is open (the
 * whole test runner uses it): outside a window it costs one relaxed atomic load. Inside,
 * the counters are atomics, because OpenMP and OpenBLAS worker threads allocate through
 * the same functions; whether the caller is the counted thread is a thread-local flag. */
#include "alloc_count.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOC_COUNT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ALLOC_COUNT_ASAN 1
#endif

#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_SEGMENTS = 128 };

/* The executable segments of every loaded binary, listed when a window opens, so that
   the hook can tell which binary a return address is in without calling anything. */
typedef struct {
    uintptr_t lo, hi;
    char name[48];   /* "program" for the executable, else the file's base name */
    int is_libc;     /* the C library or the dynamic loader: look further up the stack */
} segment;

static atomic_int window_open;
static atomic_long counted[4];       /* allocs, frees, other_allocs, other_frees */
static _Thread_local int is_counted; /* this thread opened the window */
static alloc_counts result;          /* all but the four counters; counted thread only */
static segment segments[MAX_SEGMENTS];
static int nsegments;

static int list_segment(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size, (void)data;
    const char *slash = strrchr(info->dlpi_name, '/');
    const char *base = slash ? slash + 1 : info->dlpi_name;
    const int program = info->dlpi_name[0] == '\0' && nsegments == 0; /* listed first */
    for (int i = 0; i < info->dlpi_phnum && nsegments < MAX_SEGMENTS; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        segment *s = &segments[nsegments++];
        s->lo = info->dlpi_addr + ph->p_vaddr;
        s->hi = s->lo + ph->p_memsz;
        snprintf(s->name, sizeof s->name, "%s", program ? "program" : base[0] ? base : "vdso");
        s->is_libc = !strncmp(base, "libc.so", 7) || !strncmp(base, "ld-linux", 8);
    }
    return 0;
}

#ifndef ALLOC_COUNT_ASAN

static _Thread_local int in_hook; /* inside our own bookkeeping: do not recurse */

static const segment *segment_of(const void *addr) {
    const uintptr_t a = (uintptr_t)addr;
    for (int i = 0; i < nsegments; i++)
        if (a >= segments[i].lo && a < segments[i].hi) return &segments[i];
    return NULL;
}

/* Charges one allocation to the first binary on the stack (past frame 0, the replaced
   function itself) that is not the C library; returns 1 if that is the program. */
static int attribute(void *const *frames, int depth) {
    const char *name = "unknown";
    for (int f = 1; f < depth; f++) {
        const segment *s = segment_of(frames[f]);
        if (s && !s->is_libc) {
            name = s->name;
            break;
        }
    }
    if (!strcmp(name, "program")) result.program_allocs++;
    int i = 0;
    while (i < result.nsources && strcmp(result.source[i].name, name) != 0) i++;
    if (i == result.nsources) {
        if (i == ALLOC_COUNT_SOURCES) i--; /* full: lump into the last */
        else { /* no snprintf in here: copy by hand */
            char *dst = result.source[result.nsources++].name;
            size_t k = 0;
            for (; name[k] && k + 1 < sizeof result.source[i].name; k++) dst[k] = name[k];
            dst[k] = '\0';
        }
    }
    result.source[i].allocs++;
    return !strcmp(name, "program");
}

/* Keeps the stack if a slot is free, or in place of a library's if it is the program's. */
static void keep_stack(void *const *frames, int depth, int from_program) {
    int slot = result.nstacks < ALLOC_COUNT_STACKS ? result.nstacks++ : -1;
    for (int i = 0; slot < 0 && from_program && i < ALLOC_COUNT_STACKS; i++)
        if (!result.from_program[i]) slot = i;
    if (slot < 0) return;
    memcpy(result.stack[slot], frames, sizeof(void *) * (size_t)depth);
    result.depth[slot] = depth;
    result.from_program[slot] = from_program;
}

/* glibc's allocator under its exported internal names (GLIBC_2.2.5). */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t align, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

/* Inlined into every replacement, so that frame 0 of a stack is the replaced function
   and frame 1 its caller. */
static inline __attribute__((always_inline)) void note_alloc(size_t size) {
    if (!atomic_load_explicit(&window_open, memory_order_relaxed) || in_hook) return;
    if (!is_counted) {
        atomic_fetch_add_explicit(&counted[2], 1, memory_order_relaxed);
        return;
    }
    atomic_fetch_add_explicit(&counted[0], 1, memory_order_relaxed);
    in_hook = 1; /* backtrace was primed in alloc_count_begin; this guards it anyway */
    result.bytes += size;
    void *frames[ALLOC_COUNT_DEPTH];
    const int depth = backtrace(frames, ALLOC_COUNT_DEPTH);
    keep_stack(frames, depth, attribute(frames, depth));
    in_hook = 0;
}

static inline __attribute__((always_inline)) void note_free(void *p) {
    if (!p || !atomic_load_explicit(&window_open, memory_order_relaxed) || in_hook) return;
    atomic_fetch_add_explicit(&counted[is_counted ? 1 : 3], 1, memory_order_relaxed);
}

void *malloc(size_t size) {
    note_alloc(size);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    note_alloc(n * size);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    note_alloc(size);
    return __libc_realloc(p, size);
}

void *reallocarray(void *p, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    note_alloc(n * size);
    return __libc_realloc(p, n * size);
}

void free(void *p) {
    note_free(p);
    __libc_free(p);
}

void *memalign(size_t align, size_t size) {
    note_alloc(size);
    return __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size) {
    note_alloc(size);
    return __libc_memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size) {
    if (align == 0 || align % sizeof(void *) != 0 || (align & (align - 1)) != 0) return EINVAL;
    note_alloc(size);
    void *p = __libc_memalign(align, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size) {
    note_alloc(size);
    return __libc_valloc(size);
}

void *pvalloc(size_t size) {
    note_alloc(size);
    return __libc_pvalloc(size);
}

int alloc_count_available(void) { return 1; }

#else

int alloc_count_available(void) { return 0; }

#endif

void alloc_count_begin(void) {
    void *frame[2];
    backtrace(frame, 2); /* the first call loads libgcc_s (and allocates): do it outside */
    nsegments = 0;
    dl_iterate_phdr(list_segment, NULL);
    memset(&result, 0, sizeof result);
    for (int i = 0; i < 4; i++) atomic_store(&counted[i], 0);
    is_counted = 1;
    atomic_store(&window_open, 1);
}

alloc_counts alloc_count_end(void) {
    atomic_store(&window_open, 0);
    is_counted = 0;
    alloc_counts c = result;
    c.allocs = atomic_load(&counted[0]);
    c.frees = atomic_load(&counted[1]);
    c.other_allocs = atomic_load(&counted[2]);
    c.other_frees = atomic_load(&counted[3]);
    return c;
}

void alloc_count_print_sources(const alloc_counts *c, FILE *f) {
    fprintf(f, "program %ld", c->program_allocs);
    for (int i = 0; i < c->nsources; i++)
        if (strcmp(c->source[i].name, "program") != 0)
            fprintf(f, ", %s %ld", c->source[i].name, c->source[i].allocs);
}

void alloc_count_print_stacks(const alloc_counts *c, int max, FILE *f) {
    for (int i = 0; i < c->nstacks && i < max; i++) {
        fprintf(f, "  call stack of an allocation by %s (frame 0 is the counting malloc):\n",
                c->from_program[i] ? "the program" : "a library");
        fflush(f);
        backtrace_symbols_fd((void *const *)c->stack[i], c->depth[i], fileno(f));
    }
}
