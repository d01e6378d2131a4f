#!/usr/bin/python3
"""Independent PyTorch reference for neural-style's W2 and sliced style terms.

Writes core/src/test/resources/parity/style-losses.json, which
core/src/test/java/io/neuralstyle/engine/StyleLossTest.java compares the Java
engine's terms (io.neuralstyle.engine.LossTerms) against. Everything here is
float64 torch autograd on small seeded feature maps (no network): the terms'
values and their gradients with respect to the generated image's features.
It shares no code with the Java engine.

Usage (from the repository root, Debian's /usr/bin/python3 with python3-torch):

  python3 tools/reference/style_losses.py --out core/src/test/resources/parity/style-losses.json

Layout: feature maps are position-major, H x W x C (as the Java FeatureMap and
TensorFlow's NHWC); F is the M x N matrix of positions x channels.

W2 (Wasserstein-2 between Gaussians, as crowsonkb/style-transfer-pytorch):
  mu = sum_p w_p F_p, C = sum_p w_p (F_p - mu)(F_p - mu)^T  (w: weights summing to 1)
  mu2, C2 from the target's features with uniform weights, R = C2^(1/2) (eigh,
  negative eigenvalues set to 0)
  W2^2 = |mu - mu2|^2 + tr C + tr C2 - 2 sum_i s(lambda_i(R C R)),
  s(l) = sqrt(max(l, 0) + eps) - sqrt(eps),  eps = (1e-4 tr C2 / N)^2 + 1e-30
  (torch.linalg.eigvalsh, differentiated by autograd).

Sliced (Heitz et al. 2021): directions D (N x K, unit columns, from this
script's generator, written to the fixture); P = F D (M x K); the target's
sorted projections resampled to M quantiles with np.interp at positions
(i + 1/2) M_s / M - 1/2 (clamped at the ends);
  S = sum_k sum_i (sort(P[:, k])_i - t_k,i)^2   (torch.sort, autograd).
"""

import argparse
import json

import numpy as np
import torch


def w2(f, weights, target):
    """f: M x N (requires grad), weights: M, target: M_s x N; float64."""
    mu2 = target.mean(0)
    c2 = (target - mu2).T @ (target - mu2) / target.shape[0]
    e2, v2 = torch.linalg.eigh(c2)
    r = v2 @ torch.diag(e2.clamp_min(0).sqrt()) @ v2.T
    n = f.shape[1]
    eps = (1e-4 * max(torch.trace(c2).item(), 0) / n) ** 2 + 1e-30
    mu = (weights[:, None] * f).sum(0)
    c = (weights[:, None] * (f - mu)).T @ (f - mu)
    lam = torch.linalg.eigvalsh(r @ c @ r)
    root = (torch.sqrt(lam.clamp_min(0) + eps) - eps ** 0.5).sum()
    return ((mu - mu2) ** 2).sum() + torch.trace(c) + torch.trace(c2) - 2 * root, eps


def sliced(f, target, d):
    m = f.shape[0]
    ms = target.shape[0]
    p = f @ d
    tp = np.sort((target @ d).detach().numpy(), axis=0)
    u = (np.arange(m) + 0.5) * ms / m - 0.5
    t = np.stack([np.interp(u, np.arange(ms), tp[:, k]) for k in range(d.shape[1])], axis=1)
    s, _ = torch.sort(p, dim=0)
    return ((s - torch.from_numpy(t)) ** 2).sum()


def relu_like(gen, shape):
    x = torch.randn(shape, generator=gen, dtype=torch.float64) + 0.3
    return x.clamp_min(0) * 2.0


def case(gen, name, hw, target_hw, channels, k, masked):
    f = relu_like(gen, (hw[0] * hw[1], channels)).requires_grad_(True)
    target = relu_like(gen, (target_hw[0] * target_hw[1], channels))
    m = f.shape[0]
    if masked:
        mask = torch.rand(m, generator=gen, dtype=torch.float64)
        mask[: m // 4] = 0
        weights = mask / mask.sum()
    else:
        mask = None
        weights = torch.full((m,), 1.0 / m, dtype=torch.float64)
    d = torch.randn((channels, k), generator=gen, dtype=torch.float64)
    d = d / d.norm(dim=0, keepdim=True)
    out = {"name": name, "height": hw[0], "width": hw[1], "channels": channels,
           "targetHeight": target_hw[0], "targetWidth": target_hw[1], "projections": k,
           "features": f.detach().flatten().tolist(), "target": target.flatten().tolist(),
           "directions": d.flatten().tolist(),
           "weights": weights.tolist()}
    value, eps = w2(f, weights, target)
    (grad,) = torch.autograd.grad(value, f)
    out.update({"w2": value.item(), "w2Eps": eps, "w2Gradient": grad.flatten().tolist()})
    if not masked:
        value = sliced(f, target, d)
        (grad,) = torch.autograd.grad(value, f)
        out.update({"sliced": value.item(), "slicedGradient": grad.flatten().tolist()})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args()
    gen = torch.Generator().manual_seed(args.seed)
    cases = [
        # 64 positions, 4 channels, a target of another size (42 positions): resampled quantiles.
        case(gen, "8x8x4", (8, 8), (6, 7), 4, 6, False),
        # Fewer positions than channels: R C R is singular, the engine takes the small side.
        case(gen, "2x2x6", (2, 2), (3, 3), 6, 6, False),
        # A soft mask that leaves a quarter of the positions out: weighted mean and covariance.
        case(gen, "8x8x4-masked", (8, 8), (8, 8), 4, 4, True),
    ]
    with open(args.out, "w") as fp:
        json.dump({"generator": "tools/reference/style_losses.py --seed %d" % args.seed, "cases": cases}, fp)
        fp.write("\n")


if __name__ == "__main__":
    main()
