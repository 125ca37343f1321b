"""The Boltzmann machine and DBM figures of docs/benchmarks.md, measured from full runs.

    python benchmarks/boltzmann.py [--out runs/boltzmann]

1. specs/boltzmann-machine.yaml: KL(target ‖ model) from the known target (uniform over
   the 14 bars-and-stripes patterns), exact by enumeration, for the network as
   initialised (the spec's seed) and as trained, and the run's exact log-likelihood.
2. specs/dbm-digits.yaml against specs/rbm-digits-ais.yaml (an RBM with as many hidden
   units): AIS test log-likelihood; and the DBM's features under a linear readout against
   those of specs/dbn-digits.yaml's DBN, pretrained on the same binarised digits (its
   fine-tuning cut to one step at lr 1e-12, so the readout sees the pretrained features).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnspec import api  # noqa: E402
from nnspec.nn.boltzmann import BoltzmannMachine  # noqa: E402

BINARISED = "data.transforms=[{scale: {from: [0, 16], to: [0, 1]}}, {binarize: 0.5}]"
DBN_PRETRAINED = [
    BINARISED,
    "schedule[1].epochs=null",
    "schedule[1].steps=1",
    "schedule[1].train.optimizer.lr=1.0e-12",
    "evaluate.metrics=[feature_accuracy]",
    "evaluate.splits=[test]",
]


def run(spec: str, out: Path, *overrides: str) -> dict:
    target = out / Path(spec).stem
    sets = [arg for o in overrides for arg in ("--set", o)]
    command = [sys.executable, "-m", "nnspec", "run", spec, "--out", str(target), "--overwrite"]
    subprocess.run([*command, *sets], cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return json.loads((target / "summary.json").read_text())


def bars_and_stripes() -> torch.Tensor:
    bits = (torch.arange(8)[:, None] >> torch.arange(3)) & 1
    rows = bits[:, :, None].expand(8, 3, 3)
    return torch.cat([rows, rows.transpose(1, 2)[1:-1]]).reshape(14, 9).double()


def kl_to_target(bm: BoltzmannMachine) -> float:
    patterns = bars_and_stripes()
    log_p = bm.log_unnormalised(patterns) - bm.exact_log_partition()
    return float(-math.log(len(patterns)) - log_p.mean())


def boltzmann_machine(out: Path) -> None:
    spec = api.load(ROOT / "specs" / "boltzmann-machine.yaml")
    torch.manual_seed(spec.typed.seed)  # as a run seeds before it builds its networks
    before = kl_to_target(api.compile(spec)["bm"].double())
    summary = run("specs/boltzmann-machine.yaml", out)
    trained = api.compile(spec)["bm"]
    state = torch.load(out / "boltzmann-machine" / "checkpoints" / "last.pt", weights_only=True)
    trained.load_state_dict(state["networks"]["bm"])
    after = kl_to_target(trained.double())
    metrics = summary["metrics"]
    print("| boltzmann-machine | KL to target | exact train log-likelihood | time |")
    print("|---|---|---|---|")
    print(
        f"| initialised | {before:.4f} | | |\n| trained | {after:.4f} "
        f"(run's exact_kl {metrics['train/exact_kl']:.4f}) | "
        f"{metrics['train/exact_log_likelihood']:.4f} (log 1/14 = {-math.log(14):.4f}) "
        f"| {summary['seconds']:.0f} s |"
    )


def dbm(out: Path) -> None:
    rows = [
        ("dbm-digits (DBM 64-256-256)", run("specs/dbm-digits.yaml", out)),
        ("rbm-digits-ais (RBM 64-512)", run("specs/rbm-digits-ais.yaml", out)),
        (
            "dbn-digits, pretrained (DBN 64-256-256)",
            run("specs/dbn-digits.yaml", out, *DBN_PRETRAINED),
        ),
    ]
    print("\n| model | test AIS log-likelihood | log Ẑ ± se | feature accuracy | time |")
    print("|---|---|---|---|---|")
    for name, summary in rows:
        m = summary["metrics"]
        ll = f"{m['test/ais_log_likelihood']:.2f}" if "test/ais_log_likelihood" in m else "—"
        z = (
            f"{m['test/ais_log_z']:.2f} ± {m['test/ais_log_z_se']:.2f}"
            if "test/ais_log_z" in m
            else "—"
        )
        accuracy, seconds = m["test/feature_accuracy"], summary["seconds"]
        print(f"| {name} | {ll} | {z} | {accuracy:.4f} | {seconds:.0f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "boltzmann")
    args = parser.parse_args()
    boltzmann_machine(args.out)
    dbm(args.out)


if __name__ == "__main__":
    main()
