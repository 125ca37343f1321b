"""One trial, in a process of its own: ``python -m nnspec.sweep.trial``.

A process per trial keeps trials apart (torch's threads and global state, memory,
a crash) and lets trials run side by side. It reads the trial's values from the
study, runs the base spec with them as a normal run directory, reports each
evaluation's metric to the pruner, and tells the study how the trial ended.
"""

from __future__ import annotations

import argparse
import math
import sys

import optuna
from optuna.trial import TrialState

from nnspec.errors import NnspecError
from nnspec.sweep.check import trial_spec
from nnspec.sweep.study import open_study
from nnspec.sweep.sweepfile import Sweep, read_sweep


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)  # the sweep shares the machine's cores among its jobs
    sweep = read_sweep(args.sweep, args.allow_root)
    study = open_study(sweep, args.storage, trial_spec(sweep, {}, args.allow_root))
    trial = optuna.trial.Trial(study, args.trial_id)
    try:
        return _run(sweep, study, trial, args)
    except KeyboardInterrupt:  # before training began; the run left nothing behind
        _end(study, trial, TrialState.FAIL, interrupted=True)
        return 130
    except NnspecError as exc:
        print(exc.render(), file=sys.stderr)
        _end(study, trial, TrialState.FAIL, error=exc.render(), interrupted=exc.exit_code == 130)
        return exc.exit_code


def _run(sweep: Sweep, study: optuna.Study, trial: optuna.Trial, args: argparse.Namespace) -> int:
    from nnspec.train.runner import run_resolved

    spec = trial_spec(sweep, trial.params, args.allow_root)
    pruned: list[int] = []
    summary = run_resolved(
        spec, out=args.out, smoke=args.smoke, on_evaluate=_reporter(sweep, trial, pruned)
    )
    if summary["status"] == "interrupted" and pruned:  # a run that completed is never pruned
        _end(study, trial, TrialState.PRUNED, pruned_at=pruned[0])
        return 0
    if summary["status"] == "interrupted":
        _end(study, trial, TrialState.FAIL, interrupted=True)
        return 130
    value = summary["metrics"].get(sweep.metric)
    if value is None or not math.isfinite(value):
        error = f"the run reported {sweep.metric} = {value}"
        _end(study, trial, TrialState.FAIL, error=error)
        return 1
    study.tell(trial, value)
    return 0


def _reporter(sweep: Sweep, trial: optuna.Trial, pruned: list[int]):
    """The evaluation hook: report the metric; ask to stop once the pruner says so."""

    def on_evaluate(step: int, metrics: dict[str, float]) -> bool:
        value = metrics.get(sweep.metric)
        if value is None or not math.isfinite(value) or pruned:
            return bool(pruned)
        trial.report(value, step)
        if trial.should_prune():
            pruned.append(step)
        return bool(pruned)

    return on_evaluate


def _end(study: optuna.Study, trial: optuna.Trial, state: TrialState, **attrs: object) -> None:
    for key, value in attrs.items():
        trial.set_user_attr(key, value)
    study.tell(trial, state=state, skip_if_finished=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nnspec.sweep.trial")
    parser.add_argument("sweep")
    parser.add_argument("--storage", required=True)
    parser.add_argument("--trial-id", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--allow-root", action="append", default=[])
    return parser


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
