#!/usr/bin/python3
"""PyTorch reference benchmark: the same work as `neural-style bench`, in PyTorch, on the same weights.

One evaluation = VGG19 forward to conv5_1 (the deepest default layer), the content loss at conv4_2,
the style losses at conv1_1..conv5_1 and the gradient back to the image: exactly what the Java
engine times. float32, average pooling, the relative loss terms of LossTerms (via
parity_reference.Objective). Prints the median seconds per evaluation, the spread, and the peak
resident memory.

Usage (Debian's /usr/bin/python3 with python3-torch), from the project root:

  python3 tools/reference/bench_reference.py --q8 ../shared/models/vgg19-q8 \
      --sizes 256,512 --evaluations 5 --threads 2
"""

import argparse
import collections
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity_reference as ref  # noqa: E402

STYLE_LAYERS = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--q8", required=True, help="the q8 weights folder (with manifest.json)")
    p.add_argument("--sizes", default="256,512", help="square image sizes, comma-separated")
    p.add_argument("--evaluations", type=int, default=5, help="timed evaluations per size")
    p.add_argument("--warmup", type=int, default=2, help="untimed evaluations first")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    weights64 = ref.read_q8(args.q8)
    deepest = ref.LAYERS.index("conv5_1")
    weights = collections.OrderedDict(
        (l, (w.float(), b.float())) for l, (w, b) in weights64.items() if ref.LAYERS.index(l) <= deepest)
    cfg = dict(content_layers=["conv4_2"], content_layer_weights=[1.0], style_layers=STYLE_LAYERS,
               style_layer_weights=[0.2] * 5, alpha=1.0, beta=10.0, tv_weight=0.0)
    rng = np.random.default_rng(1)
    print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    for size in [int(s) for s in args.sizes.split(",")]:
        content = torch.from_numpy(rng.random((3, size, size), dtype=np.float32))
        style = torch.from_numpy(rng.random((3, size, size), dtype=np.float32))
        objective = ref.Objective(weights, "q8", "avg", content, style, cfg)
        x = torch.from_numpy(rng.random((3, size, size), dtype=np.float32)).requires_grad_(True)
        times = []
        for i in range(args.warmup + args.evaluations):
            start = time.perf_counter()
            x.grad = None
            total, _ = objective(x)
            total.backward()
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print("%dx%d  median %.3f s/evaluation  (min %.3f, max %.3f, %d runs)  peak RSS %.0f MB"
              % (size, size, statistics.median(times), min(times), max(times), len(times), peak))


if __name__ == "__main__":
    main()
