"""Wall time of the whole ``nnspec run SPEC`` command against a whole hand-written script.

Each family's script (benchmarks/handwritten/*_script.py) does what its spec does: the
same data, steps, evaluations, a metrics log, a loss curve and a checkpoint, as a careful
user writes it. Both run as fresh processes (start-up, imports, data, training,
evaluation, plots, checkpoints: what a user waits for), alternating which goes first, with
the same thread count: OMP_NUM_THREADS and MKL_NUM_THREADS set to ``--threads`` for both,
and nnspec given ``run.threads`` equal to it. The machine is shared, so each round's
ratio is taken between two runs back to back and the median over rounds is reported.

    python benchmarks/end_to_end.py [--rounds 3] [--threads 1] [--device cpu|cuda]
                                    [--families mlp-digits cnn-digits ...]

Ends with ``end-to-end ratio: X.XX``, the worst family's median nnspec / hand-written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "benchmarks" / "handwritten"
# family: the hand-written script and its argument (the spec is specs/FAMILY.yaml)
FAMILIES = {
    "mlp-digits": ("classifier_script.py", "mlp"),
    "cnn-digits": ("classifier_script.py", "cnn"),
    "gan-ring": ("gan_script.py", "ring"),
    "dcgan-digits": ("gan_script.py", "dcgan"),
    "vae-digits": ("small_script.py", "vae"),
    "lstm-adding": ("small_script.py", "lstm"),
    "rbm-digits": ("small_script.py", "rbm"),
}


def commands(family: str, out: Path, threads: int, device: str) -> dict[str, list[str]]:
    """The two commands of one round, each writing into its own folder under ``out``."""
    script, arg = FAMILIES[family]
    spec = ROOT / "specs" / f"{family}.yaml"
    nnspec = [sys.executable, "-m", "nnspec", "run", str(spec), "--out", str(out / "nnspec")]
    nnspec += ["--device", device, "--set", f"run.threads={threads}"]
    hand = [sys.executable, str(SCRIPTS / script), str(out / "hand"), arg]
    return {"nnspec": nnspec, "hand": hand}


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def measure(family: str, rounds: int, threads: int, device: str) -> list[tuple[float, float]]:
    """(nnspec, hand-written) seconds per round; odd rounds run the hand-written one first."""
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["BENCH_DEVICE"] = device  # the hand-written scripts read it
    times = []
    for index in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            cmds = commands(family, Path(tmp), threads, device)
            order = ["nnspec", "hand"] if index % 2 == 0 else ["hand", "nnspec"]
            seconds = {side: wall_time(cmds[side], env) for side in order}
        times.append((seconds["nnspec"], seconds["hand"]))
        print(f"  {family} round {index + 1}: nnspec {seconds['nnspec']:.2f} s, "
              f"hand-written {seconds['hand']:.2f} s", flush=True)  # fmt: skip
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES))
    args = parser.parse_args()
    ratios = {}
    for family in args.families:
        times = measure(family, args.rounds, args.threads, args.device)
        ratios[family] = statistics.median(ours / hand for ours, hand in times)
        ours, hand = (statistics.median(t[i] for t in times) for i in (0, 1))
        print(f"{family:13s} nnspec {ours:7.2f} s  hand-written {hand:7.2f} s  "
              f"median ratio {ratios[family]:.3f}", flush=True)  # fmt: skip
    worst = max(ratios, key=ratios.__getitem__)
    print(f"worst family: {worst}")
    print(f"end-to-end ratio: {ratios[worst]:.2f}")


if __name__ == "__main__":
    main()
