/* Compose: a pipeline of transform steps applied to one image.
 *
 * Each step maps an image to a new one (torchvision's transforms are functions img → img);
 * the pipeline runs them through two ping-pong buffers of the largest intermediate size, so
 * applying it allocates nothing. That size and the output shape depend on the input shape
 * alone: a plan (ts_transform_plan) works them out once for all the images of a shape. The
 * random steps draw their parameters (random_params.c) and call the functional layer
 * (functional.h). RandomCrop's paddings — the explicit one and pad_if_needed's — are folded
 * into the crop as maps from output to source coordinates, so no padded copy is made:
 * padding is separable per axis, and a chain of pads is the chain of their coordinate maps. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "transform_step.h"

/* RandomCrop's geometry for an (h, w) input: each axis is the input padded by the explicit
   padding (stage 0), then by pad_if_needed (stage 1, on both sides as torchvision does). */
typedef struct {
    int n[2], before[2]; /* per stage: the length padded and its padding before */
    int size;            /* after both stages */
} crop_axis;

/* One axis of a RandomCrop: `n` pixels, explicit padding (lo, hi), crop `target`. */
static void random_crop_axis(const ts_step *s, int n, int lo, int hi, int target, crop_axis *ax) {
    ax->n[0] = n, ax->before[0] = lo;
    const int padded = n + lo + hi;
    const int extra = s->pad_if_needed && padded < target ? target - padded : 0;
    ax->n[1] = padded, ax->before[1] = extra;
    ax->size = padded + 2 * extra;
}

static int random_crop_geometry(const ts_step *s, int h, int w, crop_axis *ay, crop_axis *ax) {
    const int *p = s->has_padding ? s->padding : (const int[4]){0, 0, 0, 0};
    if (ts_pad_check(h, w, p, s->padding_mode)) return TS_ERR;
    random_crop_axis(s, h, p[1], p[3], s->size[0], ay);
    random_crop_axis(s, w, p[0], p[2], s->size[1], ax);
    const int if_needed[4] = {ax->before[1], ay->before[1], ax->before[1], ay->before[1]};
    if (ts_pad_check(ay->n[1], ax->n[1], if_needed, s->padding_mode)) return TS_ERR;
    if (ay->size < s->size[0] || ax->size < s->size[1])
        return ts_fail("required crop size (%d, %d) is larger than the (padded) input image size (%d, %d)",
                       s->size[0], s->size[1], ay->size, ax->size);
    return TS_OK;
}

/* Where coordinate x of the twice-padded axis reads from: an input index, or −1 (fill). */
static int crop_axis_source(int x, const crop_axis *ax, ts_padding_mode mode) {
    for (int stage = 1; stage >= 0 && x >= 0; stage--) x = ts_pad_source_index(x, ax->n[stage], ax->before[stage], mode);
    return x;
}

/* The shape one step makes of (c, h, w), or TS_ERR when it cannot take it. */
static int step_shape(const ts_step *s, int c, int h, int w, int *oc, int *oh, int *ow) {
    *oc = c, *oh = h, *ow = w;
    switch (s->kind) {
    case TS_STEP_CENTER_CROP: *oh = s->size[0], *ow = s->size[1]; return TS_OK;
    case TS_STEP_PAD:
        if (ts_pad_check(h, w, s->padding, s->padding_mode)) return TS_ERR;
        *oh = h + s->padding[1] + s->padding[3], *ow = w + s->padding[0] + s->padding[2];
        return TS_OK;
    case TS_STEP_RANDOM_CROP: {
        crop_axis ay, ax;
        if (random_crop_geometry(s, h, w, &ay, &ax)) return TS_ERR;
        *oh = s->size[0], *ow = s->size[1];
        return TS_OK;
    }
    case TS_STEP_RESIZE: ts_resize_output_size(h, w, s->size[0], s->size[1], oh, ow); return TS_OK;
    case TS_STEP_GRAYSCALE:
    case TS_STEP_COLOR_JITTER:
        if (c != 1 && c != 3) return ts_fail("the image must have 1 or 3 channels, got %d", c);
        if (s->kind == TS_STEP_GRAYSCALE) *oc = c == 1 ? 1 : s->num_output_channels;
        return TS_OK;
    case TS_STEP_GAUSSIAN_BLUR:
        if (s->kernel[0] / 2 >= w || s->kernel[1] / 2 >= h)
            return ts_fail("kernel (%d, %d) needs reflect padding (%d, %d) smaller than the %dx%d image", s->kernel[0],
                           s->kernel[1], s->kernel[0] / 2, s->kernel[1] / 2, h, w);
        return TS_OK;
    case TS_STEP_NORMALIZE:
        if ((s->nmean != 1 && s->nmean != c) || (s->nstd != 1 && s->nstd != c))
            return ts_fail("%d means and %d stds for %d channels (need 1 or %d each)", s->nmean, s->nstd, c, c);
        return TS_OK;
    case TS_STEP_RANDOM_ERASING:
        if (s->nvalue > 1 && s->nvalue != c) return ts_fail("%d values for %d channels (need 1 or %d)", s->nvalue, c, c);
        return TS_OK;
    case TS_STEP_HFLIP:
    case TS_STEP_VFLIP:
    case TS_STEP_TO_TENSOR:
    case TS_STEP_TO_PIL_IMAGE: return TS_OK;
    }
    return ts_fail("unknown step");
}

int ts_transform_plan_init(ts_transform_plan *p, const ts_transform *t, int c, int h, int w) {
    if (c <= 0 || h <= 0 || w <= 0) return ts_fail("transform: input shape must be positive, got (%d, %d, %d)", c, h, w);
    *p = (ts_transform_plan){.transform = t, .c = c, .h = h, .w = w};
    size_t most = (size_t)c * h * w;
    for (int k = 0; k < t->nsteps; k++) {
        if (step_shape(&t->steps[k], c, h, w, &c, &h, &w))
            return ts_fail_context("transform: step %d (%s) on a %dx%dx%d image: ", k + 1, ts_step_name(t->steps[k].kind),
                                   c, h, w);
        if ((size_t)c * h * w > most) most = (size_t)c * h * w;
    }
    p->oc = c, p->oh = h, p->ow = w;
    p->work_floats = 2 * most;
    return TS_OK;
}

int ts_transform_out_shape(const ts_transform *t, int c, int h, int w, int *oc, int *oh, int *ow) {
    ts_transform_plan p;
    if (ts_transform_plan_init(&p, t, c, h, w)) return TS_ERR;
    *oc = p.oc, *oh = p.oh, *ow = p.ow;
    return TS_OK;
}

size_t ts_transform_work_floats(const ts_transform *t, int c, int h, int w) {
    ts_transform_plan p;
    return ts_transform_plan_init(&p, t, c, h, w) ? 0 : p.work_floats;
}

static void copy_image(ts_image *out, const ts_image *in) {
    *out = (ts_image){in->c, in->h, in->w, in->is_float, out->data};
    memcpy(out->data, in->data, sizeof(float) * (size_t)in->c * in->h * in->w);
}

static int apply_random_crop(const ts_step *s, ts_image *out, const ts_image *in, ts_rng *rng) {
    crop_axis ay, ax;
    if (random_crop_geometry(s, in->h, in->w, &ay, &ax)) return TS_ERR;
    int i, j;
    ts_random_crop_get_params(rng, ay.size, ax.size, s->size[0], s->size[1], &i, &j);
    const int th = s->size[0], tw = s->size[1];
    const float fill = in->is_float ? s->fill : truncf(s->fill); /* cast to uint8 as torch does */
    *out = (ts_image){in->c, th, tw, in->is_float, out->data};
    for (int ch = 0; ch < in->c; ch++)
        for (int y = 0; y < th; y++) {
            const int sy = crop_axis_source(i + y, &ay, s->padding_mode);
            for (int x = 0; x < tw; x++) {
                const int sx = crop_axis_source(j + x, &ax, s->padding_mode);
                out->data[((size_t)ch * th + y) * tw + x] =
                    sy < 0 || sx < 0 ? fill : in->data[((size_t)ch * in->h + sy) * in->w + sx];
            }
        }
    return TS_OK;
}

/* ColorJitter.forward: the enabled adjustments in a random order, each on the previous one's
   result (pixel-wise, so in place in out). */
static int apply_color_jitter(const ts_step *s, ts_image *out, const ts_image *in, ts_rng *rng) {
    static int (*const adjust[4])(ts_image *, const ts_image *, float) = {ts_adjust_brightness, ts_adjust_contrast,
                                                                          ts_adjust_saturation, ts_adjust_hue};
    int order[4];
    float factor[4];
    ts_color_jitter_get_params(rng, s->jitter, s->jitter_on, order, factor);
    copy_image(out, in);
    for (int k = 0; k < 4; k++) {
        const int fn = order[k];
        if (s->jitter_on[fn] && adjust[fn](out, out, factor[fn])) return TS_ERR;
    }
    return TS_OK;
}

/* RandomErasing.forward: with probability p, erase the box get_params finds (if any). */
static int apply_random_erasing(const ts_step *s, ts_image *out, const ts_image *in, ts_rng *rng) {
    copy_image(out, in);
    if (!ts_rng_bernoulli(rng, s->p)) return TS_OK;
    int i, j, eh, ew;
    if (!ts_random_erasing_get_params(rng, in->h, in->w, s->scale, s->ratio, &i, &j, &eh, &ew)) return TS_OK;
    return ts_erase(out, i, j, eh, ew, s->nvalue ? s->value : NULL, s->nvalue, rng);
}

static int apply_step(const ts_step *s, ts_image *out, const ts_image *in, ts_rng *rng) {
    switch (s->kind) {
    case TS_STEP_CENTER_CROP: return ts_center_crop(out, in, s->size[0], s->size[1]);
    case TS_STEP_PAD: return ts_pad(out, in, s->padding, s->fill, s->padding_mode);
    case TS_STEP_RANDOM_CROP: return apply_random_crop(s, out, in, rng);
    case TS_STEP_HFLIP:
        if (ts_rng_bernoulli(rng, s->p)) return ts_hflip(out, in);
        copy_image(out, in);
        return TS_OK;
    case TS_STEP_VFLIP:
        if (ts_rng_bernoulli(rng, s->p)) return ts_vflip(out, in);
        copy_image(out, in);
        return TS_OK;
    case TS_STEP_RESIZE: {
        int oh, ow;
        ts_resize_output_size(in->h, in->w, s->size[0], s->size[1], &oh, &ow);
        return ts_resize(out, in, oh, ow, s->interpolation);
    }
    case TS_STEP_GRAYSCALE: return ts_rgb_to_grayscale(out, in, s->num_output_channels);
    case TS_STEP_COLOR_JITTER: return apply_color_jitter(s, out, in, rng);
    case TS_STEP_GAUSSIAN_BLUR: {
        const float sigma = ts_gaussian_blur_get_params(rng, s->sigma[0], s->sigma[1]);
        return ts_gaussian_blur(out, in, s->kernel[0], s->kernel[1], sigma, sigma);
    }
    case TS_STEP_TO_TENSOR: return ts_to_tensor(out, in);
    case TS_STEP_NORMALIZE: return ts_normalize(out, in, s->mean, s->nmean, s->std, s->nstd);
    case TS_STEP_RANDOM_ERASING: return apply_random_erasing(s, out, in, rng);
    case TS_STEP_TO_PIL_IMAGE: return ts_to_pil_image(out, in);
    }
    return ts_fail("unknown step");
}

int ts_transform_plan_apply(const ts_transform_plan *p, const uint8_t *pixels, ts_rng *rng, float *work, float *out) {
    const ts_transform *t = p->transform;
    ts_image a = {p->c, p->h, p->w, 0, work}, b = {0, 0, 0, 0, work + p->work_floats / 2};
    for (size_t i = 0; i < (size_t)p->c * p->h * p->w; i++) a.data[i] = pixels[i];
    ts_image *cur = &a, *next = &b;
    for (int k = 0; k < t->nsteps; k++) {
        if (apply_step(&t->steps[k], next, cur, rng))
            return ts_fail_context("transform: step %d (%s): ", k + 1, ts_step_name(t->steps[k].kind));
        ts_image *tmp = cur;
        cur = next, next = tmp;
    }
    memcpy(out, cur->data, sizeof(float) * (size_t)p->oc * p->oh * p->ow);
    return TS_OK;
}

int ts_transform_apply(const ts_transform *t, const uint8_t *pixels, int c, int h, int w, ts_rng *rng,
                       float *work, float *out) {
    ts_transform_plan p;
    if (ts_transform_plan_init(&p, t, c, h, w)) return TS_ERR;
    return ts_transform_plan_apply(&p, pixels, rng, work, out);
}

int ts_transform_outputs_float(const ts_transform *t) { return t->outputs_float; }

const char *ts_transform_describe(const ts_transform *t) { return t->description; }

void ts_transform_free(ts_transform *t) {
    if (!t) return;
    free(t->steps);
    free(t->description);
    free(t);
}
