#include "prefetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/error.h"

/* Counters, all guarded by `lock`:
 *   count     items to produce in this round (set by go, 0 when stopped)
 *   produced  items 0 … produced−1 are in their slots (item i lives in slot i mod nslots)
 *   consumed  items the consumer has asked for; it still holds item consumed−1
 * The worker may fill item `produced` once its slot is free: produced < consumed − 1 + nslots
 * (or < nslots before the first request). A round number tells a fill that finished after a
 * stop that its item is stale. */
struct ts_prefetcher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;  /* any counter, busy or quit changed */
    int nslots;
    float **x;
    int **y;
    int *size;               /* per slot: the fill's result */
    char (*error)[256];      /* per slot: the fill's message when it failed */
    float *work;
    ts_fill_fn fill;
    void *ctx;
    int count, produced, consumed, round, busy, quit;
    int started;             /* the thread exists */
};

static int slot_free(const ts_prefetcher *p) {
    const int held = p->consumed > 0 ? p->consumed - 1 : 0; /* oldest item the consumer may hold */
    return p->produced < held + p->nslots;
}

static void *worker(void *arg) {
    ts_prefetcher *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && !(p->produced < p->count && slot_free(p))) pthread_cond_wait(&p->changed, &p->lock);
        if (p->quit) break;
        const int index = p->produced, round = p->round, slot = index % p->nslots;
        p->busy = 1;
        pthread_mutex_unlock(&p->lock);
        const int n = p->fill(p->ctx, index, p->x[slot], p->y[slot], p->work);
        if (n < 0) snprintf(p->error[slot], sizeof p->error[slot], "%s", ts_error());
        pthread_mutex_lock(&p->lock);
        p->busy = 0;
        p->size[slot] = n;
        if (round == p->round) p->produced = index + 1;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

ts_prefetcher *ts_prefetcher_new(int depth, size_t x_floats, size_t y_ints, size_t work_floats, ts_fill_fn fill,
                                 void *ctx) {
    if (depth < 1) return ts_fail("prefetch depth must be at least 1, got %d", depth), NULL;
    ts_prefetcher *p = calloc(1, sizeof *p);
    if (!p) return ts_fail("prefetch: out of memory"), NULL;
    p->nslots = depth + 1;
    p->fill = fill;
    p->ctx = ctx;
    p->x = calloc((size_t)p->nslots, sizeof *p->x);
    p->y = calloc((size_t)p->nslots, sizeof *p->y);
    p->size = calloc((size_t)p->nslots, sizeof *p->size);
    p->error = calloc((size_t)p->nslots, sizeof *p->error);
    p->work = malloc((work_floats ? work_floats : 1) * sizeof *p->work);
    int ok = p->x && p->y && p->size && p->error && p->work;
    for (int s = 0; ok && s < p->nslots; s++) {
        p->x[s] = malloc(x_floats * sizeof **p->x);
        p->y[s] = malloc(y_ints * sizeof **p->y);
        ok = p->x[s] && p->y[s];
    }
    if (!ok) {
        ts_fail("prefetch: out of memory for %d batches of %zu floats", p->nslots, x_floats);
        ts_prefetcher_free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->changed);
        ts_prefetcher_free(p);
        return ts_fail("prefetch: cannot start the loader thread"), NULL;
    }
    p->started = 1;
    return p;
}

void ts_prefetcher_stop(ts_prefetcher *p) {
    pthread_mutex_lock(&p->lock);
    p->round++;
    p->count = p->produced = p->consumed = 0;
    while (p->busy) pthread_cond_wait(&p->changed, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void ts_prefetcher_go(ts_prefetcher *p, int count) {
    pthread_mutex_lock(&p->lock);
    p->count = count;
    p->produced = p->consumed = 0;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

int ts_prefetcher_next(ts_prefetcher *p, const float **x, const int **y) {
    pthread_mutex_lock(&p->lock);
    if (p->consumed >= p->count) {
        pthread_mutex_unlock(&p->lock);
        return 0;
    }
    const int index = p->consumed++; /* releases item index − 1: its slot may be refilled */
    pthread_cond_broadcast(&p->changed);
    while (p->produced <= index) pthread_cond_wait(&p->changed, &p->lock);
    pthread_mutex_unlock(&p->lock);
    const int slot = index % p->nslots, n = p->size[slot];
    if (n < 0) return ts_fail("%s", p->error[slot]);
    *x = p->x[slot];
    *y = p->y[slot];
    return n;
}

void ts_prefetcher_free(ts_prefetcher *p) {
    if (!p) return;
    if (p->started) {
        pthread_mutex_lock(&p->lock);
        p->quit = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->changed);
    }
    for (int s = 0; p->x && s < p->nslots; s++) free(p->x[s]);
    for (int s = 0; p->y && s < p->nslots; s++) free(p->y[s]);
    free(p->x);
    free(p->y);
    free(p->size);
    free(p->error);
    free(p->work);
    free(p);
}
