"""The seed's transform snippets (seed/Train-Skill.md §1.1 lines 64–68, §1.2 lines 88–91),
run as written under Python and torchvision, with the error each one raises.

lessons/lesson-1-data.md quotes these lines; the lesson itself shows the C parser's error for
the same mistakes (it needs no Python). Run:
    /usr/bin/python3 experiments/seed_snippets.py
Each snippet runs in a fresh namespace; the last line of its exception is printed.
"""
import sys

import numpy as np
import torch
import torchvision
from PIL import Image

SNIPPETS = [
    ("§1.1 as written: Compose given the transforms without a list", """
import torchvision.transforms as transforms
transforms = transforms.Compose(
\ttransforms.Resize((512,512)),
\ttransforms.ToTensor(),
\t...
)"""),
    ("Compose given a single transform without a list: built, fails when called", """
import torchvision.transforms as transforms
t = transforms.Compose(transforms.ToTensor())
t(img)"""),
    ("§1.1 and §1.2 name the pipeline `transforms`: the next use of the module", """
import torchvision.transforms as transforms
transforms = transforms.Compose([transforms.ToTensor()])
test_transforms = transforms.Compose([transforms.ToTensor()])"""),
    ("§1.2 as written: no comma between ToTensor() and Normalize()", """
import torchvision.transforms as transforms
transforms = transforms.Compose(
\ttransforms.ToTensor()
\ttransforms.Normalize((0.5,),(0.5,))
)"""),
    ("Normalize before ToTensor, on a PIL image", """
import torchvision.transforms as T
T.Compose([T.Normalize((0.5,),(0.5,)), T.ToTensor()])(img)"""),
    ("Normalize before ToTensor, on a uint8 tensor", """
import torchvision.transforms as T, torch
T.Compose([T.Normalize((0.5,),(0.5,)), T.ToTensor()])(torch.zeros(1, 28, 28, dtype=torch.uint8))"""),
    ("a size tuple without its brackets: Resize(512, 512)", """
import warnings, torchvision.transforms as T
warnings.simplefilter("ignore")
T.Resize(512, 512)(img)"""),
]


def main():
    print(f"Python {sys.version.split()[0]}, torch {torch.__version__}, torchvision {torchvision.__version__}")
    img = Image.fromarray(np.zeros((28, 28), dtype=np.uint8))
    for title, code in SNIPPETS:
        try:
            exec(compile(code, "<snippet>", "exec"), {"img": img})
            print(f"{title}:\n    no error")
        except Exception as e:  # noqa: BLE001 — the point is to show it
            print(f"{title}:\n    {type(e).__name__}: {e}")


if __name__ == "__main__":
    main()
