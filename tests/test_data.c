/* The data layer: IDX reading, data set loading, the mini-batch loader.
 *
 * Fault tests write tiny IDX files into a fresh temporary directory — gzip'd (zlib's
 * gzopen "wb") and raw — each with exactly one fault, and require TS_ERR plus a message
 * that names the file and says what is wrong. Loader tests use an in-memory data set whose
 * label is the sample index, so a batch tells which samples it holds. The last test case
 * reads the real Fashion-MNIST ($TRAINSKILL_DATA, set by `make test`) and checks its
 * published statistics. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../lib/core/error.h"
#include "../lib/data/dataset.h"
#include "../lib/data/idx.h"
#include "../lib/data/loader.h"
#include "../lib/data/mean_std.h"
#include "alloc_count.h"
#include "fixture.h"
#include "tests.h"

/* ---- a temporary directory per test (checked fixture: made and removed around each test) */

static char tmpdir[64];

static void tmp_setup(void) {
    strcpy(tmpdir, "/tmp/trainskill-data-XXXXXX");
    ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp failed");
}

static void tmp_teardown(void) {
    DIR *d = opendir(tmpdir);
    if (!d) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* "<tmpdir>/<name>" in buf. */
static const char *tmp_path(char *buf, size_t len, const char *name) {
    snprintf(buf, len, "%s/%s", tmpdir, name);
    return buf;
}

/* ---- writing IDX files */

typedef struct {
    unsigned char b[4096];
    size_t n;
} bytes;

static void put(bytes *o, const void *p, size_t n) {
    ck_assert(o->n + n <= sizeof o->b);
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void put_be32(bytes *o, uint32_t v) {
    const unsigned char q[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                                (unsigned char)(v >> 8), (unsigned char)v};
    put(o, q, 4);
}

/* An IDX header: magic 00 00, type, rank, then the sizes. */
static void put_header(bytes *o, unsigned char type, int ndim, const uint32_t *dims) {
    const unsigned char head[4] = {0, 0, type, (unsigned char)ndim};
    put(o, head, 4);
    for (int i = 0; i < ndim; i++) put_be32(o, dims[i]);
}

static void write_bytes(const char *name, int gz, const void *p, size_t n) {
    char path[512];
    tmp_path(path, sizeof path, name);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        ck_assert(f != NULL);
        ck_assert(n == 0 || gzwrite(f, p, (unsigned)n) == (int)n);
        ck_assert(gzclose(f) == Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        ck_assert(f != NULL);
        ck_assert(fwrite(p, 1, n, f) == n);
        ck_assert(fclose(f) == 0);
    }
}

/* The test images: N images of H×W, pixel j of image i = (37·i + 5·j + 11) mod 256. */
enum { N = 5, H = 3, W = 4 };
static const uint8_t LABELS[N] = {3, 0, 9, 1, 7};

static uint8_t pixel(int i, int j) { return (uint8_t)((37 * i + 5 * j + 11) % 256); }

/* Writes "<split>-images-idx3-ubyte[.gz]" with n images, of which only `stored` are present. */
static void write_images(const char *split, int gz, int n, int stored, size_t trailing) {
    bytes o = {.n = 0};
    const uint32_t dims[3] = {(uint32_t)n, H, W};
    put_header(&o, 0x08, 3, dims);
    for (int i = 0; i < stored; i++)
        for (int j = 0; j < H * W; j++) {
            const uint8_t p = pixel(i, j);
            put(&o, &p, 1);
        }
    for (size_t k = 0; k < trailing; k++) put(&o, "\xAB", 1);
    char name[128];
    snprintf(name, sizeof name, "%s-images-idx3-ubyte%s", split, gz ? ".gz" : "");
    write_bytes(name, gz, o.b, o.n);
}

static void write_labels(const char *split, int gz, int n, const uint8_t *labels) {
    bytes o = {.n = 0};
    const uint32_t dims[1] = {(uint32_t)n};
    put_header(&o, 0x08, 1, dims);
    put(&o, labels, (size_t)n);
    char name[128];
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte%s", split, gz ? ".gz" : "");
    write_bytes(name, gz, o.b, o.n);
}

/* Whole-file access, to damage a gzip stream after writing it. */
static size_t slurp(const char *name, unsigned char *buf, size_t cap) {
    char path[512];
    FILE *f = fopen(tmp_path(path, sizeof path, name), "rb");
    ck_assert(f != NULL);
    const size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* The call must fail with a message containing the file's path and the fault's word. */
#define EXPECT_FAULT(call, file, word)                                                           \
    do {                                                                                         \
        char want_path_[512];                                                                    \
        tmp_path(want_path_, sizeof want_path_, file);                                           \
        ck_assert_int_eq((call), TS_ERR);                                                        \
        ck_assert_msg(strstr(ts_error(), want_path_) != NULL, "message lacks the path %s: %s",   \
                      want_path_, ts_error());                                                   \
        ck_assert_msg(strstr(ts_error(), word) != NULL, "message lacks \"%s\": %s", word,       \
                      ts_error());                                                               \
    } while (0)

/* ---- positive cases */

static void check_loaded(const ts_dataset *ds) {
    ck_assert_int_eq(ds->n, N);
    ck_assert_int_eq(ds->c, 1);
    ck_assert_int_eq(ds->h, H);
    ck_assert_int_eq(ds->w, W);
    ck_assert_int_eq(ds->classes, 10);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(ds->labels[i], LABELS[i]);
        for (int j = 0; j < H * W; j++) ck_assert_int_eq(ds->images[i * H * W + j], pixel(i, j));
    }
}

START_TEST(load_gz_pair) {
    write_images("train", 1, N, N, 0);
    write_labels("train", 1, N, LABELS);
    ts_dataset ds;
    ck_assert_msg(ts_dataset_load(&ds, tmpdir, "train") == TS_OK, "%s", ts_error());
    check_loaded(&ds);
    ts_dataset_free(&ds);
    ck_assert(ds.images == NULL && ds.labels == NULL && ds.n == 0);
    ts_dataset_free(&ds); /* twice is harmless */
}
END_TEST

START_TEST(load_raw_pair) {
    write_images("t10k", 0, N, N, 0);
    write_labels("t10k", 0, N, LABELS);
    ts_dataset ds;
    ck_assert_msg(ts_dataset_load(&ds, tmpdir, "t10k") == TS_OK, "%s", ts_error());
    check_loaded(&ds);
    ts_dataset_free(&ds);
}
END_TEST

/* .gz images beside raw labels: each file is looked up on its own. */
START_TEST(load_mixed_pair) {
    write_images("train", 1, N, N, 0);
    write_labels("train", 0, N, LABELS);
    ts_dataset ds;
    ck_assert_msg(ts_dataset_load(&ds, tmpdir, "train") == TS_OK, "%s", ts_error());
    check_loaded(&ds);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(idx_read_exact) {
    write_labels("x", 1, N, LABELS);
    char path[512];
    ts_idx idx;
    ck_assert_msg(ts_idx_read(tmp_path(path, sizeof path, "x-labels-idx1-ubyte.gz"), 1, &idx) == TS_OK,
                  "%s", ts_error());
    ck_assert_int_eq(idx.ndim, 1);
    ck_assert_int_eq(idx.dims[0], N);
    ck_assert_uint_eq(idx.size, N);
    ck_assert_mem_eq(idx.data, LABELS, N);
    ts_idx_free(&idx);
    ck_assert(idx.data == NULL);
}
END_TEST

START_TEST(data_dir_order) {
    const char *old = getenv("TRAINSKILL_DATA");
    char *saved = old ? strdup(old) : NULL;
    setenv("TRAINSKILL_DATA", "/from/env", 1);
    ck_assert_str_eq(ts_data_dir("/from/arg"), "/from/arg");
    ck_assert_str_eq(ts_data_dir(""), "/from/env");
    ck_assert_str_eq(ts_data_dir(NULL), "/from/env");
    unsetenv("TRAINSKILL_DATA");
    ck_assert_str_eq(ts_data_dir(NULL), TS_DEFAULT_DATA_DIR);
    if (saved) setenv("TRAINSKILL_DATA", saved, 1);
    free(saved);
}
END_TEST

START_TEST(slice_copies_and_checks_bounds) {
    write_images("train", 1, N, N, 0);
    write_labels("train", 1, N, LABELS);
    ts_dataset ds, part;
    ck_assert_msg(ts_dataset_load(&ds, tmpdir, "train") == TS_OK, "%s", ts_error());
    ck_assert_msg(ts_dataset_slice(&part, &ds, 1, 3) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(part.n, 3);
    ck_assert(part.images != ds.images);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(part.labels[i], LABELS[1 + i]);
        ck_assert_mem_eq(part.images + i * H * W, ds.images + (1 + i) * H * W, H * W);
    }
    ts_dataset_free(&part);
    ck_assert_int_eq(ts_dataset_slice(&part, &ds, 3, 3), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "out of range"), "%s", ts_error());
    ck_assert_int_eq(ts_dataset_slice(&part, &ds, -1, 2), TS_ERR);
    ck_assert_int_eq(ts_dataset_slice(&part, &ds, 0, 0), TS_ERR);
    ck_assert_int_eq(ts_dataset_slice(&part, &ds, 1, 2147483647), TS_ERR); /* no overflow */
    /* In place: the slice replaces the data set. */
    ck_assert_msg(ts_dataset_slice(&ds, &ds, 4, 1) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(ds.n, 1);
    ck_assert_int_eq(ds.labels[0], LABELS[4]);
    ts_dataset_free(&ds);
}
END_TEST

/* ---- one fault per test */

START_TEST(fault_missing_file) {
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "nope.gz"), 1, &idx), "nope.gz",
                 "No such file");
    /* The data set names both names it tried. */
    ts_dataset ds;
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-images-idx3-ubyte.gz", "No such file");
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-images-idx3-ubyte", "also tried");
    ck_assert(ds.images == NULL && ds.n == 0);
    /* Images present, labels missing. */
    write_images("train", 1, N, N, 0);
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-labels-idx1-ubyte.gz", "No such file");
}
END_TEST

START_TEST(fault_unreadable_directory) {
    char path[512];
    ts_idx idx;
    /* A directory opens but cannot be read: zlib's read error becomes strerror's text. */
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, ""), 1, &idx), "", "Is a directory");
}
END_TEST

START_TEST(fault_wrong_magic) {
    bytes o = {.n = 0};
    put(&o, "\x12\x34\x08\x01", 4);
    put_be32(&o, N);
    put(&o, LABELS, N);
    write_bytes("train-labels-idx1-ubyte.gz", 1, o.b, o.n);
    write_images("train", 1, N, N, 0);
    ts_dataset ds;
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-labels-idx1-ubyte.gz", "bad magic");
}
END_TEST

START_TEST(fault_wrong_type) {
    bytes o = {.n = 0};
    const uint32_t dims[1] = {N};
    put_header(&o, 0x0D, 1, dims); /* 0x0D = float32 in IDX */
    put(&o, LABELS, N);
    write_bytes("f.idx", 0, o.b, o.n);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "f.idx"), 1, &idx), "f.idx",
                 "unsupported element type 0x0d");
}
END_TEST

START_TEST(fault_wrong_rank) {
    /* A labels file (rank 1) where the images (rank 3) should be. */
    write_labels("swap", 1, N, LABELS);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "swap-labels-idx1-ubyte.gz"), 3, &idx),
                 "swap-labels-idx1-ubyte.gz", "wrong rank: expected 3 dimensions, got 1");
    ck_assert(idx.data == NULL);
}
END_TEST

START_TEST(fault_truncated_header) {
    /* The sizes stop after 6 of 12 bytes. */
    write_bytes("h.gz", 1, "\x00\x00\x08\x03\x00\x00\x00\x05\x00\x00", 10);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "h.gz"), 3, &idx), "h.gz",
                 "truncated header: expected 12 bytes of sizes, got 6");
    write_bytes("empty", 0, "", 0);
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "empty"), 3, &idx), "empty",
                 "truncated header");
}
END_TEST

START_TEST(fault_truncated_data) {
    /* 5 images announced, 2 stored: 24 of 60 bytes. */
    ts_dataset ds;
    write_images("train", 1, N, 2, 0);
    write_labels("train", 1, N, LABELS);
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-images-idx3-ubyte.gz",
                 "truncated: expected 60 bytes of data (5x3x4), got 24");
    write_images("t10k", 0, N, 2, 0);
    write_labels("t10k", 0, N, LABELS);
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "t10k"), "t10k-images-idx3-ubyte",
                 "truncated: expected 60 bytes of data (5x3x4), got 24");
}
END_TEST

/* A gzip file cut short: zlib reports "unexpected end of file"; we say truncated. */
START_TEST(fault_truncated_gzip_stream) {
    write_images("cut", 1, N, N, 0);
    unsigned char buf[4096];
    const size_t n = slurp("cut-images-idx3-ubyte.gz", buf, sizeof buf);
    write_bytes("cut.gz", 0, buf, n / 2);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "cut.gz"), 3, &idx), "cut.gz", "truncated");
    /* Only the 8-byte trailer (CRC-32, length) missing: the data is whole, yet it is an error. */
    write_bytes("notrailer.gz", 0, buf, n - 8);
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "notrailer.gz"), 3, &idx), "notrailer.gz",
                 "truncated");
}
END_TEST

START_TEST(fault_trailing_bytes) {
    ts_dataset ds;
    write_images("train", 1, N, N, 3);
    write_labels("train", 1, N, LABELS);
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-images-idx3-ubyte.gz",
                 "trailing bytes: 3 extra bytes");
    write_images("t10k", 0, N, N, 1);
    write_labels("t10k", 0, N, LABELS);
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "t10k"), "t10k-images-idx3-ubyte",
                 "trailing bytes: 1 extra byte");
}
END_TEST

START_TEST(fault_zero_dimension) {
    bytes o = {.n = 0};
    const uint32_t dims[3] = {N, 0, W};
    put_header(&o, 0x08, 3, dims);
    write_bytes("z.gz", 1, o.b, o.n);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "z.gz"), 3, &idx), "z.gz", "dimension 1 is zero");
}
END_TEST

/* Sizes whose product overflows 64 bits must be refused before any allocation. */
START_TEST(fault_absurd_dimension) {
    bytes o = {.n = 0};
    const uint32_t dims[3] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
    put_header(&o, 0x08, 3, dims);
    write_bytes("big", 0, o.b, o.n);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "big"), 3, &idx), "big", "absurd");
    o.n = 0;
    const uint32_t dims2[3] = {70000, 70000, 70000}; /* each fits an int; the product does not fit */
    put_header(&o, 0x08, 3, dims2);
    write_bytes("big2", 0, o.b, o.n);
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "big2"), 3, &idx), "big2", "absurd");
}
END_TEST

START_TEST(fault_count_mismatch) {
    write_images("train", 1, N, N, 0);
    write_labels("train", 1, N - 1, LABELS);
    ts_dataset ds;
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-labels-idx1-ubyte.gz",
                 "count mismatch: 5 images");
    ck_assert_msg(strstr(ts_error(), "but 4 labels"), "%s", ts_error());
    ck_assert(ds.images == NULL && ds.labels == NULL);
}
END_TEST

START_TEST(fault_label_out_of_range) {
    const uint8_t bad[N] = {3, 0, 10, 255, 7};
    write_images("train", 1, N, N, 0);
    write_labels("train", 1, N, bad);
    ts_dataset ds;
    EXPECT_FAULT(ts_dataset_load(&ds, tmpdir, "train"), "train-labels-idx1-ubyte.gz",
                 "label out of range: label[2] = 10");
}
END_TEST

/* Damaged compressed data. zlib's gzip writer emits the minimal 10-byte header, so byte 10
   starts the first deflate block; 0x07 makes it BFINAL=1, BTYPE=11 — a reserved type. */
START_TEST(fault_corrupt_gzip_block) {
    write_images("bad", 1, N, N, 0);
    unsigned char buf[4096];
    const size_t n = slurp("bad-images-idx3-ubyte.gz", buf, sizeof buf);
    buf[10] = 0x07;
    write_bytes("bad.gz", 0, buf, n);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "bad.gz"), 3, &idx), "bad.gz",
                 "corrupt gzip stream");
}
END_TEST

/* The deflate data intact but its CRC-32 wrong: caught only by checking the trailer. */
START_TEST(fault_corrupt_gzip_crc) {
    write_images("crc", 1, N, N, 0);
    unsigned char buf[4096];
    const size_t n = slurp("crc-images-idx3-ubyte.gz", buf, sizeof buf);
    buf[n - 8] ^= 0xFF;
    write_bytes("crc.gz", 0, buf, n);
    char path[512];
    ts_idx idx;
    EXPECT_FAULT(ts_idx_read(tmp_path(path, sizeof path, "crc.gz"), 3, &idx), "crc.gz",
                 "corrupt gzip stream");
}
END_TEST

/* ---- the loader, on an in-memory data set: label = sample index, pixels from pixel() */

static ts_dataset make_set(int n) {
    ts_dataset ds = {.n = n, .c = 1, .h = H, .w = W, .classes = 10};
    ds.images = malloc((size_t)n * H * W);
    ds.labels = malloc((size_t)n * sizeof *ds.labels);
    for (int i = 0; i < n; i++) {
        ds.labels[i] = i;
        for (int j = 0; j < H * W; j++) ds.images[i * H * W + j] = pixel(i, j);
    }
    return ds;
}

/* Runs one epoch; records the sample order (from the labels) and the batch sizes. */
static int run_epoch(ts_loader *ld, int epoch, int *order, int *sizes) {
    ts_loader_start_epoch(ld, epoch);
    const float *x;
    const int *y;
    int n, seen = 0, batches = 0;
    while ((n = ts_loader_next(ld, &x, &y)) > 0) {
        for (int i = 0; i < n; i++) order[seen + i] = y[i];
        sizes[batches++] = n;
        seen += n;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(batches, ts_loader_num_batches(ld));
    return seen;
}

enum { NS = 23 }; /* a prime, so no batch size divides it */

START_TEST(loader_batch_counts) {
    ts_dataset ds = make_set(NS);
    ts_loader ld;
    int order[NS], sizes[NS];
    ck_assert_msg(ts_loader_init(&ld, &ds, 5, 1, 0, 42) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(ts_loader_num_batches(&ld), 5); /* ⌈23/5⌉ */
    ck_assert_int_eq(run_epoch(&ld, 0, order, sizes), NS);
    ck_assert_int_eq(sizes[0], 5);
    ck_assert_int_eq(sizes[4], 3); /* the short last batch: 23 mod 5 */
    ts_loader_free(&ld);

    ck_assert_msg(ts_loader_init(&ld, &ds, 5, 1, 1, 42) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(ts_loader_num_batches(&ld), 4); /* ⌊23/5⌋ */
    ck_assert_int_eq(run_epoch(&ld, 0, order, sizes), 20);
    for (int b = 0; b < 4; b++) ck_assert_int_eq(sizes[b], 5);
    ts_loader_free(&ld);

    /* A batch larger than the data set: one short batch, or none with drop_last. */
    ck_assert_msg(ts_loader_init(&ld, &ds, 100, 0, 0, 1) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(run_epoch(&ld, 0, order, sizes), NS);
    ck_assert_int_eq(sizes[0], NS);
    ts_loader_free(&ld);
    ck_assert_msg(ts_loader_init(&ld, &ds, 100, 0, 1, 1) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(run_epoch(&ld, 0, order, sizes), 0);
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_every_sample_once) {
    ts_dataset ds = make_set(NS);
    ts_loader ld;
    int order[NS], sizes[NS];
    ck_assert_msg(ts_loader_init(&ld, &ds, 4, 1, 0, 7) == TS_OK, "%s", ts_error());
    for (int epoch = 0; epoch < 5; epoch++) {
        int count[NS] = {0};
        ck_assert_int_eq(run_epoch(&ld, epoch, order, sizes), NS);
        for (int i = 0; i < NS; i++) {
            ck_assert(order[i] >= 0 && order[i] < NS);
            count[order[i]]++;
        }
        for (int i = 0; i < NS; i++) ck_assert_msg(count[i] == 1, "epoch %d: sample %d seen %d times", epoch, i, count[i]);
    }
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_order_depends_on_seed_and_epoch_only) {
    ts_dataset ds = make_set(NS);
    ts_loader a, b;
    int oa[NS], ob[NS], oc[NS], sizes[NS];
    ck_assert(ts_loader_init(&a, &ds, 4, 1, 0, 123) == TS_OK);
    ck_assert(ts_loader_init(&b, &ds, 6, 1, 1, 123) == TS_OK); /* batching does not matter */
    run_epoch(&a, 3, oa, sizes);
    run_epoch(&a, 5, oc, sizes);
    /* b reaches epoch 3 by another path: straight there, after 0 and 9 */
    run_epoch(&b, 0, ob, sizes);
    run_epoch(&b, 9, ob, sizes);
    ts_loader_start_epoch(&b, 3);
    for (int i = 0; i < NS; i++) ob[i] = b.order[i];
    ck_assert_mem_eq(oa, ob, sizeof oa);
    /* Epoch 3 again on a: the same order. */
    run_epoch(&a, 3, ob, sizes);
    ck_assert_mem_eq(oa, ob, sizeof oa);
    /* Different epochs, different orders (equal by chance with probability 1/23!). */
    ck_assert(memcmp(oa, oc, sizeof oa) != 0);
    /* A different seed, a different order. */
    ts_loader c;
    ck_assert(ts_loader_init(&c, &ds, 4, 1, 0, 124) == TS_OK);
    run_epoch(&c, 3, oc, sizes);
    ck_assert(memcmp(oa, oc, sizeof oa) != 0);
    ts_loader_free(&a);
    ts_loader_free(&b);
    ts_loader_free(&c);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_no_shuffle_is_identity) {
    ts_dataset ds = make_set(NS);
    ts_loader ld;
    int order[NS], sizes[NS];
    ck_assert(ts_loader_init(&ld, &ds, 4, 0, 0, 99) == TS_OK);
    for (int epoch = 0; epoch < 3; epoch++) {
        run_epoch(&ld, epoch, order, sizes);
        for (int i = 0; i < NS; i++) ck_assert_int_eq(order[i], i);
    }
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

/* ToTensor then Normalize, compared bit for bit with torchvision's float32 formula
   x = (p/255 − mean)/std, plus values known exactly. */
START_TEST(loader_normalization) {
    ts_dataset ds = make_set(NS);
    ds.images[0] = 0;
    ds.images[1] = 255;
    ds.images[2] = 51; /* 51/255 = 0.2 */
    ts_loader ld;
    const float *x;
    const int *y;
    ck_assert(ts_loader_init(&ld, &ds, 8, 1, 0, 5) == TS_OK);
    ck_assert(ld.mean == 0.0f && ld.std == 1.0f);
    const float means[2] = {0.0f, 0.2860f}, stds[2] = {1.0f, 0.3530f};
    for (int k = 0; k < 2; k++) {
        ck_assert(ts_loader_normalize(&ld, means[k], stds[k]) == TS_OK);
        ts_loader_start_epoch(&ld, k);
        int n;
        while ((n = ts_loader_next(&ld, &x, &y)) > 0)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < H * W; j++) {
                    const uint8_t p = ds.images[y[i] * H * W + j];
                    const float want = ((float)p / 255.0f - means[k]) / stds[k];
                    ck_assert_msg(x[i * H * W + j] == want, "sample %d pixel %d: %.9g != %.9g", y[i], j,
                                  (double)x[i * H * W + j], (double)want);
                    if (k == 0 && y[i] == 0 && j < 3)
                        ck_assert_float_eq(x[i * H * W + j], j == 0 ? 0.0f : j == 1 ? 1.0f : 0.2f);
                }
    }
    ts_loader_free(&ld);
    /* Normalize(0.5, 0.5) maps [0, 1] onto [−1, 1] exactly at the ends. */
    ck_assert(ts_loader_init(&ld, &ds, NS, 0, 0, 5) == TS_OK);
    ck_assert(ts_loader_normalize(&ld, 0.5f, 0.5f) == TS_OK);
    ck_assert_int_eq(ts_loader_next(&ld, &x, &y), NS);
    ck_assert_float_eq(x[0], -1.0f);
    ck_assert_float_eq(x[1], 1.0f);
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

START_TEST(loader_rejects_bad_arguments) {
    ts_dataset ds = make_set(NS);
    ts_loader ld;
    ck_assert_int_eq(ts_loader_init(&ld, &ds, 0, 1, 0, 1), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "batch size must be positive, got 0"), "%s", ts_error());
    ck_assert_int_eq(ts_loader_init(&ld, &ds, -3, 1, 0, 1), TS_ERR);
    ts_dataset empty = {0};
    ck_assert_int_eq(ts_loader_init(&ld, &empty, 4, 1, 0, 1), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "empty"), "%s", ts_error());
    ck_assert_int_eq(ts_loader_init(&ld, NULL, 4, 1, 0, 1), TS_ERR);

    ck_assert(ts_loader_init(&ld, &ds, 4, 1, 0, 1) == TS_OK);
    ck_assert_int_eq(ts_loader_normalize(&ld, 0.5f, 0.0f), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "std"), "%s", ts_error());
    ck_assert_int_eq(ts_loader_normalize(&ld, NAN, 1.0f), TS_ERR);
    ck_assert(ld.std == 1.0f); /* a refused setting changes nothing */
    /* The fields are public; next refuses a bad one instead of producing inf. */
    ld.std = 0.0f;
    const float *x;
    const int *y;
    ck_assert_int_eq(ts_loader_next(&ld, &x, &y), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "std"), "%s", ts_error());
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

/* The header's promise: every buffer comes from init; a whole epoch, including the epoch
   change, allocates nothing. (Skipped under AddressSanitizer, which owns malloc.) */
START_TEST(loader_next_allocates_nothing) {
    if (!alloc_count_available()) return;
    ts_dataset ds = make_set(NS);
    ts_loader ld;
    ck_assert(ts_loader_init(&ld, &ds, 4, 1, 0, 3) == TS_OK);
    ck_assert(ts_loader_normalize(&ld, 0.5f, 0.25f) == TS_OK);
    const float *x;
    const int *y;
    int n, seen = 0;
    alloc_count_begin();
    for (int epoch = 0; epoch < 3; epoch++) {
        ts_loader_start_epoch(&ld, epoch);
        while ((n = ts_loader_next(&ld, &x, &y)) > 0) seen += n;
    }
    const alloc_counts c = alloc_count_end();
    ck_assert_int_eq(seen, 3 * NS);
    ck_assert_msg(c.allocs == 0, "%ld allocations in the loader's epoch loop", c.allocs);
    ts_loader_free(&ld);
    ts_dataset_free(&ds);
}
END_TEST

/* ---- per-channel mean and std */

/* Two images of 2 channels × 1 × 2 pixels: channel 0 holds {0, 255, 255, 0} → mean 1/2,
   std 1/2; channel 1 holds {51, 51, 51, 51} → mean 0.2, std 0 (exactly: no cancellation). */
START_TEST(mean_std_by_hand) {
    uint8_t images[8] = {0, 255, 51, 51, 255, 0, 51, 51};
    int labels[2] = {0, 1};
    ts_dataset ds = {.n = 2, .c = 2, .h = 1, .w = 2, .classes = 2, .images = images, .labels = labels};
    double mean[2], std[2];
    ck_assert(ts_dataset_mean_std(&ds, mean, std) == TS_OK);
    ck_assert_double_eq_tol(mean[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(std[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(mean[1], 0.2, 1e-15);
    ck_assert(std[1] == 0.0);
    ds.n = 0;
    ck_assert(ts_dataset_mean_std(&ds, mean, std) == TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "empty"));
}
END_TEST

/* ---- real Fashion-MNIST */

/* The real files: sizes, balanced classes, the per-channel statistics, and the loader. */
START_TEST(fashion_mnist) {
    const char *dir = ts_data_dir(NULL);
    ts_dataset train, test;
    ck_assert_msg(ts_dataset_load(&train, dir, "train") == TS_OK, "%s", ts_error());
    ck_assert_msg(ts_dataset_load(&test, dir, "t10k") == TS_OK, "%s", ts_error());
    ck_assert_int_eq(train.n, 60000);
    ck_assert_int_eq(test.n, 10000);
    const ts_dataset *sets[2] = {&train, &test};
    for (int s = 0; s < 2; s++) {
        const ts_dataset *d = sets[s];
        ck_assert(d->c == 1 && d->h == 28 && d->w == 28 && d->classes == 10);
        int count[10] = {0};
        for (int i = 0; i < d->n; i++) count[d->labels[i]]++;
        for (int k = 0; k < 10; k++) ck_assert_int_eq(count[k], d->n / 10);
    }
    /* ts_dataset_mean_std against numpy's float64 mean and population std of pixel/255
       (experiments/make_fixtures.py; the fixture holds them as float32: 6e-8 relative). */
    fixture *fx = fixture_load("dataset_stats");
    const char *split_names[2] = {"train", "t10k"};
    for (int s = 0; s < 2; s++) {
        double mean, std;
        char name[32];
        ck_assert_msg(ts_dataset_mean_std(sets[s], &mean, &std) == TS_OK, "%s", ts_error());
        snprintf(name, sizeof name, "%s.mean", split_names[s]);
        const double want_mean = fixture_scalar(fx, name);
        snprintf(name, sizeof name, "%s.std", split_names[s]);
        const double want_std = fixture_scalar(fx, name);
        ck_assert_msg(fabs(mean - want_mean) < 1e-6 * want_mean, "%s mean %.9f, numpy %.9f", split_names[s], mean, want_mean);
        ck_assert_msg(fabs(std - want_std) < 1e-6 * want_std, "%s std %.9f, numpy %.9f", split_names[s], std, want_std);
    }
    fixture_free(fx);
    const size_t total = (size_t)train.n * 28 * 28;
    double sum, sq;

    /* Through the loader with those statistics: one epoch of normalized pixels has mean ≈ 0
       and std ≈ 1, and every sample comes once. */
    ts_loader ld;
    ck_assert(ts_loader_init(&ld, &train, 256, 1, 0, 2024) == TS_OK);
    ck_assert(ts_loader_normalize(&ld, 0.2860f, 0.3530f) == TS_OK);
    const float *x;
    const int *y;
    int n, seen = 0;
    sum = sq = 0.0;
    while ((n = ts_loader_next(&ld, &x, &y)) > 0) {
        for (size_t j = 0; j < (size_t)n * 784; j++) {
            sum += x[j];
            sq += (double)x[j] * x[j];
        }
        seen += n;
    }
    ck_assert_int_eq(seen, 60000);
    const double zm = sum / (double)total, zs = sqrt(sq / (double)total - zm * zm);
    ck_assert_msg(fabs(zm) < 5e-3 && fabs(zs - 1.0) < 5e-3, "normalized mean %.5f std %.5f", zm, zs);
    ts_loader_free(&ld);
    ts_dataset_free(&train);
    ts_dataset_free(&test);
}
END_TEST

Suite *suite_data(void) {
    Suite *s = suite_create("data");

    TCase *files = tcase_create("files");
    tcase_add_checked_fixture(files, tmp_setup, tmp_teardown);
    tcase_add_test(files, load_gz_pair);
    tcase_add_test(files, load_raw_pair);
    tcase_add_test(files, load_mixed_pair);
    tcase_add_test(files, idx_read_exact);
    tcase_add_test(files, data_dir_order);
    tcase_add_test(files, slice_copies_and_checks_bounds);
    tcase_add_test(files, fault_missing_file);
    tcase_add_test(files, fault_unreadable_directory);
    tcase_add_test(files, fault_wrong_magic);
    tcase_add_test(files, fault_wrong_type);
    tcase_add_test(files, fault_wrong_rank);
    tcase_add_test(files, fault_truncated_header);
    tcase_add_test(files, fault_truncated_data);
    tcase_add_test(files, fault_truncated_gzip_stream);
    tcase_add_test(files, fault_trailing_bytes);
    tcase_add_test(files, fault_zero_dimension);
    tcase_add_test(files, fault_absurd_dimension);
    tcase_add_test(files, fault_count_mismatch);
    tcase_add_test(files, fault_label_out_of_range);
    tcase_add_test(files, fault_corrupt_gzip_block);
    tcase_add_test(files, fault_corrupt_gzip_crc);
    suite_add_tcase(s, files);

    TCase *loader = tcase_create("loader");
    tcase_add_test(loader, loader_batch_counts);
    tcase_add_test(loader, loader_every_sample_once);
    tcase_add_test(loader, loader_order_depends_on_seed_and_epoch_only);
    tcase_add_test(loader, loader_no_shuffle_is_identity);
    tcase_add_test(loader, loader_normalization);
    tcase_add_test(loader, loader_rejects_bad_arguments);
    tcase_add_test(loader, loader_next_allocates_nothing);
    suite_add_tcase(s, loader);

    TCase *stats = tcase_create("mean-std");
    tcase_add_test(stats, mean_std_by_hand);
    suite_add_tcase(s, stats);

    TCase *real = tcase_create("fashion-mnist");
    tcase_add_test(real, fashion_mnist);
    tcase_set_timeout(real, 120);
    suite_add_tcase(s, real);
    return s;
}
