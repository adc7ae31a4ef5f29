/* Transforms: torchvision parity, statistics of the random ones, the spec parser, the
 * pipeline (determinism, folded paddings, no allocation).
 *
 * Parity: experiments/make_fixtures_transforms.py ran torchvision 0.14's functional API on a
 * 3×8×10 and a 1×12×11 uint8 image, as uint8 tensors ("u") and as float tensors after
 * ToTensor ("f"), with fixed parameters; each case below repeats its parameters.
 * Tolerances:
 *   uint8  exact. Index ops are exact by construction; the arithmetic ones (colour, resize,
 *          blur) replicate torchvision's float32 operations in its order, so the cast back to
 *          uint8 — truncation after _blend/grayscale/hue, half-even rounding after resize and
 *          blur — lands on the same integer. Blur's sum is the one place computed in another
 *          order (double here, float32 in torch's conv2d); it could flip a value within an
 *          ulp of .5 by 1, which these inputs do not hit — should another input do so, the
 *          failure names the pixel and the two values.
 *   float  atol 2e-6 (values in [0, 1], float32 ulp ≤ 6e-8): the same operations as
 *          torchvision's except for the order of the blur sum, contrast's mean (double here,
 *          pairwise float32 in torch) and libm's expf vs SLEEF's in the blur kernel — a few
 *          ulps. A wrong formula (a missed clamp, another rounding) shows as ≥ 1/255 ≈ 4e-3.
 * TS_PARITY_VERBOSE=1 prints the largest deviation of each case. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/data/transform.h"
#include "../lib/data/transform_compare.h"
#include "../lib/core/error.h"
#include "alloc_count.h"
#include "fixture.h"
#include "tests.h"

enum { MAX_FLOATS = 4096 };

/* ---- parity ------------------------------------------------------------------------------ */

typedef int (*op_fn)(ts_image *out, const ts_image *in);

static int crop(ts_image *o, const ts_image *i) { return ts_crop(o, i, 2, 3, 5, 7); }
static int crop_outside(ts_image *o, const ts_image *i) { return ts_crop(o, i, -1, -2, 8, 9); }
static int center_crop(ts_image *o, const ts_image *i) { return ts_center_crop(o, i, 5, 7); }
static int center_crop_large(ts_image *o, const ts_image *i) { return ts_center_crop(o, i, 11, 14); }
static const int PAD[4] = {1, 2, 3, 0};
static int pad_constant(ts_image *o, const ts_image *i) { return ts_pad(o, i, PAD, 7.0f, TS_PAD_CONSTANT); }
static int pad_edge(ts_image *o, const ts_image *i) { return ts_pad(o, i, PAD, 0.0f, TS_PAD_EDGE); }
static int pad_reflect(ts_image *o, const ts_image *i) { return ts_pad(o, i, PAD, 0.0f, TS_PAD_REFLECT); }
static int pad_symmetric(ts_image *o, const ts_image *i) { return ts_pad(o, i, PAD, 0.0f, TS_PAD_SYMMETRIC); }
static int resize_to(ts_image *o, const ts_image *i, int size_h, int size_w, ts_interpolation mode) {
    int oh, ow;
    ts_resize_output_size(i->h, i->w, size_h, size_w, &oh, &ow);
    return ts_resize(o, i, oh, ow, mode);
}
static int resize_bilinear_down(ts_image *o, const ts_image *i) { return resize_to(o, i, 5, 7, TS_INTERP_BILINEAR); }
static int resize_bilinear_up(ts_image *o, const ts_image *i) { return resize_to(o, i, 11, 16, TS_INTERP_BILINEAR); }
static int resize_bilinear_short(ts_image *o, const ts_image *i) { return resize_to(o, i, 6, 0, TS_INTERP_BILINEAR); }
static int resize_nearest_down(ts_image *o, const ts_image *i) { return resize_to(o, i, 5, 7, TS_INTERP_NEAREST); }
static int resize_nearest_up(ts_image *o, const ts_image *i) { return resize_to(o, i, 11, 16, TS_INTERP_NEAREST); }
static int grayscale1(ts_image *o, const ts_image *i) { return ts_rgb_to_grayscale(o, i, 1); }
static int grayscale3(ts_image *o, const ts_image *i) { return ts_rgb_to_grayscale(o, i, 3); }
static int brightness_up(ts_image *o, const ts_image *i) { return ts_adjust_brightness(o, i, 1.5f); }
static int brightness_down(ts_image *o, const ts_image *i) { return ts_adjust_brightness(o, i, 0.375f); }
static int contrast_up(ts_image *o, const ts_image *i) { return ts_adjust_contrast(o, i, 1.75f); }
static int contrast_down(ts_image *o, const ts_image *i) { return ts_adjust_contrast(o, i, 0.25f); }
static int saturation_up(ts_image *o, const ts_image *i) { return ts_adjust_saturation(o, i, 1.5f); }
static int saturation_down(ts_image *o, const ts_image *i) { return ts_adjust_saturation(o, i, 0.25f); }
static int hue_pos(ts_image *o, const ts_image *i) { return ts_adjust_hue(o, i, 0.25f); }
static int hue_neg(ts_image *o, const ts_image *i) { return ts_adjust_hue(o, i, -0.375f); }
/* ColorJitter's forward for the draw order (hue, brightness, saturation, contrast). */
static int jitter(ts_image *o, const ts_image *i) {
    return ts_adjust_hue(o, i, 0.125f) || ts_adjust_brightness(o, o, 1.25f) || ts_adjust_saturation(o, o, 0.625f) ||
           ts_adjust_contrast(o, o, 0.75f);
}
static int blur_k3x5(ts_image *o, const ts_image *i) { return ts_gaussian_blur(o, i, 3, 5, 0.75f, 1.25f); }
static int blur_k5(ts_image *o, const ts_image *i) { return ts_gaussian_blur(o, i, 5, 5, 1.5f, 1.5f); }
static int erase(ts_image *o, const ts_image *i) {
    memcpy(o->data, i->data, sizeof(float) * (size_t)i->c * i->h * i->w);
    *o = (ts_image){i->c, i->h, i->w, i->is_float, o->data};
    return ts_erase(o, 2, 3, 4, 5, (const float[]){9.0f}, 1, NULL);
}

static const struct {
    const char *name;
    op_fn fn;
    int index_only; /* no float case in the fixture (the op is the same on either dtype) */
} CASES[] = {
    {"crop", crop, 1},
    {"crop_outside", crop_outside, 1},
    {"center_crop", center_crop, 1},
    {"center_crop_large", center_crop_large, 1},
    {"hflip", ts_hflip, 1},
    {"vflip", ts_vflip, 1},
    {"pad_constant", pad_constant, 1},
    {"pad_edge", pad_edge, 1},
    {"pad_reflect", pad_reflect, 1},
    {"pad_symmetric", pad_symmetric, 1},
    {"resize_bilinear_down", resize_bilinear_down, 0},
    {"resize_bilinear_up", resize_bilinear_up, 0},
    {"resize_bilinear_short", resize_bilinear_short, 0},
    {"resize_nearest_down", resize_nearest_down, 0},
    {"resize_nearest_up", resize_nearest_up, 0},
    {"grayscale1", grayscale1, 0},
    {"grayscale3", grayscale3, 0},
    {"brightness_up", brightness_up, 0},
    {"brightness_down", brightness_down, 0},
    {"contrast_up", contrast_up, 0},
    {"contrast_down", contrast_down, 0},
    {"saturation_up", saturation_up, 0},
    {"saturation_down", saturation_down, 0},
    {"hue_pos", hue_pos, 0},
    {"hue_neg", hue_neg, 0},
    {"jitter", jitter, 0},
    {"blur_k3x5", blur_k3x5, 0},
    {"blur_k5", blur_k5, 0},
    {"erase", erase, 0},
};
enum { NCASES = sizeof CASES / sizeof *CASES };

/* The fixture's input `name` ((c, h, w) uint8 values) as a uint8 or a float image. */
static ts_image load_input(const fixture *fx, const char *name, int c, int h, int w, int as_float, float *buf) {
    ts_image img = {c, h, w, 0, buf};
    memcpy(buf, fixture_get(fx, name, (size_t)c * h * w), sizeof(float) * (size_t)c * h * w);
    if (as_float) ck_assert_msg(ts_to_tensor(&img, &img) == TS_OK, "%s", ts_error());
    return img;
}

static void expect_image(const char *what, const ts_image *got, const fixture *fx, const char *key_prefix) {
    char key[96];
    snprintf(key, sizeof key, "%s.shape", key_prefix);
    const float *shape = fixture_get(fx, key, 3);
    ck_assert_msg(got->c == (int)shape[0] && got->h == (int)shape[1] && got->w == (int)shape[2],
                  "%s: shape (%d, %d, %d), torchvision (%g, %g, %g)", what, got->c, got->h, got->w, shape[0], shape[1],
                  shape[2]);
    const size_t n = (size_t)got->c * got->h * got->w;
    snprintf(key, sizeof key, "%s.y", key_prefix);
    const float *want = fixture_get(fx, key, n);
    const double atol = got->is_float ? 2e-6 : 0.0;
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double diff = fabs((double)got->data[i] - want[i]);
        if (diff > atol) ck_abort_msg( "%s[%zu] (c %zu, y %zu, x %zu): trainskill %.9g, torchvision %.9g", what, i,
                      i / ((size_t)got->h * got->w), i / got->w % got->h, i % got->w, got->data[i], want[i]);
        if (diff > worst) worst = diff;
    }
    if (getenv("TS_PARITY_VERBOSE")) fprintf(stderr, "transforms %-32s n=%-5zu max |diff| %.3g\n", what, n, worst);
}

/* Case _i on the four inputs: 3 and 1 channels, uint8 and float. */
START_TEST(parity) {
    fixture *fx = fixture_load("transforms");
    static float in_buf[MAX_FLOATS], out_buf[MAX_FLOATS];
    for (int channels = 3; channels >= 1; channels -= 2)
        for (int as_float = 0; as_float <= 1; as_float++) {
            if (as_float && CASES[_i].index_only) continue;
            ts_image in = channels == 3 ? load_input(fx, "in3", 3, 8, 10, as_float, in_buf)
                                        : load_input(fx, "in1", 1, 12, 11, as_float, in_buf);
            ts_image out = {0, 0, 0, 0, out_buf};
            ck_assert_msg(CASES[_i].fn(&out, &in) == TS_OK, "%s: %s", CASES[_i].name, ts_error());
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%s.%d%c", CASES[_i].name, channels, as_float ? 'f' : 'u');
            expect_image(prefix, &out, fx, prefix);
        }
    fixture_free(fx);
}
END_TEST

START_TEST(parity_normalize) {
    fixture *fx = fixture_load("transforms");
    static float buf[MAX_FLOATS];
    ts_image img = load_input(fx, "in3", 3, 8, 10, 1, buf);
    ck_assert(ts_normalize(&img, &img, (const float[]){0.485f, 0.456f, 0.406f}, 3, (const float[]){0.229f, 0.224f, 0.225f},
                           3) == TS_OK);
    const float *want = fixture_get(fx, "normalize.3f.y", 240);
    for (int i = 0; i < 240; i++) if (img.data[i] != want[i]) ck_abort_msg("normalize.3f[%d]: %.9g vs %.9g", i, img.data[i], want[i]);
    img = load_input(fx, "in1", 1, 12, 11, 1, buf);
    ck_assert(ts_normalize(&img, &img, (const float[]){0.286f}, 1, (const float[]){0.353f}, 1) == TS_OK);
    want = fixture_get(fx, "normalize.1f.y", 132);
    for (int i = 0; i < 132; i++) if (img.data[i] != want[i]) ck_abort_msg("normalize.1f[%d]: %.9g vs %.9g", i, img.data[i], want[i]);
    fixture_free(fx);
}
END_TEST

/* ToPILImage's values, exactly torchvision's: truncation off the 1/255 grid (a blurred image)
   and wrap-around outside [0, 1] (a normalised one). Then, in a pipeline: ToTensor →
   ToPILImage → ToTensor gives back every one of the 256 values, and the output is uint8 again. */
START_TEST(parity_to_pil_image) {
    fixture *fx = fixture_load("transforms");
    static float buf[132];
    const char *names[] = {"to_pil.blur_k5.1f", "to_pil.normalize.1f"};
    for (int k = 0; k < 2; k++) {
        char key[64];
        snprintf(key, sizeof key, "%s.in", names[k]);
        memcpy(buf, fixture_get(fx, key, 132), sizeof buf);
        ts_image img = {1, 12, 11, 1, buf};
        ck_assert(ts_to_pil_image(&img, &img) == TS_OK && img.is_float == 0);
        snprintf(key, sizeof key, "%s.y", names[k]);
        const float *want = fixture_get(fx, key, 132);
        for (int i = 0; i < 132; i++) if (buf[i] != want[i]) ck_abort_msg("%s[%d]: %g vs %g", names[k], i, buf[i], want[i]);
    }
    fixture_free(fx);
    ts_transform *t = ts_transform_parse("ToTensor,ToPILImage,ToTensor"), *u = ts_transform_parse("ToTensor,ToPILImage");
    ck_assert_msg(t && u, "%s", ts_error());
    ck_assert(ts_transform_outputs_float(t) && !ts_transform_outputs_float(u));
    uint8_t px[256];
    float work[512], out[256];
    for (int i = 0; i < 256; i++) px[i] = (uint8_t)i;
    ts_rng rng = ts_rng_derive(1, 0, 0);
    ck_assert(ts_transform_apply(t, px, 1, 16, 16, &rng, work, out) == TS_OK);
    for (int i = 0; i < 256; i++) ck_assert_float_eq(out[i], i / 255.0f);
    ts_transform_free(t);
    ts_transform_free(u);
}
END_TEST

/* ---- pipeline helpers --------------------------------------------------------------------- */

typedef struct {
    ts_transform *t;
    int c, h, w, oc, oh, ow;
    float *work, *out;
} pipeline;

static pipeline make_pipeline(const char *spec, int c, int h, int w) {
    pipeline p = {.c = c, .h = h, .w = w};
    p.t = ts_transform_parse(spec);
    ck_assert_msg(p.t != NULL, "%s: %s", spec, ts_error());
    ck_assert_msg(ts_transform_out_shape(p.t, c, h, w, &p.oc, &p.oh, &p.ow) == TS_OK, "%s: %s", spec, ts_error());
    p.work = malloc(sizeof(float) * ts_transform_work_floats(p.t, c, h, w));
    p.out = malloc(sizeof(float) * (size_t)p.oc * p.oh * p.ow);
    ck_assert(p.work && p.out);
    return p;
}

static void free_pipeline(pipeline *p) {
    ts_transform_free(p->t);
    free(p->work);
    free(p->out);
}

static const float *run(pipeline *p, const uint8_t *pixels, ts_rng *rng) {
    ck_assert_msg(ts_transform_apply(p->t, pixels, p->c, p->h, p->w, rng, p->work, p->out) == TS_OK, "%s", ts_error());
    return p->out;
}

/* A 28×28 image whose every pixel differs from its mirror images: i·7 + 3 mod 251 + 1. */
static void asymmetric_image(uint8_t *px, int n) {
    for (int i = 0; i < n; i++) px[i] = (uint8_t)((i * 7 + 3) % 251 + 1);
}

/* |k − n·p| within 5 standard deviations of a binomial(n, p): fails by chance with
   probability < 1e-6. */
static void expect_binomial(const char *what, long k, long n, double p) {
    const double sd = sqrt(n * p * (1.0 - p));
    ck_assert_msg(fabs(k - n * p) <= 5.0 * sd + 1e-9, "%s: %ld of %ld, expected %.1f ± %.1f (5 sd)", what, k, n, n * p,
                  5 * sd);
}

/* ---- statistics of the random transforms ---------------------------------------------------- */

START_TEST(flip_rate_is_p) {
    const float ps[] = {0.0f, 0.3f, 1.0f};
    uint8_t px[28 * 28];
    asymmetric_image(px, 28 * 28);
    for (int k = 0; k < 3; k++) {
        char spec[96];
        snprintf(spec, sizeof spec, "RandomHorizontalFlip(p=%g),RandomVerticalFlip(%g)", ps[k], 1.0f - ps[k]);
        pipeline pl = make_pipeline(spec, 1, 28, 28);
        const int n = 4000;
        long hflips = 0, vflips = 0, lost = 0;
        for (int s = 0; s < n; s++) {
            ts_rng rng = ts_rng_derive(11, 0, (uint64_t)s);
            const float *y = run(&pl, px, &rng);
            /* pixel (0, 0) of the output comes from one of the four corners */
            const float corner[2][2] = {{px[0], px[27]}, {px[27 * 28], px[27 * 28 + 27]}};
            int found = 0;
            for (int v = 0; v < 2; v++)
                for (int h = 0; h < 2; h++)
                    if (y[0] == corner[v][h]) hflips += h, vflips += v, found = 1;
            lost += !found;
        }
        ck_assert_int_eq(lost, 0);
        expect_binomial("hflip rate", hflips, n, ps[k]);
        expect_binomial("vflip rate", vflips, n, 1.0 - ps[k]);
        free_pipeline(&pl);
    }
}
END_TEST

/* RandomCrop(28, padding=4) on 28×28: offsets i, j uniform on 0..8 — a chi-square test
   (8 degrees of freedom; 40 is exceeded with probability ~1e-6). */
START_TEST(crop_offsets_uniform) {
    long count[2][9] = {{0}};
    const int n = 9000;
    ts_rng rng;
    ts_rng_seed(&rng, 5);
    for (int s = 0; s < n; s++) {
        int i, j;
        ts_random_crop_get_params(&rng, 36, 36, 28, 28, &i, &j);
        if (i < 0 || i > 8 || j < 0 || j > 8) ck_abort_msg("offset (%d, %d) outside 0..8", i, j);
        count[0][i]++, count[1][j]++;
    }
    for (int a = 0; a < 2; a++) {
        double chi2 = 0.0;
        for (int v = 0; v < 9; v++) chi2 += pow(count[a][v] - n / 9.0, 2) / (n / 9.0);
        ck_assert_msg(chi2 < 40.0, "crop offset %c: chi-square %.1f over 9 values", "ij"[a], chi2);
    }
    int i, j;
    ts_random_crop_get_params(&rng, 28, 28, 28, 28, &i, &j);
    ck_assert(i == 0 && j == 0);
}
END_TEST

/* Every accepted erasing box must come from area ∈ [0.02, 0.33]·H·W and aspect ∈ [0.3, 3.3]
   up to the rounding of h and w (each within 0.5 of √(area·r), √(area/r)); corners inside;
   log-aspect uniform → mean of log(h/w) near log(√(0.3·3.3)) ≈ 0. */
START_TEST(erasing_boxes_in_range) {
    const float scale[2] = {0.02f, 0.33f}, ratio[2] = {0.3f, 3.3f};
    const int H = 28, W = 28, n = 20000;
    ts_rng rng;
    ts_rng_seed(&rng, 9);
    long found = 0;
    double sum_log_aspect = 0.0, min_area = 1.0, max_area = 0.0;
    for (int s = 0; s < n; s++) {
        int i, j, h, w;
        if (!ts_random_erasing_get_params(&rng, H, W, scale, ratio, &i, &j, &h, &w)) continue;
        found++;
        /* (ck_assert only on failure: each Check assertion costs a message to the parent) */
        if (!(h < H && w < W && i >= 0 && j >= 0 && i + h <= H && j + w <= W))
            ck_abort_msg("box (%d, %d, %d, %d) not strictly inside %dx%d", i, j, h, w, H, W);
        if (h == 0 || w == 0) continue;
        if (!((h - 0.5) * (w - 0.5) <= scale[1] * H * W + 1e-9 && (h + 0.5) * (w + 0.5) >= scale[0] * H * W))
            ck_abort_msg("box %dx%d: area outside [%g, %g]·H·W", h, w, scale[0], scale[1]);
        if (!((h - 0.5) / (w + 0.5) <= ratio[1] && (h + 0.5) / (w - 0.5) >= ratio[0]))
            ck_abort_msg("box %dx%d: aspect outside [%g, %g]", h, w, ratio[0], ratio[1]);
        const double area = (double)h * w / (H * W);
        min_area = fmin(min_area, area), max_area = fmax(max_area, area);
        sum_log_aspect += log((double)h / w);
    }
    ck_assert_msg(found > n * 0.99, "only %ld of %d draws found a box on 28x28", found, n);
    ck_assert_msg(min_area < 0.03 && max_area > 0.3, "areas span [%.3f, %.3f], expected about [0.02, 0.33]", min_area,
                  max_area);
    ck_assert_msg(fabs(sum_log_aspect / found) < 0.05, "mean log(h/w) %.3f", sum_log_aspect / found);
    /* scale (1, 1) with ratio (1, 1) asks for the whole image, never strictly smaller: all ten
       attempts fail and torchvision leaves the image unchanged. */
    int i, j, h, w;
    ck_assert(!ts_random_erasing_get_params(&rng, 10, 10, (const float[]){1.0f, 1.0f}, (const float[]){1.0f, 1.0f}, &i, &j,
                                            &h, &w));
}
END_TEST

/* Through the pipeline: the fraction of erased images ≈ p (the attempt loop practically
   always succeeds on 28×28), and the erased pixels hold the value. */
START_TEST(erasing_rate_is_p) {
    pipeline pl = make_pipeline("ToTensor,RandomErasing(p=0.25,value=(0.5,))", 1, 28, 28);
    uint8_t px[28 * 28];
    memset(px, 255, sizeof px);
    const int n = 4000;
    long erased = 0, other = 0;
    for (int s = 0; s < n; s++) {
        ts_rng rng = ts_rng_derive(3, 1, (uint64_t)s);
        const float *y = run(&pl, px, &rng);
        int any = 0;
        for (int i = 0; i < 28 * 28; i++) {
            other += y[i] != 1.0f && y[i] != 0.5f;
            any |= y[i] == 0.5f;
        }
        erased += any;
    }
    ck_assert_int_eq(other, 0);
    expect_binomial("erased images", erased, n, 0.25);
    free_pipeline(&pl);
}
END_TEST

/* ColorJitter(0.4, (0.5, 1.5), 0.2, 0.1): factors within their ranges with means at the
   midpoints; the order is one of the 24 permutations, each about equally often. */
START_TEST(jitter_factors_in_range) {
    const float range[4][2] = {{0.6f, 1.4f}, {0.5f, 1.5f}, {0.8f, 1.2f}, {-0.1f, 0.1f}};
    const int on[4] = {1, 1, 1, 1};
    const int n = 24000;
    double sum[4] = {0};
    long perm_count[24] = {0};
    ts_rng rng;
    ts_rng_seed(&rng, 13);
    for (int s = 0; s < n; s++) {
        int order[4];
        float f[4];
        ts_color_jitter_get_params(&rng, range, on, order, f);
        int seen = 0, code = 0, used = 0;
        for (int k = 0; k < 4; k++) {
            if (order[k] < 0 || order[k] >= 4 || seen & 1 << order[k]) ck_abort_msg("order is not a permutation");
            seen |= 1 << order[k];
            /* Lehmer code of the permutation: rank of order[k] among the unused values */
            int rank = 0;
            for (int v = 0; v < order[k]; v++) rank += !(used & 1 << v);
            used |= 1 << order[k];
            code = code * (4 - k) + rank;
            if (!(f[k] >= range[k][0] && f[k] <= range[k][1]))
                ck_abort_msg("factor %d = %g outside [%g, %g]", k, f[k], range[k][0], range[k][1]);
            sum[k] += f[k];
        }
        perm_count[code]++;
    }
    for (int k = 0; k < 4; k++) {
        const double mid = (range[k][0] + range[k][1]) / 2, sd = (range[k][1] - range[k][0]) / sqrt(12.0 * n);
        ck_assert_msg(fabs(sum[k] / n - mid) < 5 * sd, "factor %d mean %.4f, expected %.4f", k, sum[k] / n, mid);
    }
    for (int c = 0; c < 24; c++) expect_binomial("permutation", perm_count[c], n, 1.0 / 24);
}
END_TEST

START_TEST(blur_sigma_in_range) {
    ts_rng rng;
    ts_rng_seed(&rng, 17);
    double sum = 0.0;
    const int n = 10000;
    for (int s = 0; s < n; s++) {
        const float sigma = ts_gaussian_blur_get_params(&rng, 0.1f, 2.0f);
        if (!(sigma >= 0.1f && sigma <= 2.0f)) ck_abort_msg("sigma %g outside [0.1, 2]", sigma);
        sum += sigma;
    }
    ck_assert_msg(fabs(sum / n - 1.05) < 5 * 1.9 / sqrt(12.0 * n), "mean sigma %.4f", sum / n);
}
END_TEST

/* ---- the pipeline -------------------------------------------------------------------------- */

/* Same rng → same bits; another sample's rng → another draw. */
START_TEST(pipeline_deterministic) {
    pipeline pl = make_pipeline("RandomCrop(28,padding=4,padding_mode='reflect'),RandomHorizontalFlip(),"
                                "ColorJitter(0.4,0.4),GaussianBlur(3),ToTensor,Normalize(0.286,0.353),"
                                "RandomErasing(p=1,value='random')",
                                1, 28, 28);
    uint8_t px[28 * 28];
    asymmetric_image(px, 28 * 28);
    static float first[28 * 28];
    ts_rng rng = ts_rng_derive(1, 2, 3);
    memcpy(first, run(&pl, px, &rng), sizeof first);
    rng = ts_rng_derive(1, 2, 3);
    ck_assert(memcmp(first, run(&pl, px, &rng), sizeof first) == 0);
    rng = ts_rng_derive(1, 2, 4);
    ck_assert(memcmp(first, run(&pl, px, &rng), sizeof first) != 0);
    ck_assert(ts_transform_outputs_float(pl.t));
    free_pipeline(&pl);
}
END_TEST

/* RandomCrop folds its paddings into the crop; it must equal torchvision's sequence
   pad → pad_if_needed (both sides!) → crop, done here with the functional layer and the same
   draws — in every padding mode, where chained reflections are not one reflection. */
START_TEST(random_crop_equals_pad_then_crop) {
    static const char *modes[] = {"constant", "edge", "reflect", "symmetric"};
    uint8_t px[3 * 7 * 9];
    asymmetric_image(px, 3 * 7 * 9);
    static float a[MAX_FLOATS], b[MAX_FLOATS];
    for (int m = 0; m < 4; m++) {
        char spec[128];
        snprintf(spec, sizeof spec, "RandomCrop((10,12),padding=(2,1,3,0),pad_if_needed=True,fill=9,padding_mode='%s')",
                 modes[m]);
        pipeline pl = make_pipeline(spec, 3, 7, 9);
        ck_assert(pl.oc == 3 && pl.oh == 10 && pl.ow == 12);
        for (int s = 0; s < 50; s++) {
            ts_rng rng = ts_rng_derive(2, (uint64_t)m, (uint64_t)s), replay = rng;
            const float *y = run(&pl, px, &rng);
            ts_image img = {3, 7, 9, 0, a}, tmp = {0, 0, 0, 0, b};
            for (int i = 0; i < 3 * 7 * 9; i++) a[i] = px[i];
            /* padding → 8×14; then width is enough (14 ≥ 12), height pads (10 − 8) each side */
            ck_assert(ts_pad(&tmp, &img, (const int[]){2, 1, 3, 0}, 9.0f, (ts_padding_mode)m) == TS_OK);
            ck_assert(tmp.h == 8 && tmp.w == 14);
            img.data = a;
            ck_assert(ts_pad(&img, &tmp, (const int[]){0, 2, 0, 2}, 9.0f, (ts_padding_mode)m) == TS_OK);
            int i, j;
            ts_random_crop_get_params(&replay, img.h, img.w, 10, 12, &i, &j);
            tmp.data = b;
            ck_assert(ts_crop(&tmp, &img, i, j, 10, 12) == TS_OK);
            for (int k = 0; k < 3 * 10 * 12; k++)
                if (y[k] != tmp.data[k]) ck_abort_msg("%s, sample %d, [%d]: %g vs %g", modes[m], s, k, y[k], tmp.data[k]);
        }
        free_pipeline(&pl);
    }
}
END_TEST

/* ColorJitter, GaussianBlur and RandomErasing in a pipeline do what their forward() does:
   draw with get_params, then the functional ops in the drawn order — replayed here. */
START_TEST(random_steps_equal_functional_replay) {
    const float jitter[4][2] = {{0.6f, 1.4f}, {0.5f, 1.5f}, {0.7f, 1.3f}, {-0.2f, 0.2f}};
    const int on[4] = {1, 1, 1, 1};
    pipeline pl = make_pipeline("ColorJitter(0.4,0.5,0.3,0.2),GaussianBlur((3,5),sigma=(0.5,1.5)),ToTensor,"
                                "RandomErasing(p=0.5,value=(0.25,0.5,0.75))",
                                3, 9, 11);
    uint8_t px[3 * 9 * 11];
    asymmetric_image(px, 3 * 9 * 11);
    static float a[MAX_FLOATS], b[MAX_FLOATS];
    for (int s = 0; s < 40; s++) {
        ts_rng rng = ts_rng_derive(8, 0, (uint64_t)s), replay = rng;
        const float *y = run(&pl, px, &rng);
        ts_image img = {3, 9, 11, 0, a}, tmp = {0, 0, 0, 0, b};
        for (int i = 0; i < 3 * 9 * 11; i++) a[i] = px[i];
        int order[4];
        float f[4];
        ts_color_jitter_get_params(&replay, jitter, on, order, f);
        int (*const adjust[4])(ts_image *, const ts_image *, float) = {ts_adjust_brightness, ts_adjust_contrast,
                                                                       ts_adjust_saturation, ts_adjust_hue};
        for (int k = 0; k < 4; k++) ck_assert(adjust[order[k]](&img, &img, f[order[k]]) == TS_OK);
        const float sigma = ts_gaussian_blur_get_params(&replay, 0.5f, 1.5f);
        ck_assert(ts_gaussian_blur(&tmp, &img, 3, 5, sigma, sigma) == TS_OK);
        ck_assert(ts_to_tensor(&tmp, &tmp) == TS_OK);
        int i, j, h, w;
        if (ts_rng_bernoulli(&replay, 0.5f) &&
            ts_random_erasing_get_params(&replay, 9, 11, (const float[]){0.02f, 0.33f}, (const float[]){0.3f, 3.3f}, &i, &j,
                                         &h, &w))
            ck_assert(ts_erase(&tmp, i, j, h, w, (const float[]){0.25f, 0.5f, 0.75f}, 3, NULL) == TS_OK);
        for (int k = 0; k < 3 * 9 * 11; k++)
            if (y[k] != tmp.data[k]) ck_abort_msg("sample %d, [%d]: pipeline %.9g, replay %.9g", s, k, y[k], tmp.data[k]);
    }
    free_pipeline(&pl);
}
END_TEST

/* An identity spec returns raw 0..255 values; shapes follow the steps. */
START_TEST(pipeline_shapes) {
    const struct {
        const char *spec;
        int c, h, w, oc, oh, ow, is_float;
    } cases[] = {
        {"", 1, 28, 28, 1, 28, 28, 0},
        {"none", 1, 28, 28, 1, 28, 28, 0},
        {"RandomCrop(28, padding=2), RandomHorizontalFlip(0.5), ToTensor, Normalize(0.286, 0.353)", 1, 28, 28, 1, 28, 28, 1},
        {"CenterCrop(20),Resize(32)", 1, 28, 28, 1, 32, 32, 0},
        {"Resize(14)", 3, 28, 56, 3, 14, 28, 0},
        {"Resize((10,20),interpolation='nearest')", 1, 28, 28, 1, 10, 20, 0},
        {"Pad((1,2,3,4)),Grayscale(3)", 3, 10, 10, 3, 16, 14, 0},
        {"Grayscale()", 3, 10, 10, 1, 10, 10, 0},
        {"Grayscale(num_output_channels=3)", 1, 10, 10, 1, 10, 10, 0}, /* torchvision keeps 1 channel */
        {"RandomCrop(32,pad_if_needed=True)", 1, 28, 28, 1, 32, 32, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        pipeline pl = make_pipeline(cases[k].spec, cases[k].c, cases[k].h, cases[k].w);
        ck_assert_msg(pl.oc == cases[k].oc && pl.oh == cases[k].oh && pl.ow == cases[k].ow, "%s: (%d, %d, %d)", cases[k].spec,
                      pl.oc, pl.oh, pl.ow);
        ck_assert_int_eq(ts_transform_outputs_float(pl.t), cases[k].is_float);
        free_pipeline(&pl);
    }
    pipeline id = make_pipeline("none", 1, 2, 2);
    ts_rng rng = ts_rng_derive(0, 0, 0);
    const float *y = run(&id, (const uint8_t[]){0, 17, 200, 255}, &rng);
    ck_assert(y[0] == 0.0f && y[1] == 17.0f && y[2] == 200.0f && y[3] == 255.0f);
    free_pipeline(&id);
}
END_TEST

/* Shapes a pipeline cannot take: TS_ERR and a message naming the step and the reason. */
START_TEST(pipeline_shape_errors) {
    const struct {
        const char *spec, *expected;
        int c, h, w;
    } cases[] = {
        {"RandomCrop(30)", "required crop size (30, 30) is larger", 1, 28, 28},
        {"ToTensor,Normalize((0.5,0.5,0.5),(0.5,0.5,0.5))", "3 means and 3 stds for 1 channels", 1, 28, 28},
        {"Grayscale", "1 or 3 channels, got 2", 2, 8, 8},
        {"Pad(5,padding_mode='reflect')", "reflect padding (5, 5, 5, 5) too large", 1, 5, 5},
        {"GaussianBlur(9)", "kernel (9, 9) needs reflect padding", 1, 4, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ts_transform *t = ts_transform_parse(cases[k].spec);
        ck_assert_msg(t != NULL, "%s: %s", cases[k].spec, ts_error());
        int oc, oh, ow;
        ck_assert(ts_transform_out_shape(t, cases[k].c, cases[k].h, cases[k].w, &oc, &oh, &ow) == TS_ERR);
        ck_assert_msg(strstr(ts_error(), cases[k].expected) && strstr(ts_error(), "transform: step "), "%s: message '%s'", cases[k].spec,
                      ts_error());
        ck_assert(ts_transform_work_floats(t, cases[k].c, cases[k].h, cases[k].w) == 0);
        uint8_t px[2 * 28 * 28] = {0};
        float work[1], out[1];
        ts_rng rng = ts_rng_derive(0, 0, 0);
        ck_assert(ts_transform_apply(t, px, cases[k].c, cases[k].h, cases[k].w, &rng, work, out) == TS_ERR);
        ts_transform_free(t);
    }
}
END_TEST

/* ts_transform_compare: the ToPILImage round trip changes nothing on ToTensor's grid, and
   after a float blur it truncates — every change below 1/255, and down on average. */
START_TEST(compare_measures_a_round_trip) {
    static uint8_t px[4 * 28 * 28];
    asymmetric_image(px, 4 * 28 * 28);
    const ts_dataset ds = {.n = 4, .c = 1, .h = 28, .w = 28, .classes = 10, .images = px};
    ts_transform_difference d;
    ck_assert(ts_transform_compare("ToTensor", "ToTensor,ToPILImage,ToTensor", &ds, 10, 1, &d) == TS_OK);
    ck_assert(d.values == 4 * 28 * 28 && d.changed == 0.0 && d.max_abs == 0.0);
    ck_assert(ts_transform_compare("ToTensor,GaussianBlur(5)", "ToTensor,GaussianBlur(5),ToPILImage,ToTensor", &ds, 4, 1,
                                   &d) == TS_OK);
    ck_assert_msg(d.changed > 0.5 && d.max_abs > 0 && d.max_abs < 1.0 / 255 && d.mean < 0, "changed %g max %g mean %g",
                  d.changed, d.max_abs, d.mean);
    ck_assert(ts_transform_compare("ToTensor", "CenterCrop(20),ToTensor", &ds, 4, 1, &d) == TS_ERR &&
              strstr(ts_error(), "1x20x20"));
    ck_assert(ts_transform_compare("ToTensor", "ToTensr", &ds, 4, 1, &d) == TS_ERR &&
              strstr(ts_error(), "unknown transform 'ToTensr'"));
}
END_TEST

/* ---- the spec parser ------------------------------------------------------------------------ */

/* Every malformed spec is rejected with a message that names the offending token. */
START_TEST(parser_rejects_malformed) {
    const struct {
        const char *spec, *expected;
    } cases[] = {
        {"RandomHorizontalFlip(0.5),RandomFlop", "unknown transform 'RandomFlop' at column 27"},
        {"RandomCrop(28,padding=-2)", "RandomCrop: padding must be >= 0, got -2"},
        {"Normalize(0.5,0.5)", "Normalize at column 1 needs a float tensor"},
        {"ToTensor,ToTensor", "ToTensor at column 10"},
        {"ToTensor,ToPILImage,ToPILImage", "ToPILImage at column 21: the image is already a PIL image"},
        {"ToTensor,ToPILImage,Normalize(0.5,0.5)", "Normalize at column 21 needs a float tensor"},
        {"RandomCrop(28", "at the end (column 14)"},
        {"RandomCrop(28))", "')' (column 15)"},
        {"RandomCrop(28,,)", "',' (column 15)"},
        {"RandomCrop(size=28,size=28)", "multiple values for 'size' at column 20"},
        {"RandomCrop(28,paddin=2)", "unknown argument 'paddin' at column 15"},
        {"RandomCrop(padding=2)", "missing required argument 'size'"},
        {"RandomCrop(padding=2,28)", "positional argument after a keyword argument at '28'"},
        {"RandomHorizontalFlip(0.5,1)", "takes at most 1 argument, got another at column 26"},
        {"RandomHorizontalFlip(1.5)", "p must be in [0, 1], got 1.5"},
        {"RandomCrop(0)", "size must be positive, got 0"},
        {"RandomCrop(2.5)", "size must be integers, got 2.5"},
        {"Pad((1,2,3))", "padding must be 1, 2 or 4 integers, got (1,2,3)"},
        {"Pad(2,padding_mode='mirror')", "padding_mode must be one of 'constant', 'edge', 'reflect', 'symmetric', got 'mirror'"},
        {"Pad(2,fill=300)", "fill must be in 0..255 before ToTensor (a uint8 image), got 300"},
        {"Resize(28,interpolation='bicubic')", "interpolation must be one of 'bilinear', 'nearest', got 'bicubic'"},
        {"ColorJitter(brightness=-0.1)", "brightness must be >= 0, got -0.1"},
        {"ColorJitter(hue=0.7)", "hue must be in [0, 0.5], got 0.7"},
        {"ColorJitter(contrast=(1.5,0.5))", "contrast must satisfy 0 <= min <= max <= inf, got (1.5,0.5)"},
        {"GaussianBlur(4)", "kernel_size must be odd, positive and at most 63, got 4"},
        {"GaussianBlur(3,sigma=(2,1))", "sigma must satisfy"},
        {"GaussianBlur(3,sigma=0)", "sigma must be positive, got 0"},
        {"Grayscale(2)", "num_output_channels must be 1 or 3, got 2"},
        {"ToTensor,Normalize(0.5,0)", "std must not be zero, got 0"},
        {"ToTensor,RandomErasing(scale=(0.5,1.5))", "scale must satisfy 0 <= min <= max <= 1, got (0.5,1.5)"},
        {"ToTensor,RandomErasing(value='noise')", "value must be a number, a tuple or 'random', got 'noise'"},
        {"RandomErasing(value='random')", "value='random' draws N(0, 1) values: it needs a float tensor"},
        {"RandomCrop(28,padding=2)%", "unexpected character at '%' (column 25)"},
        {"RandomCrop('28)", "unterminated string at ''28)' (column 12)"},
        {"RandomCrop(28) RandomHorizontalFlip", "expected ',' between transforms at 'RandomHorizontalFlip' (column 16)"},
        {"ToTensor,Normalize((1,2,3,4,5),1)", "too many numbers in the tuple (at most 4) at '5' (column 29)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ts_transform *t = ts_transform_parse(cases[k].spec);
        ck_assert_msg(t == NULL, "accepted malformed spec \"%s\"", cases[k].spec);
        ck_assert_msg(strncmp(ts_error(), "transform spec: ", 16) == 0 && strstr(ts_error(), cases[k].expected),
                      "spec \"%s\": message \"%s\" lacks \"%s\"", cases[k].spec, ts_error(), cases[k].expected);
    }
}
END_TEST

/* Arguments bind like torchvision's: positional in constructor order, keywords by name,
   defaults otherwise; strings quoted or bare, InterpolationMode.X accepted. */
START_TEST(parser_binds_arguments) {
    ts_transform *a = ts_transform_parse("RandomCrop( 28 , 2 , True , 7 , 'edge' )");
    ts_transform *b = ts_transform_parse("RandomCrop(padding_mode=edge, fill=7, pad_if_needed=True, padding=2, size=(28,28))");
    ck_assert_msg(a && b, "%s", ts_error());
    ck_assert_str_eq(ts_transform_describe(a), "RandomCrop(28,2,True,7,'edge')");
    /* same behaviour: same draws, same output, on a 26×26 input that needs pad_if_needed */
    uint8_t px[26 * 26];
    asymmetric_image(px, 26 * 26);
    static float wa[8192], wb[8192], ya[28 * 28], yb[28 * 28];
    for (int s = 0; s < 20; s++) {
        ts_rng ra = ts_rng_derive(4, 0, (uint64_t)s), rb = ra;
        ck_assert(ts_transform_apply(a, px, 1, 26, 26, &ra, wa, ya) == TS_OK);
        ck_assert(ts_transform_apply(b, px, 1, 26, 26, &rb, wb, yb) == TS_OK);
        ck_assert(memcmp(ya, yb, sizeof ya) == 0);
    }
    ts_transform_free(a);
    ts_transform_free(b);
    ts_transform *c = ts_transform_parse("Resize(10,interpolation=InterpolationMode.NEAREST),ToTensor,"
                                         "Normalize(mean=[0.5],std=[0.25]),RandomErasing(0.5,(0.02,0.33),(0.3,3.3),'random')");
    ck_assert_msg(c != NULL, "%s", ts_error());
    ts_transform_free(c);
}
END_TEST

/* ---- no allocation ---------------------------------------------------------------------------- */

START_TEST(apply_allocates_nothing) {
    if (!alloc_count_available()) {
        fprintf(stderr, "transforms: apply_allocates_nothing: skipped: AddressSanitizer owns malloc\n");
        return;
    }
    pipeline pl = make_pipeline("RandomCrop(28,padding=4,padding_mode='symmetric'),RandomHorizontalFlip(),"
                                "ColorJitter(0.4,0.4,0.4,0.1),GaussianBlur(5),Resize(32),CenterCrop(28),ToTensor,"
                                "Normalize(0.286,0.353),RandomErasing(p=1,value='random')",
                                1, 28, 28);
    uint8_t px[28 * 28];
    asymmetric_image(px, 28 * 28);
    int failures = 0;
    alloc_count_begin();
    for (int s = 0; s < 200; s++) {
        ts_rng rng = ts_rng_derive(6, 0, (uint64_t)s);
        failures += ts_transform_apply(pl.t, px, 1, 28, 28, &rng, pl.work, pl.out) != TS_OK;
    }
    alloc_counts c = alloc_count_end();
    ck_assert_int_eq(failures, 0);
    if (c.allocs) alloc_count_print_stacks(&c, 2, stderr);
    ck_assert_msg(c.allocs == 0, "ts_transform_apply allocated %ld times", c.allocs);
    free_pipeline(&pl);
}
END_TEST

Suite *suite_transforms(void) {
    Suite *s = suite_create("transforms");
    TCase *parity_tc = tcase_create("parity");
    tcase_add_loop_test(parity_tc, parity, 0, NCASES);
    tcase_add_test(parity_tc, parity_normalize);
    tcase_add_test(parity_tc, parity_to_pil_image);
    suite_add_tcase(s, parity_tc);
    TCase *stats = tcase_create("statistics");
    tcase_add_test(stats, flip_rate_is_p);
    tcase_add_test(stats, crop_offsets_uniform);
    tcase_add_test(stats, erasing_boxes_in_range);
    tcase_add_test(stats, erasing_rate_is_p);
    tcase_add_test(stats, jitter_factors_in_range);
    tcase_add_test(stats, blur_sigma_in_range);
    suite_add_tcase(s, stats);
    TCase *pipe = tcase_create("pipeline");
    tcase_add_test(pipe, pipeline_deterministic);
    tcase_add_test(pipe, random_crop_equals_pad_then_crop);
    tcase_add_test(pipe, random_steps_equal_functional_replay);
    tcase_add_test(pipe, pipeline_shapes);
    tcase_add_test(pipe, pipeline_shape_errors);
    tcase_add_test(pipe, apply_allocates_nothing);
    tcase_add_test(pipe, compare_measures_a_round_trip);
    suite_add_tcase(s, pipe);
    TCase *parser = tcase_create("parser");
    tcase_add_test(parser, parser_rejects_malformed);
    tcase_add_test(parser, parser_binds_arguments);
    suite_add_tcase(s, parser);
    return s;
}
