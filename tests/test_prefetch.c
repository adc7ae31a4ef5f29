/* The background batch preparation (lib/data/prefetch.h) and the loader with a transform
 * pipeline on top of it: same batches with or without the thread, per-sample randomness
 * that depends only on (seed, epoch, sample), errors carried across the thread, and no
 * allocation once running. */
#include <stdlib.h>
#include <string.h>

#include "../lib/core/error.h"
#include "../lib/data/loader.h"
#include "../lib/data/prefetch.h"
#include "../lib/data/transform.h"
#include "alloc_count.h"
#include "tests.h"

/* ---- the prefetcher alone: item i holds i+1 samples valued 100·i + k; item FAIL_AT fails */

enum { ITEM_MAX = 8, FAIL_AT = 5 };

static int fill_item(void *ctx, int index, float *x, int *y, float *work) {
    const int *fail = ctx;
    if (*fail && index == FAIL_AT) return ts_fail("item %d is broken", index);
    const int n = index % ITEM_MAX + 1;
    work[0] = (float)index; /* the scratch is the worker's own */
    for (int k = 0; k < n; k++) x[k] = work[0] * 100.0f + (float)k, y[k] = index;
    return n;
}

static void expect_items(ts_prefetcher *p, int count) {
    const float *x;
    const int *y;
    for (int i = 0; i < count; i++) {
        const int n = ts_prefetcher_next(p, &x, &y);
        ck_assert_int_eq(n, i % ITEM_MAX + 1);
        for (int k = 0; k < n; k++) ck_assert(x[k] == (float)(100 * i + k) && y[k] == i);
    }
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), 0);
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), 0); /* stays at the end */
}

START_TEST(prefetcher_yields_items_in_order) {
    static const int depths[] = {1, 2, 5};
    int fail = 0;
    for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
        ts_prefetcher *p = ts_prefetcher_new(depths[d], ITEM_MAX, ITEM_MAX, 1, fill_item, &fail);
        ck_assert_ptr_nonnull(p);
        for (int round = 0; round < 3; round++) {
            ts_prefetcher_stop(p);
            ts_prefetcher_go(p, 37 + round);
            expect_items(p, 37 + round);
        }
        ts_prefetcher_free(p);
    }
}
END_TEST

/* A restart in the middle of a round discards what was prepared for it. */
START_TEST(prefetcher_restarts_mid_round) {
    int fail = 0;
    ts_prefetcher *p = ts_prefetcher_new(3, ITEM_MAX, ITEM_MAX, 1, fill_item, &fail);
    const float *x;
    const int *y;
    ts_prefetcher_go(p, 20);
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), 1);
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), 2);
    ts_prefetcher_stop(p);
    ts_prefetcher_go(p, 11);
    expect_items(p, 11);
    /* freed while the worker is filling ahead: joins cleanly */
    ts_prefetcher_stop(p);
    ts_prefetcher_go(p, 1000);
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), 1);
    ts_prefetcher_free(p);
    ts_prefetcher_free(NULL);
}
END_TEST

START_TEST(prefetcher_reports_the_worker_error) {
    int fail = 1;
    ts_prefetcher *p = ts_prefetcher_new(2, ITEM_MAX, ITEM_MAX, 1, fill_item, &fail);
    const float *x;
    const int *y;
    ts_prefetcher_go(p, 10);
    for (int i = 0; i < FAIL_AT; i++) ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), i + 1);
    ck_assert_int_eq(ts_prefetcher_next(p, &x, &y), TS_ERR);
    ck_assert_str_eq(ts_error(), "item 5 is broken"); /* set on the worker, seen here */
    ts_prefetcher_free(p);
    ck_assert_ptr_null(ts_prefetcher_new(0, 1, 1, 1, fill_item, &fail));
    ck_assert_ptr_nonnull(strstr(ts_error(), "depth"));
}
END_TEST

/* ---- the loader with a transform: images 1×6×5 with distinct pixels, label = sample index */

enum { NSAMPLES = 29, C = 1, H = 6, W = 5, PER = C * H * W };
static const char *SPEC = "RandomCrop((6,5),padding=1),RandomHorizontalFlip(0.5),ToTensor,Normalize(0.5,0.25)";

static ts_dataset make_images(void) {
    ts_dataset ds = {.n = NSAMPLES, .c = C, .h = H, .w = W, .classes = NSAMPLES};
    ds.images = malloc((size_t)NSAMPLES * PER);
    ds.labels = malloc(NSAMPLES * sizeof *ds.labels);
    for (int i = 0; i < NSAMPLES; i++) {
        ds.labels[i] = i;
        for (int j = 0; j < PER; j++) ds.images[i * PER + j] = (uint8_t)((31 * i + 7 * j + 3) % 256);
    }
    return ds;
}

/* One epoch: out[sample] = that sample's transformed image (placed by its label). */
static void epoch_by_sample(ts_loader *ld, int epoch, float *out) {
    ts_loader_start_epoch(ld, epoch);
    const float *x;
    const int *y;
    int n, seen = 0;
    while ((n = ts_loader_next(ld, &x, &y)) > 0) {
        for (int i = 0; i < n; i++) memcpy(out + (size_t)y[i] * PER, x + (size_t)i * PER, PER * sizeof *x);
        seen += n;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(seen, NSAMPLES);
}

/* Synchronous, prefetch depth 1 and 4, batch 4 and 7: sample s of epoch e comes out with the
   same bits in every setting — the augmentation depends on (seed, epoch, sample) only. A
   different epoch draws differently. */
START_TEST(loader_transform_same_bits_any_way) {
    ts_dataset ds = make_images();
    ts_transform *t = ts_transform_parse(SPEC);
    ck_assert_msg(t != NULL, "%s", ts_error());
    static const struct { int batch, prefetch; } ways[] = {{4, 0}, {4, 1}, {7, 4}, {7, 0}};
    float *first = malloc(3 * (size_t)NSAMPLES * PER * sizeof *first);
    float *other = malloc((size_t)NSAMPLES * PER * sizeof *other);
    for (size_t k = 0; k < sizeof ways / sizeof *ways; k++) {
        ts_loader ld;
        ck_assert(ts_loader_init(&ld, &ds, ways[k].batch, 1, 0, 42) == TS_OK);
        ck_assert_msg(ts_loader_set_transform(&ld, t, ways[k].prefetch) == TS_OK, "%s", ts_error());
        ck_assert(ld.c == C && ld.h == H && ld.w == W);
        /* a prefetcher's slots hold the batches: then the loader keeps no batch of its own */
        ck_assert(ways[k].prefetch ? !ld.x && !ld.y && !ld.work : ld.x && ld.y && ld.work);
        for (int e = 0; e < 3; e++) {
            float *want = first + (size_t)e * NSAMPLES * PER;
            epoch_by_sample(&ld, e, k == 0 ? want : other);
            if (k) ck_assert_msg(memcmp(want, other, (size_t)NSAMPLES * PER * sizeof *other) == 0,
                                 "epoch %d differs with batch %d, prefetch %d", e, ways[k].batch, ways[k].prefetch);
        }
        ts_loader_free(&ld);
    }
    ck_assert(memcmp(first, first + (size_t)NSAMPLES * PER, (size_t)NSAMPLES * PER * sizeof *first) != 0);
    free(first);
    free(other);
    ts_transform_free(t);
    ts_dataset_free(&ds);
}
END_TEST

/* An epoch abandoned half-way (the trainer stopping early) and restarted gives the same epoch. */
START_TEST(loader_prefetch_restart_mid_epoch) {
    ts_dataset ds = make_images();
    ts_transform *t = ts_transform_parse(SPEC);
    float *a = malloc((size_t)NSAMPLES * PER * sizeof *a), *b = malloc((size_t)NSAMPLES * PER * sizeof *b);
    ts_loader ld;
    ck_assert(ts_loader_init(&ld, &ds, 3, 1, 0, 9) == TS_OK);
    ck_assert(ts_loader_set_transform(&ld, t, 2) == TS_OK);
    epoch_by_sample(&ld, 1, a);
    const float *x;
    const int *y;
    ts_loader_start_epoch(&ld, 1);
    ck_assert_int_eq(ts_loader_next(&ld, &x, &y), 3);
    epoch_by_sample(&ld, 1, b);
    ck_assert(memcmp(a, b, (size_t)NSAMPLES * PER * sizeof *a) == 0);
    ts_loader_free(&ld);
    free(a);
    free(b);
    ts_transform_free(t);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_prefetch_allocates_nothing) {
    if (!alloc_count_available()) return;
    ts_dataset ds = make_images();
    ts_transform *t = ts_transform_parse(SPEC);
    ts_loader ld;
    ck_assert(ts_loader_init(&ld, &ds, 4, 1, 0, 5) == TS_OK);
    ck_assert(ts_loader_set_transform(&ld, t, 2) == TS_OK);
    const float *x;
    const int *y;
    int n, seen = 0;
    alloc_count_begin();
    for (int epoch = 0; epoch < 3; epoch++) {
        ts_loader_start_epoch(&ld, epoch);
        while ((n = ts_loader_next(&ld, &x, &y)) > 0) seen += n;
    }
    const alloc_counts c = alloc_count_end();
    ck_assert_int_eq(seen, 3 * NSAMPLES);
    ck_assert_msg(c.allocs == 0 && c.other_allocs == 0, "%ld allocations here and %ld on the loader thread",
                  c.allocs, c.other_allocs);
    ts_loader_free(&ld);
    ts_transform_free(t);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_rejects_a_transform_that_does_not_fit) {
    ts_dataset ds = make_images();
    ts_transform *t = ts_transform_parse("RandomCrop(8),ToTensor"); /* larger than 6×5, no pad_if_needed */
    ck_assert_msg(t != NULL, "%s", ts_error());
    ts_loader ld;
    ck_assert(ts_loader_init(&ld, &ds, 4, 1, 0, 5) == TS_OK);
    ck_assert_int_eq(ts_loader_set_transform(&ld, t, 1), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "1×6×5"));
    ck_assert_int_eq(ts_loader_set_transform(&ld, t, -1), TS_ERR);
    ts_loader_free(&ld);
    ts_transform_free(t);
    ts_dataset_free(&ds);
}
END_TEST

Suite *suite_prefetch(void) {
    Suite *s = suite_create("prefetch");
    TCase *worker = tcase_create("prefetcher");
    tcase_add_test(worker, prefetcher_yields_items_in_order);
    tcase_add_test(worker, prefetcher_restarts_mid_round);
    tcase_add_test(worker, prefetcher_reports_the_worker_error);
    suite_add_tcase(s, worker);
    TCase *loader = tcase_create("loader-transform");
    tcase_add_test(loader, loader_transform_same_bits_any_way);
    tcase_add_test(loader, loader_prefetch_restart_mid_epoch);
    tcase_add_test(loader, loader_prefetch_allocates_nothing);
    tcase_add_test(loader, loader_rejects_a_transform_that_does_not_fit);
    suite_add_tcase(s, loader);
    return s;
}
