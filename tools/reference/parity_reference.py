#!/usr/bin/python3
"""Independent PyTorch reference for neural-style's parity tests.

Computes, in float64 with torch autograd, the VGG19 features, the Gatys et al.
(2015) losses and the gradient of the total loss with respect to the generated
[0,1] RGB image, on small seeded inputs, and writes them as a fixture
(PREFIX.json + PREFIX.bin) that the Java engine's tests compare against.
It shares no code with the Java engine.

Usage (from the repository root, Debian's /usr/bin/python3 with torch + numpy):

  # q8 (Caffe/Keras) weights, average and max pooling:
  python3 tools/reference/parity_reference.py --q8 /work/shared/models/vgg19-q8 \\
      --pooling avg --out core/src/test/resources/parity/q8-avg
  python3 tools/reference/parity_reference.py --q8 /work/shared/models/vgg19-q8 \\
      --pooling max --out core/src/test/resources/parity/q8-max

  # torchvision-layout state_dict that holds only conv1_1, conv1_2, conv2_1:
  python3 tools/reference/parity_reference.py \\
      --pth core/src/test/resources/model/vgg19-tiny.pth --pooling avg \\
      --content-layers conv2_1 --style-layers conv1_1,conv1_2,conv2_1 \\
      --out core/src/test/resources/parity/torch-tiny-avg

  # self-check (finite differences of the gradient, q8 md5 round trip),
  # with or without --out:
  python3 tools/reference/parity_reference.py --q8 DIR --check

The model: conv1_1..conv5_4, 3x3 convolutions (stride 1, zero padding 1, bias)
each followed by ReLU; a layer's feature is its ReLU output. A 2x2 stride-2
pooling (avg or max, floor, no padding) follows the last conv of each block
when the network continues past it.

Preprocessing of an RGB image x in [0,1] (CHW):
  q8 (Caffe/Keras):      in[c] = x[2-c]*255 - (103.939, 116.779, 123.68)[c]
  torch (torchvision):   in[c] = (x[c] - (0.485,0.456,0.406)[c]) / (0.229,0.224,0.225)[c]

Losses (F: N x M features of the generated image X, P: of the content image,
G = F F^T / M, A: Gram of the style image with its own M):
  Lc_l = sum((F-P)^2) / (sum(P^2) + 1e-8)
  E_l  = sum((G-A)^2) / (sum(A^2) + 1e-8)
  TV   = (sum (X[c,y,x+1]-X[c,y,x])^2 + sum (X[c,y+1,x]-X[c,y,x])^2) / (3*H*W)
  total = alpha * sum v_l Lc_l + beta * sum w_l E_l + tv_weight * TV

Fixture: PREFIX.bin holds little-endian arrays back to back; PREFIX.json
describes the settings, losses, per-layer feature samples (norm, sum and 1024
seeded elements of X's feature tensor in CHW order) and every array's dtype,
shape, byte offset and element count.
"""

import argparse
import collections
import hashlib
import json
import os
import shlex
import sys

import numpy as np
import torch
import torch.nn.functional as TF

BLOCK_SIZES = (2, 2, 4, 4, 4)
LAYERS = ["conv%d_%d" % (b + 1, i + 1) for b, n in enumerate(BLOCK_SIZES) for i in range(n)]
# torchvision vgg19().features indices of the convolutions, in LAYERS order.
TORCH_INDICES = (0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34)
STANDARD_CHANNELS = {1: 64, 2: 128, 3: 256, 4: 512, 5: 512}

CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
TORCH_MEAN = (0.485, 0.456, 0.406)
TORCH_STD = (0.229, 0.224, 0.225)

CONTENT_SHAPE = (3, 64, 64)
STYLE_SHAPE = (3, 48, 56)
GENERATED_SHAPE = (3, 64, 64)
SAMPLES_PER_LAYER = 1024
EPS = 1e-8


def block_of(layer):
    return int(layer[4])


def ends_block(layer):
    i = LAYERS.index(layer)
    return i == len(LAYERS) - 1 or block_of(LAYERS[i + 1]) != block_of(layer)


# ---------------------------------------------------------------- weights

def read_q8(folder, verify_md5=False):
    """conv weights from a quantized manifest folder: {layer: (W[O,I,3,3], b[O])}, float64.

    value = uint8 byte * scale + min_value, computed here in float64. The kernel
    is stored H x W x In x Out and is transposed to Out x In x H x W.
    With verify_md5 the raw bytes' md5 is checked against the manifest and the
    float64 values are re-quantized to bytes whose md5 must match as well.
    """
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    entries = manifest["weights"]
    out = collections.OrderedDict()
    problems = []
    for layer in LAYERS:
        pair = []
        for part in ("kernel", "bias"):
            e = entries["%s/%s" % (layer, part)]
            with open(os.path.join(folder, e["filename"]), "rb") as f:
                raw = f.read()
            shape = tuple(e["shape"])
            if len(raw) != e["size"] or len(raw) != int(np.prod(shape)):
                raise ValueError("%s: %d bytes, manifest says size %d shape %s"
                                 % (e["filename"], len(raw), e["size"], shape))
            q = e["quantization"]
            if q.get("dtype", "uint8") != "uint8":
                raise ValueError("%s: unsupported quantization %s" % (e["filename"], q))
            scale, minv = float(q["scale"]), float(q["min_value"])
            codes = np.frombuffer(raw, dtype=np.uint8)
            values = codes.astype(np.float64) * scale + minv
            if verify_md5:
                if hashlib.md5(raw).hexdigest() != e["checksum"]:
                    problems.append("%s: md5 of file differs from manifest" % e["filename"])
                back = np.rint((values - minv) / scale)
                if back.min() < 0 or back.max() > 255:
                    problems.append("%s: re-quantized codes out of range" % e["filename"])
                back = back.astype(np.uint8).tobytes()
                if hashlib.md5(back).hexdigest() != e["checksum"]:
                    problems.append("%s: re-quantized values' md5 differs" % e["filename"])
            values = values.reshape(shape)
            if part == "kernel":
                if len(shape) != 4 or shape[0] != 3 or shape[1] != 3:
                    raise ValueError("%s: kernel shape %s is not 3x3xInxOut" % (e["filename"], shape))
                values = values.transpose(3, 2, 0, 1)
            pair.append(torch.from_numpy(np.ascontiguousarray(values)))
        out[layer] = tuple(pair)
    if verify_md5:
        return out, problems
    return out


def read_pth(path):
    """conv weights from a torchvision-layout state_dict; it may hold only a prefix of the layers."""
    sd = torch.load(path, map_location="cpu")
    if not isinstance(sd, dict):
        raise ValueError("%s: not a state_dict (got %s)" % (path, type(sd).__name__))
    if "state_dict" in sd and isinstance(sd["state_dict"], dict):
        sd = sd["state_dict"]
    out = collections.OrderedDict()
    ended = False
    for layer, idx in zip(LAYERS, TORCH_INDICES):
        wk, bk = "features.%d.weight" % idx, "features.%d.bias" % idx
        if wk not in sd and bk not in sd:
            ended = True
            continue
        if ended or wk not in sd or bk not in sd:
            raise ValueError("%s: layers are not a prefix of conv1_1..conv5_4 (at %s)" % (path, layer))
        w = sd[wk].detach().to(torch.float64).contiguous()
        b = sd[bk].detach().to(torch.float64).contiguous()
        if w.dim() != 4 or tuple(w.shape[2:]) != (3, 3) or b.shape != (w.shape[0],):
            raise ValueError("%s: %s has shape %s, bias %s" % (path, layer, tuple(w.shape), tuple(b.shape)))
        out[layer] = (w, b)
    if not out:
        raise ValueError("%s: no features.N.weight/bias entries" % path)
    return out


def check_channels(weights):
    prev = 3
    for layer, (w, _) in weights.items():
        if w.shape[1] != prev:
            raise ValueError("%s expects %d input channels, previous layer gives %d" % (layer, w.shape[1], prev))
        if w.shape[0] != STANDARD_CHANNELS[block_of(layer)]:
            print("note: %s has %d channels (VGG19 has %d)" % (layer, w.shape[0], STANDARD_CHANNELS[block_of(layer)]),
                  file=sys.stderr)
        prev = w.shape[0]


# ---------------------------------------------------------------- model

def preprocess(x, kind):
    """x: 3 x H x W RGB in [0,1], float64 -> 1 x 3 x H x W network input."""
    if kind == "q8":
        mean = torch.tensor(CAFFE_MEAN_BGR, dtype=x.dtype).view(3, 1, 1)
        return (x.flip(0) * 255.0 - mean).unsqueeze(0)
    mean = torch.tensor(TORCH_MEAN, dtype=x.dtype).view(3, 1, 1)
    std = torch.tensor(TORCH_STD, dtype=x.dtype).view(3, 1, 1)
    return ((x - mean) / std).unsqueeze(0)


def features(x, weights, kind, pooling):
    """{layer: N x H x W ReLU output} for every conv layer present in weights."""
    h = preprocess(x, kind)
    names = list(weights.keys())
    out = collections.OrderedDict()
    for i, layer in enumerate(names):
        w, b = weights[layer]
        h = torch.relu(TF.conv2d(h, w, b, stride=1, padding=1))
        out[layer] = h[0]
        if ends_block(layer) and i + 1 < len(names):
            if pooling == "avg":
                h = TF.avg_pool2d(h, kernel_size=2, stride=2, padding=0, ceil_mode=False)
            else:
                h = TF.max_pool2d(h, kernel_size=2, stride=2, padding=0, ceil_mode=False)
    return out


def gram(f):
    n = f.shape[0]
    m = f.shape[1] * f.shape[2]
    fm = f.reshape(n, m)
    return fm @ fm.t() / m


def tv_loss(x):
    c, h, w = x.shape
    dx = x[:, :, 1:] - x[:, :, :-1]
    dy = x[:, 1:, :] - x[:, :-1, :]
    return ((dx * dx).sum() + (dy * dy).sum()) / (3.0 * h * w)


class Objective:
    def __init__(self, weights, kind, pooling, content, style, cfg):
        self.weights, self.kind, self.pooling, self.cfg = weights, kind, pooling, cfg
        with torch.no_grad():
            pf = features(content, weights, kind, pooling)
            sf = features(style, weights, kind, pooling)
            self.P = {l: pf[l] for l in cfg["content_layers"]}
            self.A = {l: gram(sf[l]) for l in cfg["style_layers"]}

    def __call__(self, x):
        cfg = self.cfg
        feats = features(x, self.weights, self.kind, self.pooling)
        content_per, style_per = collections.OrderedDict(), collections.OrderedDict()
        lc = x.new_zeros(())
        for l, v in zip(cfg["content_layers"], cfg["content_layer_weights"]):
            p = self.P[l]
            term = ((feats[l] - p) ** 2).sum() / ((p * p).sum() + EPS)
            content_per[l] = term
            lc = lc + v * term
        ls = x.new_zeros(())
        for l, wl in zip(cfg["style_layers"], cfg["style_layer_weights"]):
            a = self.A[l]
            term = ((gram(feats[l]) - a) ** 2).sum() / ((a * a).sum() + EPS)
            style_per[l] = term
            ls = ls + wl * term
        tv = tv_loss(x)
        total = cfg["alpha"] * lc + cfg["beta"] * ls + cfg["tv_weight"] * tv
        return total, dict(content=lc, style=ls, tv=tv, content_per=content_per,
                           style_per=style_per, features=feats)


# ---------------------------------------------------------------- inputs

def make_inputs(rng):
    """content, style, generated as float32 numpy CHW arrays (drawn in this order from rng)."""

    def pattern(shape, n_waves, noise):
        c, h, w = shape
        yy, xx = np.meshgrid(np.arange(h, dtype=np.float64) / h, np.arange(w, dtype=np.float64) / w,
                             indexing="ij")
        img = np.empty(shape, dtype=np.float64)
        for ch in range(c):
            acc = np.full((h, w), 0.5)
            for _ in range(n_waves):
                fy, fx = rng.uniform(-4.0, 4.0, size=2)
                phase = rng.uniform(0.0, 2 * np.pi)
                amp = rng.uniform(0.08, 0.2)
                acc += amp * np.sin(2 * np.pi * (fy * yy + fx * xx) + phase)
            img[ch] = acc
        img += noise * rng.standard_normal(shape)
        return np.clip(img, 0.0, 1.0).astype(np.float32)

    content = pattern(CONTENT_SHAPE, 3, 0.02)
    style = pattern(STYLE_SHAPE, 4, 0.05)
    # a blocky overlay so the style has edges the content lacks
    cy, cx = STYLE_SHAPE[1], STYLE_SHAPE[2]
    checker = ((np.arange(cy)[:, None] // 6 + np.arange(cx)[None, :] // 7) % 2).astype(np.float64)
    style = np.clip(0.7 * style + 0.3 * checker[None] * rng.uniform(0.3, 1.0, size=(3, 1, 1)), 0, 1)
    style = style.astype(np.float32)
    generated = rng.uniform(0.0, 1.0, size=GENERATED_SHAPE).astype(np.float32)
    return content, style, generated


# ---------------------------------------------------------------- fixture

class BinWriter:
    def __init__(self):
        self.chunks, self.arrays, self.offset = [], [], 0

    def add(self, name, arr):
        if arr.dtype == np.float32:
            dt, le = "float32", arr.astype("<f4")
        elif arr.dtype == np.int32:
            dt, le = "int32", arr.astype("<i4")
        else:
            raise TypeError(arr.dtype)
        data = np.ascontiguousarray(le).tobytes()
        self.arrays.append({"name": name, "dtype": dt, "shape": list(arr.shape),
                            "offset": self.offset, "length": int(arr.size)})
        self.chunks.append(data)
        self.offset += len(data)
        return name

    def bytes(self):
        return b"".join(self.chunks)


def parse_list(s):
    return [t.strip() for t in s.split(",") if t.strip()]


def parse_layers(s, available):
    out = []
    for t in parse_list(s):
        t = t.lower()
        if t.startswith("relu"):
            t = "conv" + t[4:]
        if t not in LAYERS:
            raise SystemExit("unknown layer %r" % t)
        if t not in available:
            raise SystemExit("layer %s is not in these weights (they have %s)" % (t, ", ".join(available)))
        out.append(t)
    return out


def parse_weights(s, layers, default):
    if s is None:
        return [default] * len(layers)
    vals = [float(t) for t in parse_list(s)]
    if len(vals) != len(layers):
        raise SystemExit("%d layer weights for %d layers" % (len(vals), len(layers)))
    return vals


def finite_difference_check(objective, x, grad, rng, n_pixels, h):
    """Central differences of the total at a few seeded pixels against autograd."""
    worst = 0.0
    flat = x.reshape(-1)
    gflat = grad.reshape(-1)
    # the pixels with the largest gradients plus random ones
    picks = list(np.argsort(-np.abs(gflat.numpy()))[: max(1, n_pixels // 2)])
    picks += list(rng.choice(flat.numel(), size=n_pixels - len(picks), replace=False))
    for i in picks:
        i = int(i)
        xp = flat.clone(); xp[i] += h
        xm = flat.clone(); xm[i] -= h
        with torch.no_grad():
            fp = objective(xp.view_as(x))[0].item()
            fm = objective(xm.view_as(x))[0].item()
        fd = (fp - fm) / (2 * h)
        ad = gflat[i].item()
        rel = abs(fd - ad) / max(abs(fd), abs(ad), 1e-12)
        worst = max(worst, rel)
        c, rem = divmod(i, x.shape[1] * x.shape[2])
        print("  pixel c=%d y=%d x=%d: autograd %.10e  finite-diff %.10e  rel %.2e"
              % (c, rem // x.shape[2], rem % x.shape[2], ad, fd, rel))
    return worst


def direct_conv_check(folder, x, feats, rng, n_points=8):
    """conv1_1 at a few positions straight from the manifest's H x W x In x Out kernel (numpy loops),
    against the torch path, to catch kernel layout or preprocessing mistakes."""
    with open(os.path.join(folder, "manifest.json")) as f:
        entries = json.load(f)["weights"]

    def load(key):
        e = entries[key]
        q = e["quantization"]
        raw = np.fromfile(os.path.join(folder, e["filename"]), dtype=np.uint8)
        return (raw.astype(np.float64) * q["scale"] + q["min_value"]).reshape(e["shape"])

    k, b = load("conv1_1/kernel"), load("conv1_1/bias")
    img = x.numpy()
    _, h, w = img.shape
    worst = 0.0
    for _ in range(n_points):
        o, y, xx = int(rng.integers(k.shape[3])), int(rng.integers(h)), int(rng.integers(w))
        acc = b[o]
        for dy in range(3):
            for dx in range(3):
                yy, xq = y + dy - 1, xx + dx - 1
                if 0 <= yy < h and 0 <= xq < w:
                    for c in range(3):  # network channel c is BGR: RGB channel 2-c
                        acc += k[dy, dx, c, o] * (img[2 - c, yy, xq] * 255.0 - CAFFE_MEAN_BGR[c])
        ref = max(acc, 0.0)
        got = feats["conv1_1"][o, y, xx].item()
        worst = max(worst, abs(ref - got) / max(abs(ref), 1.0))
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--q8", metavar="DIR", help="quantized weights folder (manifest.json + files)")
    src.add_argument("--pth", metavar="FILE", help="torchvision-layout VGG19 state_dict (a prefix is fine)")
    ap.add_argument("--pooling", choices=("avg", "max"), default="avg")
    ap.add_argument("--content-layers", default="conv4_2")
    ap.add_argument("--content-layer-weights", default=None, help="comma list; default 1 each")
    ap.add_argument("--style-layers", default="conv1_1,conv2_1,conv3_1,conv4_1,conv5_1")
    ap.add_argument("--style-layer-weights", default=None, help="comma list; default 0.2 each")
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--beta", type=float, default=1000.0)
    ap.add_argument("--tv-weight", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", metavar="PREFIX", help="write PREFIX.json and PREFIX.bin")
    ap.add_argument("--check", action="store_true",
                    help="finite-difference gradient check and q8 md5 round trip")
    ap.add_argument("--check-pixels", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.out and not args.check:
        ap.error("nothing to do: give --out and/or --check")

    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float64)

    failures = []
    if args.q8:
        kind = "q8"
        if args.check:
            weights, problems = read_q8(args.q8, verify_md5=True)
            print("q8 md5 check: %d files, %s" % (2 * len(weights), "OK" if not problems else "FAILED"))
            for p in problems:
                print("  " + p)
            failures += problems
        else:
            weights = read_q8(args.q8)
    else:
        kind = "torch"
        weights = read_pth(args.pth)
    check_channels(weights)
    available = list(weights.keys())

    content_layers = parse_layers(args.content_layers, available)
    style_layers = parse_layers(args.style_layers, available)
    cfg = dict(content_layers=content_layers,
               content_layer_weights=parse_weights(args.content_layer_weights, content_layers, 1.0),
               style_layers=style_layers,
               style_layer_weights=parse_weights(args.style_layer_weights, style_layers, 0.2),
               alpha=args.alpha, beta=args.beta, tv_weight=args.tv_weight)

    rng = np.random.default_rng(args.seed)
    content32, style32, generated32 = make_inputs(rng)
    # computation uses exactly the float32 values stored in the fixture
    content = torch.from_numpy(content32.astype(np.float64))
    style = torch.from_numpy(style32.astype(np.float64))
    x = torch.from_numpy(generated32.astype(np.float64)).requires_grad_(True)

    objective = Objective(weights, kind, args.pooling, content, style, cfg)
    total, parts = objective(x)
    total.backward()
    grad = x.grad.detach().clone()
    x = x.detach()

    print("weights=%s pooling=%s layers=%s" % (kind, args.pooling, ",".join(available)))
    print("content %.12e  style %.12e  tv %.12e  total %.12e"
          % (parts["content"].item(), parts["style"].item(), parts["tv"].item(), total.item()))
    for l, v in parts["content_per"].items():
        print("  content %s %.12e" % (l, v.item()))
    for l, v in parts["style_per"].items():
        print("  style   %s %.12e" % (l, v.item()))
    print("gradient: L2 %.6e  max|g| %.6e" % (grad.norm().item(), grad.abs().max().item()))

    if args.check:
        check_rng = np.random.default_rng(args.seed + 12345)
        print("finite differences (h=1e-5, float64):")
        worst = finite_difference_check(objective, x, grad, check_rng, args.check_pixels, 1e-5)
        ok = worst < 1e-5
        print("gradient check: worst rel error %.2e %s" % (worst, "OK" if ok else "FAILED"))
        if not ok:
            failures.append("gradient check: worst rel error %.2e" % worst)
        if kind == "q8":
            worst = direct_conv_check(args.q8, x, parts["features"], check_rng)
            ok = worst < 1e-9
            print("direct HWIO conv1_1 check: worst rel error %.2e %s" % (worst, "OK" if ok else "FAILED"))
            if not ok:
                failures.append("direct conv1_1 check: worst rel error %.2e" % worst)

    if args.out:
        bw = BinWriter()
        bw.add("content", content32)
        bw.add("style", style32)
        bw.add("generated", generated32)
        bw.add("gradient", grad.numpy().astype(np.float32))
        feats_json = collections.OrderedDict()
        for l, f in parts["features"].items():
            f = f.detach()
            n = f.numel()
            k = min(SAMPLES_PER_LAYER, n)
            idx = np.sort(rng.choice(n, size=k, replace=False)).astype(np.int32)
            vals = f.reshape(-1).numpy()[idx].astype(np.float32)
            feats_json[l] = {"shape": list(f.shape), "norm": f.norm().item(), "sum": f.sum().item(),
                             "indices": bw.add(l + "/indices", idx),
                             "values": bw.add(l + "/values", vals)}
        prog = "tools/reference/parity_reference.py"
        doc = collections.OrderedDict([
            ("description", "Parity fixture from an independent float64 PyTorch reference: VGG19 (%s weights, "
                            "%s pooling) features of the generated image, Gatys et al. losses with scale-free "
                            "content/style terms, and d total / d generated ([0,1] RGB CHW). Inputs are seeded "
                            "(seed %d) and stored as float32; the reference used exactly those values."
                            % (kind, args.pooling, args.seed)),
            ("generator", prog + " " + shlex.join(sys.argv[1:] if argv is None else argv)),
            ("weights", kind),
            ("pooling", args.pooling),
            ("seed", args.seed),
            ("content_layers", content_layers),
            ("content_layer_weights", cfg["content_layer_weights"]),
            ("style_layers", style_layers),
            ("style_layer_weights", cfg["style_layer_weights"]),
            ("alpha", cfg["alpha"]),
            ("beta", cfg["beta"]),
            ("tv_weight", cfg["tv_weight"]),
            ("losses", collections.OrderedDict([
                ("content", parts["content"].item()),
                ("style", parts["style"].item()),
                ("tv", parts["tv"].item()),
                ("total", total.item()),
                ("content_per_layer", {l: v.item() for l, v in parts["content_per"].items()}),
                ("style_per_layer", {l: v.item() for l, v in parts["style_per"].items()}),
            ])),
            ("features", feats_json),
            ("arrays", bw.arrays),
        ])
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out + ".bin", "wb") as f:
            f.write(bw.bytes())
        with open(args.out + ".json", "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print("wrote %s.json and %s.bin (%d bytes)" % (args.out, args.out, bw.offset))

    if failures:
        print("CHECK FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
