"""Per-step time of nnspec's training loop against the same model written by hand.

For each family (MLP classifier, the gan-ring GAN, the VAE, the LSTM, the RBM), both
sides train on the same in-memory tensors; chunks of steps alternate between
them, several repeats, and the median of per-chunk time ratios is reported.
nnspec's side is the real loop with the real hooks (logging to metrics.jsonl,
evaluation and checkpoint checks), not a stripped copy.

    python benchmarks/overhead.py [--device cpu|cuda] [--steps 200] [--repeats 7] [--compile]
                                  [--families mlp gan-ring vae lstm rbm]

``--compile`` turns on the spec's ``run.compile`` (torch.compile) on nnspec's side
only, which measures what the opt-in buys against plain hand-written PyTorch.

Ends with ``overhead ratio: X.XX``, the worst family.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten import gan_ring, lstm, mlp, rbm, vae

from nnspec.api import load
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.prepare import prepare
from nnspec.train.progress import Progress
from nnspec.train.rundir import RunDir
from nnspec.train.schedule_runner import ScheduleRunner

SPECS = Path(__file__).resolve().parents[1] / "specs"
# family: (spec, hand-written module, nnspec updates per hand-written step)
FAMILIES = {
    "mlp": ("mlp-digits.yaml", mlp, 1),
    "gan-ring": ("gan-ring.yaml", gan_ring, 2),  # one D update + one G update per cycle
    "vae": ("vae-digits.yaml", vae, 1),
    "lstm": ("lstm-adding.yaml", lstm, 1),
    "rbm": ("rbm-digits.yaml", rbm, 1),
}
LONG = ("schedule[0].steps=1000000", "schedule[0].epochs=null", "evaluate.every=null")


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


class NnspecSide:
    """nnspec's loop, run chunk by chunk over one long phase."""

    def __init__(self, spec_name: str, device: torch.device, out: Path, compiled: bool):
        # The same thread count as the hand-written side: run.threads is set to it.
        settings = (
            f"run.compile={str(compiled).lower()}",
            f"run.threads={torch.get_num_threads()}",
        )
        spec = load(SPECS / spec_name, (*LONG, *settings))
        self.session, plans = prepare(spec, device, smoke=False)
        self.plan = plans[0]
        runner = ScheduleRunner(
            self.session,
            plans,
            RunDir.create(out, True),
            spec.typed,
            Progress(plans, shown=False),
        )
        self.hooks = Hooks(
            runner._every_step, runner._log, spec.typed.outputs.log_every, runner._syncs
        )
        self.index = self.step = 0

    def run(self, updates: int) -> None:
        chunk = dataclasses.replace(self.plan, total=self.index + updates)
        self.step = run_plan(self.session, chunk, self.index, self.step, self.hooks)
        self.index += updates


def _timed(fn, device: torch.device) -> float:
    _sync(device)
    start = time.perf_counter()
    fn()
    _sync(device)
    return time.perf_counter() - start


def measure(family: str, device: torch.device, steps: int, repeats: int, compiled: bool) -> float:
    spec_name, module, per_step = FAMILIES[family]
    with tempfile.TemporaryDirectory() as tmp:
        ours = NnspecSide(spec_name, device, Path(tmp) / "run", compiled)
        x, y = ours.session.rt.splits["train"]
        hand = module.make(x, y, seed=0)
        ratios = []
        for _ in range(repeats + 1):  # the first round warms both up and is dropped
            t_ours = _timed(lambda: ours.run(steps * per_step), device)
            t_hand = _timed(lambda: [hand() for _ in range(steps)], device)
            ratios.append(t_ours / t_hand)
        return statistics.median(ratios[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--compile", action="store_true", help="nnspec side with run.compile")
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    results = {}
    for family in args.families:
        results[family] = measure(family, device, args.steps, args.repeats, args.compile)
        print(f"{family:10s} nnspec / hand-written per-step time: {results[family]:.3f}")
    print(f"overhead ratio: {max(results.values()):.2f}")


if __name__ == "__main__":
    main()
