"""``nnspec run``: prepare, run every phase, evaluate, checkpoint, summarise.

The run directory is never half-written: a failure or interruption in training
still ends with summary.json (status ``failed`` or ``interrupted``) and keeps the
last good checkpoint; one during start-up removes the directory it created.
"""

from __future__ import annotations

import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nnspec.errors import InterruptedRun, NnspecError, RunError, internal_error
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.train import distributed
from nnspec.train import metric_impls as _impls  # noqa: F401  (registers metrics)
from nnspec.train.checkpoint import checkpoint_step
from nnspec.train.loop import NonFinite, Overflowed
from nnspec.train.plan import counts
from nnspec.train.prepare import pick_device, prepare
from nnspec.train.progress import Progress
from nnspec.train.resume import resume as resume_run
from nnspec.train.rundir import RunDir
from nnspec.train.schedule_runner import Interrupted, ScheduleRunner
from nnspec.use.state import write_run_state


def run_resolved(
    resolved: ResolvedSpec,
    out: str | None = None,
    device: str | None = None,
    resume: str | None = None,
    smoke: bool = False,
    overwrite: bool | str = False,
    on_evaluate: Callable[[int, dict[str, float]], bool] | None = None,
) -> dict:
    """Run a valid spec and return its summary (also written to summary.json).

    ``on_evaluate(step, metrics)`` is called after each evaluation; when it returns
    True the run stops as an interrupted one does (``nnspec sweep`` prunes this way).

    A failure or interrupt during start-up leaves nothing behind: a run directory
    that this call claimed and that holds no results yet is removed again (a
    directory being resumed is never touched), so the same command can be rerun.
    """
    started = StartUp()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return _run(resolved, out, device, resume, smoke, overwrite, started, on_evaluate)
    except KeyboardInterrupt:
        if not started.undo() and started.done:
            raise  # after training began: the run directory holds what it wrote
        raise InterruptedRun(_startup_interrupted(resume)) from None
    except BaseException:
        started.undo()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class StartUp:
    """What start-up has done so far, so that a failure or interrupt can undo it."""

    claimed: RunDir | None = None  # a fresh run directory this call made or marked
    done: bool = False  # training has begun: its own handlers stop it and write summary.json

    def undo(self) -> bool:
        """Remove the claimed run directory if it holds no results; True if it did."""
        return self.claimed is not None and self.claimed.release()


def _startup_interrupted(resume: str | None) -> str:
    if resume:
        return f"interrupted before training resumed; {resume} is unchanged: --resume it again"
    return "interrupted before training began; nothing was written: run the same command again"


def _run(
    resolved: ResolvedSpec,
    out: str | None,
    device: str | None,
    resume: str | None,
    smoke: bool,
    overwrite: bool | str,
    started: StartUp,
    on_evaluate: Callable[[int, dict[str, float]], bool] | None = None,
) -> dict:
    spec = resolved.typed
    world = distributed.detect()
    chosen = pick_device(device or spec.run.device)
    distributed.start(world, chosen)
    path = Path(resume or out or Path("runs") / spec.name)
    if resume:
        rundir = RunDir.existing(path, world.is_writer)
    else:
        rundir = started.claimed = RunDir(path, world.is_writer)  # known before it exists
        rundir.claim(overwrite)
    session, plans = prepare(resolved, chosen, smoke, world)
    start = {"phase": 0, "index": 0, "step": 0}
    position = resume_run(path, resolved, session, plans, world) if resume else start
    rundir.keep_records_until(position["step"])
    rundir.write_spec(spec.plain())
    write_run_state(rundir, session.rt)  # for nnspec evaluate, predict and export
    runner = ScheduleRunner(session, plans, rundir, spec, Progress(plans, world.is_writer))
    runner.on_evaluate = on_evaluate
    started.done = True
    try:
        return _execute(runner, rundir, position)
    finally:
        distributed.stop(world)


def _execute(runner: ScheduleRunner, rundir: RunDir, position: dict) -> dict:
    started = time.perf_counter()
    previous = {s: signal.signal(s, runner.request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    bug: Exception | None = None
    try:
        metrics = runner.run(position)
        status, error = "completed", None
    except Interrupted:
        metrics, status, error = runner.last_metrics, "interrupted", None
    except Exception as exc:  # every failure, a bug in nnspec too, still ends in summary.json
        metrics, status, error = runner.last_metrics, "failed", _failure(exc, runner, rundir)
        bug = None if isinstance(exc, EXPECTED) else exc
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        runner.progress.close()
    seconds = time.perf_counter() - started
    stopped = {**runner.stopped, "checkpoint": str(rundir.checkpoints / "last.pt")}
    extra = counts(runner.plans, runner.step)
    if runner.early is not None:
        extra["early_stopping"] = runner.patience.summary(runner.early, runner.restored)
    if status == "interrupted":
        extra["stopped"] = stopped
    summary = _summarise(rundir, status, metrics, seconds, runner.step, error, extra)
    if bug is not None:
        raise bug  # the CLI reports it as an internal error with its trace (exit 3)
    if status == "failed":
        raise RunError(error)
    return summary


# Failures a user can act on; anything else that escapes training is a bug in nnspec.
EXPECTED = (NonFinite, Overflowed, OSError, NnspecError)


def _failure(exc: Exception, runner: ScheduleRunner, rundir: RunDir) -> str:
    """summary.json's error for a failure in training, naming the checkpoint that is kept."""
    if isinstance(exc, NonFinite):
        return (
            f"loss term '{exc.label}' became NaN or infinite at step {exc.step} of phase "
            f"'{runner.current_phase}'; {kept_checkpoint(rundir)}"
        )
    if isinstance(exc, Overflowed):
        rate = f" (lr {exc.lr:g})" if isinstance(exc.lr, float) else ""
        return (
            f"optimizer '{exc.optimizer}' could not update at step {runner.step + 1} of phase "
            f"'{runner.current_phase}': the step overflows the parameters' float type; "
            f"lower its learning rate{rate}; {kept_checkpoint(rundir)}"
        )
    if isinstance(exc, OSError):  # a full disk or a vanished directory while writing the run
        return f"cannot write to the run directory: {exc}; {kept_checkpoint(rundir)}"
    if isinstance(exc, NnspecError):
        return exc.render()
    where = f"after step {runner.step} of phase '{runner.current_phase}'"
    return internal_error(traceback.format_exc(), where, kept_checkpoint(rundir))


def _summarise(
    rundir: RunDir,
    status: str,
    metrics: dict,
    seconds: float,
    steps: int,
    error: str | None,
    extra: dict,
) -> dict:
    """Write summary.json; where even that fails (a full disk), say so in the error.

    ``extra``: each optimizer's ``updates`` and each alternate phase's ``cycles``; an
    interrupted run's summary also says where it stopped (``stopped``: step, phase,
    epoch, checkpoint), from which the CLI words how to resume it.
    """
    try:
        return rundir.write_summary(status, metrics, seconds, steps, error, extra)
    except OSError as exc:
        ended = error or f"the run {status}"
        raise RunError(f"{ended}; summary.json could not be written either: {exc}") from None


def kept_checkpoint(rundir: RunDir) -> str:
    """Which checkpoint a failed run leaves, named with its step, or that there is none."""
    last = rundir.checkpoints / "last.pt"
    step = checkpoint_step(last)
    if step is None:
        return "no checkpoint was written before it"
    return f"the last good checkpoint, {last} (step {step}), is kept"
