#!/usr/bin/python3
"""PyTorch side of `make bench`: training throughput of the seed's CNN (section 3.1, with
BatchNorm) on the CPU, measured exactly as experiments/bench.c measures trainskill.

What is timed: `steps` training steps after `warmup` untimed ones, each
    optimizer.zero_grad(); loss = F.cross_entropy(model(x), y); loss.backward(); optimizer.step()
on one fixed synthetic batch (x ~ N(0, 1) of shape (batch, 1, 28, 28), labels uniform in
0..9) held in memory, with SGD(lr=0.01, momentum=0.9), torch.set_num_threads(threads) and
the default float32 CPU kernels (oneDNN for the convolutions when PyTorch has it).
No data loading is timed on either side.

Prints one `key=value` line that bench.c parses, e.g.
    torch=1.13.0 threads=2 batch=64 steps=300 seconds=12.3 samples_per_s=1561.0 loss=0.01
`threads` is torch.get_num_threads() read back after setting it, so the caller can check
that PyTorch really uses the thread count it was asked for.

Run with the Debian PyTorch: /usr/bin/python3 experiments/bench_torch.py --threads 2
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def seed_cnn():
    """The seed's CNN with BatchNorm; nn.Flatten instead of out.view(batch_size, -1)."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(64 * 7 * 7, 100), nn.BatchNorm1d(100), nn.ReLU(),
        nn.Linear(100, 10))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--batch", type=int, default=64, help="batch size (default 64)")
    ap.add_argument("--steps", type=int, default=100, help="timed steps (default 100)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10)")
    a = ap.parse_args()
    if a.threads < 1 or a.batch < 2 or a.steps < 1 or a.warmup < 0:
        ap.error("need --threads >= 1, --batch >= 2 (BatchNorm), --steps >= 1, --warmup >= 0")

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = seed_cnn()
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(a.batch, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    seconds = time.perf_counter() - t0
    print(f"torch={torch.__version__} threads={torch.get_num_threads()} batch={a.batch} "
          f"steps={a.steps} seconds={seconds:.4f} samples_per_s={a.batch * a.steps / seconds:.1f} "
          f"loss={loss.item():.4f}", flush=True)


if __name__ == "__main__":
    main()
