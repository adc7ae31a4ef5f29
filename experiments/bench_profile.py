#!/usr/bin/python3
"""Where the time of `bench`'s training steps goes, per layer and per kernel, from a perf
profile with call stacks. perf is the only tool needed (no hardware counters: cpu-clock).

    perf record -e cpu-clock -F 250 --call-graph dwarf,8192 --delay 3000 -o perf.data -- \
        build/release/bin/bench --no-torch --steps 400 --threads 2
    perf script -i perf.data -F tid,ip,sym,dso | /usr/bin/python3 experiments/bench_profile.py

Each sample is charged to
  a layer:  the nearest layer function on its stack (conv_forward, bn_backward, ...; the
            OpenMP bodies conv_forward._omp_fn.0 etc. count for their function), and
  a kernel: its innermost function, grouped: the OpenBLAS sgemm micro-kernel, its packing
            copies (tagged with the driver: in row-major cblas terms sgemm_nn = A·B,
            sgemm_tn = A·Bᵀ, sgemm_nt = Aᵀ·B), im2col, col2im, memset/memcpy (tagged with
            the caller), libgomp (threads waiting at barriers), the kernel, ...
Samples of the main thread count only inside ts_train_step (not the sgemm-rate measurement
or set-up); worker threads' samples always count, so start recording (--delay, in ms)
after the set-up. Percentages are of all counted samples, i.e. of the threads' time.
"""
import collections
import re
import sys

LAYER_FNS = {
    "conv_forward": "Conv2d fwd", "conv_backward": "Conv2d bwd",
    "bn_forward": "BatchNorm fwd", "bn_backward": "BatchNorm bwd",
    "pool_forward": "MaxPool fwd", "pool_backward": "MaxPool bwd",
    "act_forward": "ReLU fwd", "act_backward": "ReLU bwd",
    "linear_forward": "Linear fwd", "linear_backward": "Linear bwd",
    "flatten_forward": "Flatten fwd", "flatten_backward": "Flatten bwd",
    "ts_cross_entropy": "cross_entropy", "ts_sgd_step": "SGD step",
    "ts_model_zero_grad": "zero_grad",
}


def kernel_of(sym, dso):
    base = sym.split(".")[0]
    if "sgemm_kernel" in sym: return "sgemm: kernel"
    if re.search(r"sgemm_(it|in|ot|on)copy", sym): return "sgemm: packing"
    if "sgemm_beta" in sym: return "sgemm: beta"
    if "libopenblas" in dso: return "OpenBLAS other (thread sync)"
    if base == "ts_im2col": return "im2col"
    if base == "ts_col2im": return "col2im"
    if sym.startswith("conv_forward._omp"): return "Conv2d fwd (own loops)"
    if sym.startswith("conv_backward._omp"): return "Conv2d bwd (own loops)"
    if "libgomp" in dso: return "OpenMP runtime (spin/barrier)"
    if "sched_yield" in sym or sym in ("do_sched_yield", "__schedule"): return "kernel: sched_yield/schedule"
    if "kernel" in dso: return "kernel: other"
    if "memset" in sym or "memcpy" in sym or "memmove" in sym: return "memset/memcpy"
    if base in LAYER_FNS: return LAYER_FNS[base] + " (own loops)"
    return sym or "?"


def main():
    samples = []
    cur = None
    for line in sys.stdin:
        if not line.strip():
            if cur: samples.append(cur)
            cur = None
            continue
        if not line.startswith("\t") and not line.startswith(" " * 8):
            cur = {"tid": line.split()[0], "frames": []}
            continue
        m = re.match(r"\s*[0-9a-f]+ (.*) \((.*)\)\s*$", line)
        if m and cur is not None:
            cur["frames"].append((m.group(1), m.group(2)))
    if cur: samples.append(cur)
    tids = collections.Counter(s["tid"] for s in samples)
    main_tid = min(tids, key=int)  # the process's first thread
    by_kernel, by_layer, by_pair = collections.Counter(), collections.Counter(), collections.Counter()
    threads = collections.Counter()
    total = 0
    for s in samples:
        fr = s["frames"]
        if not fr: continue
        syms = [f[0] for f in fr]
        is_main = s["tid"] == main_tid
        if is_main and "ts_train_step" not in syms: continue
        # A "kernel" bucket: the leaf, but charge kernel frames and libc to the user-space caller
        leaf_sym, leaf_dso = fr[0]
        k = kernel_of(leaf_sym, leaf_dso)
        if k == "memset/memcpy":
            for sym, dso in fr[1:]:
                if "libc.so" not in dso:
                    k = "memset/memcpy in " + sym.split(".")[0]
                    break
        if k.startswith("sgemm"):
            drv = next((x for x in syms if re.fullmatch(r"sgemm_[nt][nt]", x)), None)
            k += " [" + (drv or "?") + "]"
        # layer: nearest layer function (or its outlined OpenMP body)
        layer = None
        for sym, dso in fr:
            base = sym.split(".")[0]
            if base in LAYER_FNS:
                layer = LAYER_FNS[base]
                break
        if layer is None:
            if any("blas_thread_server" in x for x in syms) or any("libopenblas" in d for _, d in fr):
                layer = "(OpenBLAS worker: GEMM of some layer)" if not is_main else "(GEMM, layer unknown)"
            elif not is_main:
                layer = "(OpenMP worker idle)"
            else:
                layer = "(other)"
        total += 1
        by_kernel[k] += 1
        by_layer[layer] += 1
        by_pair[(layer, k)] += 1
        threads["main" if is_main else "worker"] += 1
    print(f"samples counted: {total} ({dict(threads)})")
    print("\nby kernel (leaf function):")
    for k, n in by_kernel.most_common():
        print(f"  {100.0 * n / total:6.1f}%  {k}")
    print("\nby layer (nearest layer function on the stack):")
    for k, n in by_layer.most_common():
        print(f"  {100.0 * n / total:6.1f}%  {k}")
    print("\nby layer x kernel (>= 0.5%):")
    for (l, k), n in by_pair.most_common():
        if 100.0 * n / total >= 0.5:
            print(f"  {100.0 * n / total:6.1f}%  {l:38s} {k}")


if __name__ == "__main__":
    main()
