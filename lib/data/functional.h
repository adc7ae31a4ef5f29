/* The functional layer of the transforms: torchvision.transforms.functional with explicit
 * parameters (no randomness). The random transforms of transform.h draw their parameters
 * (crop offsets, jitter factors, blur sigma, erasing box) and call these; the parity tests
 * call them with the parameters fixed in experiments/make_fixtures_transforms.py.
 *
 * Images are ts_image (CHW floats). Two kinds, as torchvision's tensor path has two dtypes:
 *   is_float 0 — a uint8 tensor: integer values 0..255 held in floats. Every op returns what
 *                torchvision returns for a uint8 tensor: arithmetic in float32, then the cast
 *                back to uint8 — truncation (`.to(torch.uint8)`) after _blend, grayscale and
 *                hue, but rounding (half to even) after resize and gaussian_blur, which go
 *                through _cast_squeeze_out.
 *   is_float 1 — a float tensor (after ToTensor): values in [0, 1] by convention, clamped to
 *                [0, 1] by the colour ops as torchvision's _blend does; no rounding.
 *
 * Every function writes the result into out->data (the caller provides room for the output
 * size, see each function) and sets out's c, h, w and is_float. out must not alias in unless
 * the function says it may (the pixel-wise ones). Nothing here allocates; errors are the
 * arguments torchvision rejects, returned as TS_ERR with a message. */
#ifndef TS_FUNCTIONAL_H
#define TS_FUNCTIONAL_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rng.h"

typedef struct {
    int c, h, w;
    int is_float;  /* 0: uint8 pixel values 0..255 held in floats (before ToTensor); 1: float tensor */
    float *data;   /* c·h·w values, channel-major (CHW) */
} ts_image;

typedef enum { TS_PAD_CONSTANT, TS_PAD_EDGE, TS_PAD_REFLECT, TS_PAD_SYMMETRIC } ts_padding_mode;
typedef enum { TS_INTERP_BILINEAR, TS_INTERP_NEAREST } ts_interpolation;

/* ---- geometric.c ---------------------------------------------------------------------- */

/* F.crop: out (c, height, width) = in[:, top:top+height, left:left+width]; positions outside
   the image are 0 (torchvision pads a tensor crop that leaves the image with zeros). */
int ts_crop(ts_image *out, const ts_image *in, int top, int left, int height, int width);
/* F.center_crop: offsets int(round((H − h)/2)) (half to even); a crop larger than the image
   pads with 0 first, ⌊(h − H)/2⌋ before and ⌈(h − H)/2⌉ after. out (c, height, width). */
int ts_center_crop(ts_image *out, const ts_image *in, int height, int width);
/* F.hflip / F.vflip: out (c, h, w) is in mirrored left–right / top–bottom. */
int ts_hflip(ts_image *out, const ts_image *in);
int ts_vflip(ts_image *out, const ts_image *in);

/* ---- pad.c ---------------------------------------------------------------------------- */

/* Where padded coordinate x (0 ≤ x < before + n + after) reads from a line of n pixels
   padded by `before`: an index in [0, n), or −1 for the constant fill. E.g. n = 4, before 2:
   reflect 2 1 0 1 2 3 …, symmetric 1 0 0 1 2 3 …, edge 0 0 0 1 2 3 … */
int ts_pad_source_index(int x, int n, int before, ts_padding_mode mode);
/* F.pad with padding (left, top, right, bottom) ≥ 0: out (c, h + top + bottom, w + left +
   right). fill is used in constant mode. torch's reflect needs each padding < the side it
   pads (reflect never repeats the border pixel); symmetric (torchvision's own index
   gathering) needs padding ≤ that side. */
int ts_pad(ts_image *out, const ts_image *in, const int padding[4], float fill, ts_padding_mode mode);
/* TS_ERR with ts_pad's message unless an (h, w) image can take this padding in this mode. */
int ts_pad_check(int h, int w, const int padding[4], ts_padding_mode mode);
/* "constant", "edge", "reflect", "symmetric" or NULL. */
const char *ts_padding_mode_name(ts_padding_mode mode);

/* ---- resize.c ------------------------------------------------------------------------- */

/* F.resize's output size: (size_h, size_w), or with size_w = 0 the shorter side becomes
   size_h and the longer int(size_h · long / short) (torchvision's int size). */
void ts_resize_output_size(int h, int w, int size_h, int size_w, int *oh, int *ow);
/* F.resize of a tensor to (oh, ow): torch.nn.functional.interpolate with
   mode='bilinear', align_corners=False, antialias=False (torchvision 0.14's tensor default),
   or mode='nearest' (PyTorch's legacy nearest: src = min(⌊dst · in/out⌋, in − 1)). uint8
   results are rounded half to even. Same size → a copy (torchvision returns the input). */
int ts_resize(ts_image *out, const ts_image *in, int oh, int ow, ts_interpolation mode);

/* ---- color.c -------------------------------------------------------------------------- */

/* F.rgb_to_grayscale: L = 0.2989 R + 0.587 G + 0.114 B. out has num_output_channels (1 or 3)
   copies of L — except that a 1-channel input is returned as is, with 1 channel, even for
   num_output_channels = 3 (torchvision 0.14 expands to the input's shape). */
int ts_rgb_to_grayscale(ts_image *out, const ts_image *in, int num_output_channels);
/* The colour adjustments of ColorJitter, each a _blend(img, other, factor) =
   clamp(factor·img + (1 − factor)·other, 0, bound), bound 255 or 1:
     brightness  other = 0                       factor ≥ 0
     contrast    other = mean of the grayscale image (of the image itself when c = 1)
     saturation  other = the grayscale image; a 1-channel image is returned unchanged
     hue         H of HSV shifted by factor modulo 1, factor in [−0.5, 0.5]; a 1-channel
                 image is returned unchanged
   c must be 1 or 3. Pixel-wise: out may equal in. */
int ts_adjust_brightness(ts_image *out, const ts_image *in, float factor);
int ts_adjust_contrast(ts_image *out, const ts_image *in, float factor);
int ts_adjust_saturation(ts_image *out, const ts_image *in, float factor);
int ts_adjust_hue(ts_image *out, const ts_image *in, float factor);

/* ---- blur.c --------------------------------------------------------------------------- */

/* The largest kernel side ts_gaussian_blur takes (its 1-D kernels live on the stack). */
enum { TS_BLUR_MAX_KERNEL = 63 };
/* F.gaussian_blur with odd kernel sizes (kx along the width, ky along the height) and
   sigmas > 0: the 2-D kernel ky ⊗ kx of normalised exp(−x²/2σ²) on x = −(k−1)/2 … (k−1)/2,
   over the image reflect-padded by k/2 (each padding < its side). out (c, h, w). */
int ts_gaussian_blur(ts_image *out, const ts_image *in, int kx, int ky, float sigma_x, float sigma_y);

/* ---- tensor.c ------------------------------------------------------------------------- */

/* F.to_tensor of uint8 values: x / 255, is_float 1. F.normalize: (x − mean[c]) / std[c] on a
   float image; nmean / nstd are 1 (broadcast) or c. Pixel-wise: out may equal in. */
int ts_to_tensor(ts_image *out, const ts_image *in);
int ts_normalize(ts_image *out, const ts_image *in, const float *mean, int nmean, const float *std, int nstd);
/* F.to_pil_image as far as the pixel values go: a float image becomes uint8 values,
   trunc(x·255) modulo 256 — truncated, not rounded, and not clamped: a value of a normalised
   image below 0 or above 1 wraps around (−0.5 → 129, 1.2 → 50), as pic.mul(255).byte()
   does. A uint8 image passes unchanged. is_float 0. Pixel-wise: out may equal in. */
int ts_to_pil_image(ts_image *out, const ts_image *in);

/* ---- erasing.c ------------------------------------------------------------------------ */

/* F.erase in place: img[:, i:i+h, j:j+w] = value[c] (nvalue 1 or c), or, with value NULL,
   N(0, 1) draws from rng (RandomErasing's value='random'). A uint8 image takes the values
   truncated to integers, as assigning into a uint8 tensor does. */
int ts_erase(ts_image *img, int i, int j, int h, int w, const float *value, int nvalue, ts_rng *rng);

#endif
