"""``nnspec run``: prepare, run every phase, evaluate, checkpoint, summarise.

The run directory is never half-written: a failure or interruption still ends
with summary.json (status ``failed`` or ``interrupted``) and keeps the last
good checkpoint.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from nnspec.errors import NnspecError, RunError
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.train import distributed
from nnspec.train import metric_impls as _impls  # noqa: F401  (registers metrics)
from nnspec.train.loop import NonFinite
from nnspec.train.prepare import pick_device, prepare
from nnspec.train.progress import Progress
from nnspec.train.resume import resume as resume_run
from nnspec.train.rundir import RunDir
from nnspec.train.schedule_runner import Interrupted, ScheduleRunner


def run_resolved(
    resolved: ResolvedSpec,
    out: str | None = None,
    device: str | None = None,
    resume: str | None = None,
    smoke: bool = False,
    overwrite: bool = False,
) -> dict:
    """Run a valid spec and return its summary (also written to summary.json)."""
    spec = resolved.plain()
    world = distributed.detect()
    chosen = pick_device(device or spec["run"]["device"])
    distributed.start(world, chosen)
    path = Path(resume or out or Path("runs") / spec["name"])
    rundir = (
        RunDir(path, world.is_writer) if resume else RunDir.create(path, overwrite, world.is_writer)
    )
    session, plans = prepare(resolved, chosen, smoke, world)
    start = {"phase": 0, "index": 0, "step": 0}
    position = resume_run(path, resolved, session, plans, world) if resume else start
    rundir.write_spec(spec)
    runner = ScheduleRunner(session, plans, rundir, spec, Progress(plans, world.is_writer))
    try:
        return _execute(runner, rundir, position)
    finally:
        distributed.stop(world)


def _execute(runner: ScheduleRunner, rundir: RunDir, position: dict) -> dict:
    started = time.perf_counter()
    previous = {s: signal.signal(s, runner.request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        metrics = runner.run(position)
        status, error = "completed", None
    except Interrupted:
        metrics, status, error = runner.last_metrics, "interrupted", None
    except NonFinite as exc:
        metrics, status = runner.last_metrics, "failed"
        error = (
            f"loss term '{exc.label}' became NaN or infinite at step {exc.step} of phase "
            f"'{runner.current_phase}'; the last good checkpoint is kept"
        )
    except NnspecError as exc:
        metrics, status, error = runner.last_metrics, "failed", exc.render()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        runner.progress.close()
    seconds = time.perf_counter() - started
    summary = rundir.write_summary(status, metrics, seconds, runner.step, error)
    if status == "failed":
        raise RunError(error)
    return summary
