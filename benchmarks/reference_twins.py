"""The reference specs against their hand-written twins: final accuracy and time, alternating.

    python benchmarks/reference_twins.py [--repeats 1] [--only caffe-lenet pytorch-mnist]
                                         [--caffe-lenet-pytorch-form]

After a short warm-up of both sides, each round runs nnspec's spec
(specs/reference/NAME.yaml, in-process, at full length) and then its twin
(benchmarks/handwritten/, plain PyTorch on the same split, init, batch order and
steps), one thread each, and prints both test accuracies, their difference and the
time ratio nnspec / twin (wall time of the whole run, data loading and the final
evaluation included). ``--caffe-lenet-pytorch-form`` also runs LeNet with
``momentum_form: pytorch`` to measure what Caffe's form of the momentum changes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten import caffe_lenet, pytorch_mnist

from nnspec import api

SPECS = Path(__file__).resolve().parents[1] / "specs" / "reference"
TWINS = {"caffe-lenet": caffe_lenet.run, "pytorch-mnist": pytorch_mnist.run}


def ours(name: str, overrides: tuple[str, ...] = ()) -> tuple[float, float]:
    """nnspec's test accuracy and wall time for specs/reference/NAME.yaml."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        api.run(api.load(SPECS / f"{name}.yaml", overrides), out=Path(tmp) / "run")
        seconds = time.perf_counter() - start
        summary = json.loads((Path(tmp) / "run" / "summary.json").read_text())
    return summary["metrics"]["test/accuracy"], seconds


def twin(name: str) -> tuple[float, float]:
    start = time.perf_counter()
    accuracy = TWINS[name]()
    return accuracy, time.perf_counter() - start


def warm_up() -> None:
    """One short run of each side first: imports and first-call costs are timed in neither."""
    ours("pytorch-mnist", ("schedule[0].epochs=1",))
    pytorch_mnist.run(1)


def compare(name: str, repeats: int) -> None:
    ratios = []
    for round_ in range(repeats):
        (a_ours, t_ours), (a_twin, t_twin) = ours(name), twin(name)
        ratios.append(t_ours / t_twin)
        print(
            f"| {name} | {round_ + 1} | {a_ours:.4f} | {a_twin:.4f} | {abs(a_ours - a_twin):.4f} "
            f"| {t_ours:.1f} s | {t_twin:.1f} s | {t_ours / t_twin:.3f} |",
            flush=True,
        )
    print(f"| {name} | median ratio | | | | | | {statistics.median(ratios):.3f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--only", nargs="+", choices=list(TWINS), default=list(TWINS))
    parser.add_argument("--caffe-lenet-pytorch-form", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print("| spec | round | nnspec accuracy | twin accuracy | difference | nnspec | twin | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    warm_up()
    for name in args.only:
        compare(name, args.repeats)
    if args.caffe_lenet_pytorch_form:
        accuracy, seconds = ours("caffe-lenet", ("optimizers.solver.momentum_form=pytorch",))
        print(f"caffe-lenet, momentum_form pytorch: test/accuracy {accuracy:.4f} ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
