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

Sliced with a mask (the "slicedCases" with a "mask"): each position p weighs
w_p; on each direction the image's samples are taken in ascending order of the
detached projections, c_p = (weight of the samples before p + w_p / 2) / sum w,
and Q is the target's quantile function (its sorted projections at (j + 1/2) /
M_s, np.interp: linear between them, clamped at the ends):
  S = sum_k sum_p w_p (P[p, k] - Q_k(c_p))^2   (Q(c) a constant, autograd
  through P only).

Sliced with a blend (the "slicedCases" with "blend"): the target is the
mixture of several paintings: their projections pooled, painting k's samples
each weighing b_k / (sum b * M_k); a sample of cumulative weight C before it
and weight w sits at C + w / 2, and t_k,i is that quantile function at
(i + 1/2) / M (np.interp); S as for one painting.
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


def quantile_function(target, d, weights):
    """Knots and ascending values of the pooled, weighted projections, one column per direction.

    target: list of M_k x N arrays, weights: their blend weights b_k."""
    total = sum(weights)
    vals = np.concatenate([t @ d for t in target], axis=0)
    w = np.concatenate([np.full(t.shape[0], b / (total * t.shape[0])) for t, b in zip(target, weights)])
    knots, values = [], []
    for k in range(d.shape[1]):
        order = np.argsort(vals[:, k], kind="stable")
        ws = w[order]
        knots.append(np.cumsum(ws) - ws + ws / 2)
        values.append(vals[order, k])
    return knots, values


def sliced_blend(f, target, weights, d):
    m = f.shape[0]
    knots, values = quantile_function([t.numpy() for t in target], d.numpy(), weights)
    u = (np.arange(m) + 0.5) / m
    t = np.stack([np.interp(u, knots[k], values[k]) for k in range(d.shape[1])], axis=1)
    s, _ = torch.sort(f @ d, dim=0)
    return ((s - torch.from_numpy(t)) ** 2).sum()


def sliced_masked(f, mask, target, d):
    p = f @ d
    knots, values = quantile_function([target.numpy()], d.numpy(), [1.0])
    pd = p.detach().numpy()
    w = mask.numpy()
    q = np.empty_like(pd)
    for k in range(d.shape[1]):
        order = np.argsort(pd[:, k], kind="stable")
        ws = w[order]
        c = (np.cumsum(ws) - ws + ws / 2) / w.sum()
        q[order, k] = np.interp(c, knots[k], values[k])
    return (mask[:, None] * (p - torch.from_numpy(q)) ** 2).sum()


def positive(gen, shape):
    """Positive features without ties: a masked term depends on the order of equal projections."""
    return torch.rand(shape, generator=gen, dtype=torch.float64) * 2.0 + 0.01


def sliced_case(gen, name, hw, target_hws, channels, k, masked, blend):
    f = positive(gen, (hw[0] * hw[1], channels)).requires_grad_(True)
    targets = [positive(gen, (h * w, channels)) for h, w in target_hws]
    m = f.shape[0]
    d = torch.randn((channels, k), generator=gen, dtype=torch.float64)
    d = d / d.norm(dim=0, keepdim=True)
    out = {"name": name, "height": hw[0], "width": hw[1], "channels": channels, "projections": k,
           "features": f.detach().flatten().tolist(), "directions": d.flatten().tolist(),
           "targets": [{"height": h, "width": w, "features": t.flatten().tolist()}
                       for (h, w), t in zip(target_hws, targets)]}
    if masked:
        mask = torch.rand(m, generator=gen, dtype=torch.float64)
        mask[: m // 4] = 0
        out["mask"] = mask.tolist()
        value = sliced_masked(f, mask, targets[0], d)
    else:
        out["blend"] = blend
        value = sliced_blend(f, targets, blend, d)
    (grad,) = torch.autograd.grad(value, f)
    out.update({"sliced": value.item(), "slicedGradient": grad.flatten().tolist()})
    return out


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
    sliced_cases = [
        # A soft mask with a quarter of the positions out, a painting of another size: Q at c_p.
        sliced_case(gen, "8x8x4-masked", (8, 8), [(6, 7)], 4, 6, True, None),
        # Two paintings of other sizes, unequal weights: the mixture's quantiles.
        sliced_case(gen, "8x8x4-blend", (8, 8), [(6, 7), (5, 5)], 4, 6, False, [0.7, 0.3]),
    ]
    with open(args.out, "w") as fp:
        json.dump({"generator": "tools/reference/style_losses.py --seed %d" % args.seed, "cases": cases,
                   "slicedCases": sliced_cases}, fp)
        fp.write("\n")


if __name__ == "__main__":
    main()
