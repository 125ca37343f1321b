"""The generative reference specs against their hand-written twins, alternating in one run.

specs/reference/pytorch-vae.yaml and pytorch-dcgan.yaml are translations of pytorch/examples'
vae and dcgan; benchmarks/handwritten/pytorch_vae.py and pytorch_dcgan.py are those programs
written out by hand. Each round trains the spec (``nnspec.run``) and then its twin on the same
train split for the spec's epochs, and scores the twin's 10,000 samples with the spec's Parzen
estimator (σ chosen on the val split, mean test log-likelihood ± standard error). Times are
wall-clock seconds of training plus that one evaluation; the ratio is nnspec / twin (medians).
The DCGAN twin draws nnspec's random streams, so its weights after training are compared
with the run's checkpoints/last.pt: the largest difference over every tensor is printed.

    python benchmarks/reference_twins_gen.py [--rounds 3] [--only vae|dcgan] [--out DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten import pytorch_dcgan, pytorch_vae

from nnspec.api import load, run
from nnspec.metrics import mean_and_stderr, parzen_log_likelihood, select_sigma
from nnspec.metrics.impl_generative import SIGMAS
from nnspec.train.prepare import prepare

SPECS = Path(__file__).resolve().parents[1] / "specs" / "reference"
TWINS = {"vae": ("pytorch-vae.yaml", pytorch_vae), "dcgan": ("pytorch-dcgan.yaml", pytorch_dcgan)}
SAMPLES = 10_000


def parzen(samples: torch.Tensor, splits: dict) -> tuple[float, float]:
    val, test = (splits[s][0].flatten(1) for s in ("val", "test"))
    sigma = select_sigma(samples.flatten(1), val, SIGMAS)
    return mean_and_stderr(parzen_log_likelihood(samples.flatten(1), test, sigma))


def spec_round(resolved, out: Path) -> dict:
    started = time.perf_counter()
    summary = run(resolved, out=out, overwrite=True)
    metrics = summary["metrics"]
    return {
        "ll": metrics["test/parzen_ll"],
        "se": metrics["test/parzen_se"],
        "seconds": time.perf_counter() - started,
        "updates": summary["updates"],
    }


def twin_round(module, splits: dict, epochs: int, seed: int) -> dict:
    started = time.perf_counter()
    nets = module.networks(seed) if hasattr(module, "networks") else None
    kw = {} if nets is None else {"nets": nets}
    model, updates = module.train(splits["train"][0].cpu(), epochs, seed, **kw)
    ll, se = parzen(module.sample(model, SAMPLES, seed), splits)
    seconds = time.perf_counter() - started
    counts = updates if "updates" not in updates else {"adam": updates["updates"]}
    return {"ll": ll, "se": se, "seconds": seconds, "updates": counts, "nets": nets}


def largest_difference(checkpoint: Path, nets) -> float:
    """The largest |nnspec − twin| over every parameter and buffer of G and D, in order."""
    saved = torch.load(checkpoint, weights_only=True)["networks"]
    pairs = [
        (a, b)
        for name, net in zip(("G", "D"), nets, strict=True)
        for a, b in zip(saved[name].values(), net.state_dict().values(), strict=True)
    ]
    return max(float((a.double() - b.double()).abs().max()) for a, b in pairs)


def compare(name: str, rounds: int, out: Path) -> None:
    spec_file, module = TWINS[name]
    spec_runs, twin_runs = [], []
    for r in range(rounds):  # alternating, so drifts in machine load hit both alike
        resolved = load(SPECS / spec_file, (f"seed={r}",))  # the seed also picks the split
        session, _ = prepare(resolved, torch.device("cpu"), smoke=False)
        epochs = resolved.typed.schedule[0].epochs
        spec_runs.append(spec_round(resolved, out / name))
        twin_runs.append(twin_round(module, session.rt.splits, epochs, seed=r))
        if twin_runs[-1]["nets"] is not None:
            gap = largest_difference(out / name / "checkpoints" / "last.pt", twin_runs[-1]["nets"])
            print(f"{name} round {r}: largest weight difference nnspec − twin {gap:.3g}")
        for label, runs in (("nnspec", spec_runs), ("twin", twin_runs)):
            last = runs[-1]
            print(
                f"{name} round {r} {label}: parzen {last['ll']:.2f} ± {last['se']:.2f}, "
                f"{last['seconds']:.1f} s, updates {last['updates']}",
                flush=True,
            )
    ratio = statistics.median(s["seconds"] for s in spec_runs) / statistics.median(
        t["seconds"] for t in twin_runs
    )
    for label, runs in (("nnspec", spec_runs), ("twin", twin_runs)):
        lls = [x["ll"] for x in runs]
        spread = statistics.stdev(lls) if len(lls) > 1 else 0.0
        print(
            f"{name} {label}: mean parzen {statistics.mean(lls):.2f} (sd over seeds {spread:.2f})"
        )
    print(f"{name}: time ratio nnspec / twin {ratio:.2f} (medians of {rounds})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=sorted(TWINS), action="append")
    parser.add_argument("--out", type=Path, default=Path("runs/reference_twins"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    for name in args.only or sorted(TWINS):
        compare(name, args.rounds, args.out)


if __name__ == "__main__":
    main()
