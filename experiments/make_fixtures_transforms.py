"""torchvision reference fixtures for tests/test_transforms.c.

What: every transform of lib/data/functional.h run by torchvision 0.14's functional API
(the tensor code path) with fixed parameters — the random transforms with their random
parameters fixed (crop offsets, jitter factors, erasing box, blur sigma) — on two fixed
uint8 images, a 3×8×10 "RGB" one and a 1×12×11 gray one, each as a uint8 tensor (what the
data set's pixels are before ToTensor) and as a float tensor (after ToTensor).

Run by `make fixtures` through experiments/make_fixtures.py (or alone:
    /usr/bin/python3 experiments/make_fixtures_transforms.py tests/fixtures).
Writes tests/fixtures/transforms.txt in the format of make_fixtures.py: the inputs `in3`,
`in1`, and for each case `<case>.shape` (c, h, w) and `<case>.y`. Case names are
`<op>.<input><u|f>`: input 3 or 1, u for the uint8 tensor, f for the float tensor. Index-only ops (crops, flips,
pads) have uint8 cases only. The C test repeats each case's parameters; keep the two lists in step.

Parameters are chosen exactly representable in float32 (1.25, not 1.3), so that both sides
start from the same numbers: torch multiplies a float32 tensor by float32(factor) but
computes (1 − factor) in double first.
"""
import os
import sys

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FixtureFile  # noqa: E402


def inputs():
    rng = np.random.default_rng(4)
    # A smooth gradient plus noise, so that resize/blur see structure and the colour ops see
    # every kind of pixel (saturated, gray, dark); a few exact grays and extremes in RGB.
    y, x = np.mgrid[0:8, 0:10]
    base = np.stack([24 * x + 5 * y, 30 * y, 255 - 22 * x]).astype(np.float64)
    rgb = np.clip(base + rng.integers(-30, 31, size=base.shape), 0, 255).astype(np.uint8)
    rgb[:, 0, 0] = 128        # a gray pixel: H undefined, S = 0
    rgb[:, 7, 9] = (255, 255, 255)
    rgb[:, 5, 5] = (0, 0, 0)
    gy, gx = np.mgrid[0:12, 0:11]
    gray = np.clip(11 * gx + 12 * gy + rng.integers(-40, 41, size=gx.shape), 0, 255).astype(np.uint8)[None]
    return torch.from_numpy(rgb), torch.from_numpy(gray)


# Index-only ops (crops, flips, pads) do the same on either dtype: only their uint8 case is kept.
INDEX_ONLY = {"crop", "crop_outside", "center_crop", "center_crop_large", "hflip", "vflip",
              "pad_constant", "pad_edge", "pad_reflect", "pad_symmetric"}


def cases():
    """(name, function of one image) for every op; run on each input and dtype."""
    I = InterpolationMode
    return [
        ("crop", lambda t: F.crop(t, 2, 3, 5, 7)),
        ("crop_outside", lambda t: F.crop(t, -1, -2, 8, 9)),          # pads with zeros
        ("center_crop", lambda t: F.center_crop(t, [5, 7])),          # round(1.5) = 2 (half-even); 8×10: (1.5, 1.5)
        ("center_crop_large", lambda t: F.center_crop(t, [11, 14])),  # pads first
        ("hflip", F.hflip),
        ("vflip", F.vflip),
        ("pad_constant", lambda t: F.pad(t, [1, 2, 3, 0], fill=7, padding_mode="constant")),
        ("pad_edge", lambda t: F.pad(t, [1, 2, 3, 0], padding_mode="edge")),
        ("pad_reflect", lambda t: F.pad(t, [1, 2, 3, 0], padding_mode="reflect")),
        ("pad_symmetric", lambda t: F.pad(t, [1, 2, 3, 0], padding_mode="symmetric")),
        ("resize_bilinear_down", lambda t: F.resize(t, [5, 7], I.BILINEAR)),
        ("resize_bilinear_up", lambda t: F.resize(t, [11, 16], I.BILINEAR)),
        ("resize_bilinear_short", lambda t: F.resize(t, 6, I.BILINEAR)),  # int: the shorter side
        ("resize_nearest_down", lambda t: F.resize(t, [5, 7], I.NEAREST)),
        ("resize_nearest_up", lambda t: F.resize(t, [11, 16], I.NEAREST)),
        ("grayscale1", lambda t: F.rgb_to_grayscale(t, 1)),
        ("grayscale3", lambda t: F.rgb_to_grayscale(t, 3)),
        ("brightness_up", lambda t: F.adjust_brightness(t, 1.5)),
        ("brightness_down", lambda t: F.adjust_brightness(t, 0.375)),
        ("contrast_up", lambda t: F.adjust_contrast(t, 1.75)),
        ("contrast_down", lambda t: F.adjust_contrast(t, 0.25)),
        ("saturation_up", lambda t: F.adjust_saturation(t, 1.5)),
        ("saturation_down", lambda t: F.adjust_saturation(t, 0.25)),
        ("hue_pos", lambda t: F.adjust_hue(t, 0.25)),
        ("hue_neg", lambda t: F.adjust_hue(t, -0.375)),
        # ColorJitter with its random parameters fixed: order (hue, brightness, saturation,
        # contrast), factors as below — what ColorJitter.forward does for that draw.
        ("jitter", lambda t: F.adjust_contrast(F.adjust_saturation(
            F.adjust_brightness(F.adjust_hue(t, 0.125), 1.25), 0.625), 0.75)),
        ("blur_k3x5", lambda t: F.gaussian_blur(t, [3, 5], [0.75, 1.25])),
        ("blur_k5", lambda t: F.gaussian_blur(t, [5, 5], [1.5, 1.5])),
        ("erase", lambda t: F.erase(t, 2, 3, 4, 5, torch.tensor([9.0])[:, None, None])),
    ]


def make_transforms(directory):
    fx = FixtureFile(directory, "transforms", f"torchvision {torchvision.__version__} transforms, tensor path")
    rgb, gray = inputs()
    fx.put("in3", rgb)
    fx.put("in1", gray)
    for tag, img in (("3", rgb), ("1", gray)):
        for kind, t in (("u", img), ("f", F.to_tensor(img.permute(1, 2, 0).numpy()))):
            for name, fn in cases():
                if kind == "f" and name in INDEX_ONLY:
                    continue
                y = fn(t.clone())
                fx.put(f"{name}.{tag}{kind}.shape", list(y.shape))
                fx.put(f"{name}.{tag}{kind}.y", y)
    # ToTensor then Normalize with non-round constants (both sides round them to float32).
    t3 = F.to_tensor(rgb.permute(1, 2, 0).numpy())
    fx.put("normalize.3f.y", F.normalize(t3, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))
    t1 = F.to_tensor(gray.permute(1, 2, 0).numpy())
    fx.put("normalize.1f.y", F.normalize(t1, [0.286], [0.353]))
    # ToPILImage (pic.mul(255).byte()) of float images off the 1/255 grid: a blurred one
    # (truncation) and the normalised one, with values below 0 and above 1 (wrap-around).
    for name, t in (("blur_k5", F.gaussian_blur(t1, [5, 5], [1.5, 1.5])), ("normalize", F.normalize(t1, [0.286], [0.353]))):
        fx.put(f"to_pil.{name}.1f.in", t)
        fx.put(f"to_pil.{name}.1f.y", torch.from_numpy(np.array(F.to_pil_image(t)))[None])
    fx.write()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 experiments/make_fixtures_transforms.py OUTPUT_DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    make_transforms(sys.argv[1])
