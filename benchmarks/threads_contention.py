"""Training speed on a machine shared with busy processes: nnspec's run.threads auto against
a hand-written script with torch's default threads.

Starts ``--busy`` processes that spin (2 by default, as two other jobs would), then for
gan-ring and a bidirectional LSTM (lstm-adding with ``bidirectional: true``) runs, in
alternating order, ``nnspec run`` (run.threads auto, the default) and the same model by
hand (benchmarks/handwritten, torch's default thread count), each for ``--steps``
updates, with OMP_NUM_THREADS unset for both. Reports updates per second, each side's
median over ``--rounds``, and their ratio. The busy processes are stopped at the end.

Under contention torch's default threads can run two orders of magnitude slower, so the
hand-written side stops after ``--hand-seconds`` of timed steps (at least 3 steps) even
when that is fewer than ``--steps``: its rate is timed steps over their time, which
bounds the benchmark's length without changing what is compared.

    python benchmarks/threads_contention.py [--busy 2] [--steps 600] [--rounds 3]
                                            [--hand-seconds 60] [--families gan-ring bi-lstm]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BILSTM = "networks.lstm.layers[0].lstm.bidirectional=true"
# family: (spec, --set overrides, hand-written module, nnspec updates per hand-written step)
FAMILIES = {
    "gan-ring": ("gan-ring.yaml", [], "gan_ring", 2),
    "bi-lstm": ("lstm-adding.yaml", [BILSTM], "lstm", 1),
}
HAND = """
import sys, time, torch
sys.path.insert(0, {scripts!r})
import {module} as m
bidirectional = {module!r} == "lstm"
if bidirectional:
    def init(self):
        torch.nn.Module.__init__(self)
        self.lstm = torch.nn.LSTM(2, 64, batch_first=True, bidirectional=True)
        self.head = torch.nn.Linear(128, 1)
    m.Model.__init__ = init
x = torch.rand(20000, 50, 2) if bidirectional else torch.randn(50000, 2)
step = m.make(x, torch.rand(20000, 1), seed=0)
step()
start, done = time.perf_counter(), 0
while done < {steps} and (done < 3 or time.perf_counter() - start < {seconds}):
    step()
    done += 1
print(done / (time.perf_counter() - start))
"""


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return out


def hand_rate(module: str, steps: int, per_step: int, seconds: float) -> float:
    scripts = str(ROOT / "benchmarks" / "handwritten")
    code = HAND.format(scripts=scripts, module=module, steps=steps, seconds=seconds)
    done = subprocess.run([sys.executable, "-c", code], env=env(), capture_output=True, text=True)
    return float(done.stdout.split()[-1]) * per_step  # in nnspec's updates per second


def nnspec_rate(spec: str, sets: list[str], steps: int, per_step: int) -> tuple[float, str]:
    """Updates per second of the training loop (summary.json), and the thread choice line."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = [f"schedule[0].steps={steps // per_step}", "evaluate.every=null", *sets]
        settings += ["schedule[0].epochs=null"] if spec.startswith("lstm") else []
        cmd = [sys.executable, "-m", "nnspec", "run", str(ROOT / "specs" / spec), "--out", tmp]
        cmd += [w for s in [*settings, "outputs.plots=false"] for w in ("--set", s)]
        done = subprocess.run(cmd, env=env(), capture_output=True, text=True, check=True)
        summary = json.loads((Path(tmp) / "summary.json").read_text())
    choice = next(line for line in done.stdout.splitlines() if line.startswith("threads:"))
    return summary["steps"] / summary["seconds"], choice


def family_rates(family: str, steps: int, rounds: int, seconds: float) -> None:
    """Alternate the two sides for ``rounds`` rounds and print the medians and their ratio."""
    spec, sets, module, per_step = FAMILIES[family]
    ours, hand = [], []
    for index in range(rounds):
        for side in ("nnspec", "hand") if index % 2 == 0 else ("hand", "nnspec"):
            if side == "nnspec":
                ours.append(nnspec_rate(spec, sets, steps, per_step))
            else:
                hand.append(hand_rate(module, steps // per_step, per_step, seconds))
        print(f"  {family} round {index + 1}: nnspec {ours[-1][0]:.3g} it/s "
              f"({ours[-1][1]}), hand-written {hand[-1]:.3g} it/s", flush=True)  # fmt: skip
    a, b = statistics.median(r for r, _ in ours), statistics.median(hand)
    print(f"{family}: nnspec auto {a:.3g} it/s, hand-written (torch default threads) "
          f"{b:.3g} it/s, nnspec / hand-written {a / b:.2f}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=2)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hand-seconds", type=float, default=60.0)
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES))
    args = parser.parse_args()
    spin = [sys.executable, "-c", "while True: pass"]
    busy = [subprocess.Popen(spin) for _ in range(args.busy)]
    try:
        time.sleep(2)  # let the load average see them
        for family in args.families:
            family_rates(family, args.steps, args.rounds, args.hand_seconds)
    finally:
        for process in busy:
            process.kill()


if __name__ == "__main__":
    main()
