/* The steps of a ts_transform (private to lib/data/transform*.c): one struct for every kind,
 * holding the torchvision constructor arguments after parsing. */
#ifndef TS_TRANSFORM_STEP_H
#define TS_TRANSFORM_STEP_H

#include "transform.h"

typedef enum {
    TS_STEP_CENTER_CROP,
    TS_STEP_COLOR_JITTER,
    TS_STEP_GRAYSCALE,
    TS_STEP_PAD,
    TS_STEP_RANDOM_CROP,
    TS_STEP_HFLIP,
    TS_STEP_VFLIP,
    TS_STEP_RESIZE,
    TS_STEP_GAUSSIAN_BLUR,
    TS_STEP_TO_TENSOR,
    TS_STEP_NORMALIZE,
    TS_STEP_RANDOM_ERASING,
    TS_STEP_TO_PIL_IMAGE,
} ts_step_kind;

enum { TS_STEP_MAX_CHANNELS = 3 };

typedef struct {
    ts_step_kind kind;
    int size[2];              /* (h, w) of CenterCrop, RandomCrop, Resize; Resize(int): (s, 0) */
    int padding[4];           /* left, top, right, bottom: Pad, RandomCrop (has_padding) */
    int has_padding, pad_if_needed;
    float fill;
    ts_padding_mode padding_mode;
    ts_interpolation interpolation;
    float p;                  /* flips, RandomErasing */
    float jitter[4][2];       /* ColorJitter ranges: brightness, contrast, saturation, hue */
    int jitter_on[4];         /* 0 where torchvision stores None (no-op, no draw) */
    int kernel[2];            /* GaussianBlur (kx, ky) */
    float sigma[2];           /* GaussianBlur σ range */
    int num_output_channels;  /* Grayscale */
    float mean[TS_STEP_MAX_CHANNELS], std[TS_STEP_MAX_CHANNELS];
    int nmean, nstd;          /* Normalize */
    float scale[2], ratio[2]; /* RandomErasing */
    float value[TS_STEP_MAX_CHANNELS];
    int nvalue;               /* RandomErasing: 0 for value='random' */
} ts_step;

/* torchvision's class name of a step kind ("RandomCrop"); transform_parse.c. */
const char *ts_step_name(ts_step_kind kind);

struct ts_transform {
    ts_step *steps;
    int nsteps;
    int outputs_float;
    char *description; /* the spec without blanks, or "none" */
};

#endif
