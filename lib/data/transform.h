/* Data augmentation pipelines: torchvision.transforms.Compose of the transforms of seed
 * section 1, written as text.
 *
 *   ts_transform *t = ts_transform_parse("RandomCrop(28,padding=2),RandomHorizontalFlip(0.5),"
 *                                        "ToTensor,Normalize(0.286,0.353)");
 *   if (!t) { fprintf(stderr, "trainskill: %s\n", ts_error()); exit(1); }
 *   ts_transform_plan plan;                                       // once per input shape:
 *   if (ts_transform_plan_init(&plan, t, 1, 28, 28)) ...          //   checks, output shape, scratch
 *   float *work = malloc(sizeof(float) * plan.work_floats);
 *   ts_rng rng = ts_rng_derive(seed, epoch, sample);              // per sample
 *   ts_transform_plan_apply(&plan, pixels, &rng, work, out);      // no allocation
 *
 * Semantics are torchvision 0.14's tensor path (names, keyword names, defaults, parameter
 * sampling); the data set's uint8 pixels are a uint8 tensor until ToTensor, a float tensor
 * after (see functional.h for what that means for rounding). Supported transforms and their
 * arguments, with torchvision's defaults:
 *   CenterCrop(size)                        Pad(padding, fill=0, padding_mode='constant')
 *   RandomCrop(size, padding=None, pad_if_needed=False, fill=0, padding_mode='constant')
 *   RandomHorizontalFlip(p=0.5)             RandomVerticalFlip(p=0.5)
 *   Resize(size, interpolation='bilinear')  ('nearest' also; an int size sets the shorter side)
 *   ColorJitter(brightness=0, contrast=0, saturation=0, hue=0)
 *   Grayscale(num_output_channels=1)        GaussianBlur(kernel_size, sigma=(0.1, 2.0))
 *   ToTensor                                Normalize(mean, std)
 *   ToPILImage()                            (a float tensor back to uint8 values, as
 *                                           pic.mul(255).byte(): truncated, wrapping outside
 *                                           [0, 1]; the steps after it keep the tensor path's
 *                                           arithmetic, not PIL's)
 *   RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)  (value: number,
 *                                           tuple, or 'random' after ToTensor)
 * Sizes, paddings, kernel sizes, means, stds and values take a number or a tuple as in
 * torchvision ((h, w); padding 1, 2 or 4 numbers as left/top/right/bottom; …).
 * The random transforms draw their parameters as torchvision's get_params do (below), from
 * the rng given to ts_transform_apply — a different generator than torch's, so the same
 * distributions, not the same draws. */
#ifndef TS_TRANSFORM_H
#define TS_TRANSFORM_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rng.h"
#include "functional.h"

typedef struct ts_transform ts_transform; /* a Compose of steps */

/* Parses a comma-separated list of transforms (names and keyword names as torchvision's;
   positional and keyword arguments; tuples as (a,b); numbers; quoted strings; True/False/
   None). Returns NULL on a malformed spec, with a ts_error() message naming the offending
   token, e.g. "transform spec: unknown transform 'RandomFlop' at column 24" or
   "transform spec: RandomCrop: padding must be >= 0, got -2". Rejects orders torchvision
   cannot run (Normalize before ToTensor; ToTensor twice; ToPILImage twice). "" or "none"
   is the identity (uint8 values 0..255 out). */
ts_transform *ts_transform_parse(const char *spec);
void ts_transform_free(ts_transform *t);

/* The spec without blanks ("none" for the identity), for logs and run records. Valid while
   t lives. */
const char *ts_transform_describe(const ts_transform *t);

/* The pipeline on inputs of one shape, as a data set's images are: what depends on the shape
   alone — that every step can take what the one before makes, the output shape, the scratch —
   is worked out once, not for every image. */
typedef struct {
    const ts_transform *transform; /* not owned */
    int c, h, w;                   /* the input */
    int oc, oh, ow;                /* the output */
    size_t work_floats;            /* the scratch ts_transform_plan_apply needs: two of the largest
                                      image along the pipeline, input included */
} ts_transform_plan;

/* The plan of t for inputs of (c, h, w); TS_ERR with a message if the pipeline cannot take
   such an input (e.g. a crop larger than the image without pad_if_needed). */
int ts_transform_plan_init(ts_transform_plan *p, const ts_transform *t, int c, int h, int w);

/* Applies the pipeline to one uint8 image of the plan's (c, h, w), CHW: writes oc·oh·ow floats
   to out (raw 0..255 values if the pipeline has no ToTensor, or ends with ToPILImage).
   Randomness comes only from rng. Allocates nothing; thread-safe for distinct rng/work/out
   (the plan and its transform are read-only). */
int ts_transform_plan_apply(const ts_transform_plan *p, const uint8_t *pixels, ts_rng *rng, float *work, float *out);

/* The same for one input, without keeping a plan. */
int ts_transform_out_shape(const ts_transform *t, int c, int h, int w, int *oc, int *oh, int *ow);
size_t ts_transform_work_floats(const ts_transform *t, int c, int h, int w); /* 0 if it cannot take (c, h, w) */
int ts_transform_apply(const ts_transform *t, const uint8_t *pixels, int c, int h, int w, ts_rng *rng,
                       float *work, float *out);

/* 1 if the output is a float tensor (ToTensor, and no ToPILImage after it). */
int ts_transform_outputs_float(const ts_transform *t);

/* ---- the random parameters, as torchvision's get_params (random_params.c) ------------- */

/* RandomCrop.get_params: top i ~ U{0 … h − th}, left j ~ U{0 … w − tw} (0, 0 when the sizes
   are equal). Requires th ≤ h and tw ≤ w. */
void ts_random_crop_get_params(ts_rng *rng, int h, int w, int th, int tw, int *i, int *j);

/* ColorJitter.get_params: a random permutation of the four adjustments (0 brightness,
   1 contrast, 2 saturation, 3 hue), then each enabled factor ~ U[range[k][0], range[k][1]]
   in that fixed order (disabled ones are not drawn; factor[k] is left as is). */
void ts_color_jitter_get_params(ts_rng *rng, const float range[4][2], const int enabled[4], int order[4],
                                float factor[4]);

/* GaussianBlur.get_params: σ ~ U[sigma_min, sigma_max]. */
float ts_gaussian_blur_get_params(ts_rng *rng, float sigma_min, float sigma_max);

/* RandomErasing.get_params: up to 10 attempts of area = h·w·U[scale], aspect r = exp(U[log
   ratio]), box (round(√(area·r)), round(√(area/r))) (half to even), accepted when it is
   strictly smaller than the image; then the corner (i, j) uniform. Returns 1 with the box,
   or 0 when every attempt failed (torchvision then leaves the image unchanged). */
int ts_random_erasing_get_params(ts_rng *rng, int h, int w, const float scale[2], const float ratio[2], int *i,
                                 int *j, int *eh, int *ew);

#endif
