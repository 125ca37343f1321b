"""Wall time of the whole ``nnspec run SPEC`` command against a whole hand-written script.

Each family's script (benchmarks/handwritten/*_script.py) does what its spec does: the
same data, steps, evaluations, a metrics log, a loss curve and a checkpoint, as a careful
user writes it. Both run as fresh processes (start-up, imports, data, training,
evaluation, plots, checkpoints: what a user waits for), alternating which goes first, with
the same thread count: OMP_NUM_THREADS and MKL_NUM_THREADS set to ``--threads`` for both,
and nnspec given ``run.threads`` equal to it. The machine is shared, so each round's
ratio is taken between two runs back to back and the median over rounds is reported.

Round r trains both sides with seed r (nnspec ``--set seed=r``), since a run's cost
depends on where training ends: rbm-digits' readout, a logistic regression fitted by
lbfgs, took 658 iterations on the hand-written RBM's weights and 855 on nnspec's at
seed 0, about 0.5 s of a 6 s command. Each side's CPU time (user + system, from
``wait4``) is reported beside its wall time: on a loaded machine it is the steadier
of the two.

    python benchmarks/end_to_end.py [--rounds 3] [--threads 1] [--device cpu|cuda]
                                    [--families mlp-digits cnn-digits ...]

Ends with ``end-to-end ratio: X.XX``, the worst family's median nnspec / hand-written.
"""

from __future__ import annotations

import argparse
import compileall
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


def commands(family: str, out: Path, threads: int, device: str, seed: int) -> dict[str, list[str]]:
    """The two commands of one round, each writing into its own folder under ``out``."""
    script, arg = FAMILIES[family]
    spec = ROOT / "specs" / f"{family}.yaml"
    nnspec = [sys.executable, "-m", "nnspec", "run", str(spec), "--out", str(out / "nnspec")]
    nnspec += ["--device", device, "--set", f"run.threads={threads}", "--set", f"seed={seed}"]
    hand = [sys.executable, str(SCRIPTS / script), str(out / "hand"), arg, str(seed)]
    return {"nnspec": nnspec, "hand": hand}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command; CPU is its user + system time, children included."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime


def measure(family: str, rounds: int, threads: int, device: str) -> list[dict[str, tuple]]:
    """Per round, each side's (wall, CPU) seconds; odd rounds run the hand-written one first."""
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["BENCH_DEVICE"] = device  # the hand-written scripts read it
    times = []
    for index in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            cmds = commands(family, Path(tmp), threads, device, seed=index)
            order = ["nnspec", "hand"] if index % 2 == 0 else ["hand", "nnspec"]
            seconds = {side: timed(cmds[side], env) for side in order}
        times.append(seconds)
        (wall, cpu), (hand_wall, hand_cpu) = seconds["nnspec"], seconds["hand"]
        print(f"  {family} round {index + 1} (seed {index}): nnspec {wall:.2f} s "
              f"(CPU {cpu:.2f} s), hand-written {hand_wall:.2f} s (CPU {hand_cpu:.2f} s)",
              flush=True)  # fmt: skip
    return times


def median_ratio(times: list[dict[str, tuple]], part: int) -> float:
    """The median over rounds of nnspec / hand-written, of wall (0) or CPU (1) time."""
    return statistics.median(t["nnspec"][part] / t["hand"][part] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES))
    args = parser.parse_args()
    for folder in (ROOT / "nnspec", SCRIPTS):
        compileall.compile_dir(folder, quiet=1)
    ratios, cpu_ratios = {}, {}
    for family in args.families:
        times = measure(family, args.rounds, args.threads, args.device)
        ratios[family], cpu_ratios[family] = median_ratio(times, 0), median_ratio(times, 1)
        ours, hand = (statistics.median(t[side][0] for t in times) for side in ("nnspec", "hand"))
        print(f"{family:13s} nnspec {ours:7.2f} s  hand-written {hand:7.2f} s  "
              f"median ratio {ratios[family]:.3f} (CPU time {cpu_ratios[family]:.3f})",
              flush=True)  # fmt: skip
    worst = max(ratios, key=ratios.__getitem__)
    print(f"worst family: {worst} (by CPU time: {max(cpu_ratios, key=cpu_ratios.__getitem__)})")
    print(f"end-to-end CPU-time ratio: {max(cpu_ratios.values()):.2f}")
    print(f"end-to-end ratio: {ratios[worst]:.2f}")


if __name__ == "__main__":
    main()
