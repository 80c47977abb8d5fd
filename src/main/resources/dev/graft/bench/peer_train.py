#!/usr/bin/env python3
"""The Python peer of `graft bench peer`: what a PyTorch user would run instead of Graft.

torchvision's MobileNetV2 (width 1.0) with a new head, Adam with weight decay, cross-entropy, one
fixed in-memory batch (no data loading on either side), and per step: forward, loss, backward,
optimizer step, loss and accuracy read back -- the same work Graft's training loop does per batch.

With --inputs DIR (what `graft bench peer` passes) the batch is real preprocessed images and the
starting weights are Graft's bundled pretrained MobileNetV2 under torchvision's names, so both sides
compute on the same numbers. Without it: random images and random weights -- beware, a frozen
random backbone in eval mode produces tiny activations (denormal floats) that make CPUs crawl.

Modes (the same layers train as in Graft's MobileNetV2 with the same freeze choice):
  full     every layer trains
  partial  features[FROM:] and the classifier train; features[:FROM] are frozen (requires_grad
           False) and in eval mode, so their BatchNorm statistics do not move
  head     only the classifier trains; the frozen backbone still runs every step

Prints one line `GRAFT_PEER_RESULT {json}` at the end (read by Graft); everything else is
informational. Works with PyTorch >= 1.10 and the torchvision that matches it.
"""
import argparse
import json
import os
import platform
import sys
import time


def cpu_capability(torch):
    try:
        return torch.backends.cpu.get_cpu_capability()
    except Exception:  # torch < 2.0: parse the build description
        for line in torch.__config__.show().splitlines():
            if "CPU capability usage:" in line:
                return line.split(":", 1)[1].strip()
    return "unknown"


def build(torchvision, torch, classes):
    try:
        model = torchvision.models.mobilenet_v2(weights=None)
    except TypeError:  # torchvision < 0.13
        model = torchvision.models.mobilenet_v2(pretrained=False)
    model.classifier[1] = torch.nn.Linear(model.last_channel, classes)
    return model


def load_inputs(torch, model, directory):
    with open(os.path.join(directory, "weights.json")) as f:
        index = json.load(f)
    with open(os.path.join(directory, "weights.bin"), "rb") as f:
        flat = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
    state = {}
    for t in index["tensors"]:
        n = 1
        for d in t["shape"]:
            n *= d
        state[t["name"]] = flat[t["offset"]:t["offset"] + n].reshape(t["shape"]).clone()
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.startswith("classifier.") and not m.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit("weights do not fit torchvision's mobilenet_v2: missing %s, unexpected %s"
                         % (missing, unexpected))
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.eps = index.get("batchNormEpsilon", module.eps)
    with open(os.path.join(directory, "batch.json")) as f:
        meta = json.load(f)
    n, size = meta["batchSize"], meta["imageSize"]
    with open(os.path.join(directory, "batch.bin"), "rb") as f:
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(n, 3, size, size).clone()
    y = torch.tensor(meta["labels"], dtype=torch.int64)
    return x, y, meta["classes"]


def freeze(model, mode, train_from):
    frozen = []
    if mode == "head":
        frozen = list(model.features)
    elif mode == "partial":
        frozen = list(model.features)[:train_from]
    for module in frozen:
        for p in module.parameters():
            p.requires_grad_(False)
    model.train()
    for module in frozen:
        module.eval()  # BatchNorm in inference mode: running statistics stay as they are
    return [p for p in model.parameters() if p.requires_grad]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", help="folder with batch.bin/json and weights.bin/json written by Graft")
    ap.add_argument("--mode", choices=["full", "partial", "head"], default="full")
    ap.add_argument("--train-from", type=int, default=11,
                    help="partial: first trained index of model.features (default 11: blocks 10-16 + the"
                         " last 1x1 conv, Graft's --train-last 4 with --features top)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--image-size", type=int, default=224)
    ap.add_argument("--classes", type=int, default=5)
    ap.add_argument("--steps", type=int, default=8, help="measured steps")
    ap.add_argument("--warmup", type=int, default=2, help="steps before measuring")
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0: leave PyTorch's default)")
    ap.add_argument("--interop-threads", type=int, default=0, help="inter-op threads (0: default)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--mkldnn", choices=["on", "off"], default="on", help="torch.backends.mkldnn.enabled")
    ap.add_argument("--channels-last", action="store_true", help="model and input in channels-last format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", help="write a Chrome trace of the measured steps (torch.autograd.profiler) here")
    args = ap.parse_args(argv)

    import torch
    import torchvision

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.interop_threads > 0:
        torch.set_num_interop_threads(args.interop_threads)
    torch.backends.mkldnn.enabled = args.mkldnn == "on"
    torch.manual_seed(args.seed)

    if args.inputs:
        with open(os.path.join(args.inputs, "batch.json")) as f:
            args.classes = json.load(f)["classes"]
    model = build(torchvision, torch, args.classes)
    if args.inputs:
        x, y, _ = load_inputs(torch, model, args.inputs)
    else:
        x = torch.rand(args.batch_size, 3, args.image_size, args.image_size)
        y = torch.randint(0, args.classes, (args.batch_size,))
    params = freeze(model, args.mode, args.train_from)
    optimizer = torch.optim.Adam(params, lr=args.lr, weight_decay=args.weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)

    step_seconds = []
    profiler = None
    for i in range(args.warmup + args.steps):
        if args.profile and i == args.warmup:
            profiler = torch.autograd.profiler.profile(record_shapes=True)
            profiler.__enter__()
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        loss_value = loss.item()
        correct = int((logits.argmax(1) == y).sum().item())
        dt = time.perf_counter() - t0
        if i >= args.warmup:
            step_seconds.append(dt)
        print(f"step {i + 1}: {dt:.3f}s loss {loss_value:.4f} correct {correct}", file=sys.stderr, flush=True)

    if profiler is not None:
        profiler.__exit__(None, None, None)
        profiler.export_chrome_trace(args.profile)
    total = sum(step_seconds)
    result = {
        "side": "python",
        "mode": args.mode,
        "imagesPerSecond": int(x.shape[0]) * len(step_seconds) / total,
        "stepSeconds": step_seconds,
        "batchSize": int(x.shape[0]),
        "imageSize": int(x.shape[2]),
        "inputs": "graft" if args.inputs else "random",
        "trainableTensors": len(params),
        "trainableParameters": sum(p.numel() for p in params),
        "python": platform.python_version(),
        "executable": sys.executable,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "mkldnn": bool(torch.backends.mkldnn.enabled and torch.backends.mkldnn.is_available()),
        "channelsLast": args.channels_last,
        "cpuCapability": cpu_capability(torch),
        "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
                                           "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY",
                                           "ONEDNN_DEFAULT_FPMATH_MODE", "THP_MEM_ALLOC_ENABLE", "LD_PRELOAD")
                if k in os.environ},
    }
    print("GRAFT_PEER_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
