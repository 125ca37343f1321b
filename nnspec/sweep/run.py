"""``nnspec sweep``: the sweep directory, the study, its trials, the results.

DIR holds ``.nnspec-sweep`` (the marker that makes it a sweep directory),
``optuna.db`` (unless ``--storage`` names another storage), one run directory per
trial (``trial-0007/``) and each trial's output in ``logs/``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from nnspec import __version__
from nnspec.cli.render import console
from nnspec.errors import InterruptedRun, RunError
from nnspec.spec.load.parents import shown
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.sweep.pool import Pool
from nnspec.sweep.study import open_study
from nnspec.sweep.sweepfile import Sweep
from nnspec.sweep.table import best_trial, results_table, short

MARKER = ".nnspec-sweep"


def run_sweep(
    sweep: Sweep,
    base: ResolvedSpec,
    out: Path,
    options: dict,
) -> int:
    """Run the study's remaining trials; print the table; return the exit code."""
    claim(out)
    url = options["storage"] or f"sqlite:///{(out / 'optuna.db').resolve()}"
    study = open_study(sweep, url, base)
    jobs = options["jobs"] or sweep.section["jobs"]
    pool = Pool(sweep, study, out, url, options["trials"] or sweep.section["trials"],
                options["smoke"], options["roots"], torch_threads(jobs))  # fmt: skip
    started = time.perf_counter()
    try:
        pool.run(jobs)
    except KeyboardInterrupt:
        console().print(results_table(study, sweep))
        raise InterruptedRun(
            f"the sweep was interrupted; {out} keeps every finished trial: run the same "
            "command to continue the study"
        ) from None
    console().print(results_table(study, sweep))
    return _report_best(study, sweep, base, out, time.perf_counter() - started)


def torch_threads(jobs: int) -> int:
    """Threads per trial: OMP_NUM_THREADS if set, else the cores shared among the jobs."""
    given = os.environ.get("OMP_NUM_THREADS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cores or 1) // jobs)


def claim(out: Path) -> None:
    """Make ``out`` a sweep directory, or continue one; never write into anything else."""
    if out.exists() and not out.is_dir():
        raise RunError(f"cannot use {out} as the sweep directory: it is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RunError(
            f"{out} is not an nnspec sweep directory (it has no {MARKER}) and is not empty; "
            "nothing in it was changed: give another --out"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / MARKER).is_file():
            stamp = {"nnspec_version": __version__, "created": time.time()}
            (out / MARKER).write_text(json.dumps(stamp) + "\n")
    except OSError as exc:
        raise RunError(f"cannot create the sweep directory {out}: {exc}") from None


def _report_best(study, sweep: Sweep, base: ResolvedSpec, out: Path, seconds: float) -> int:
    best = best_trial(study)
    say = console()
    say.print(f"{len(study.trials)} trials in the study; this command ran for {seconds:.1f} s",
              markup=False)  # fmt: skip
    if best is None:
        raise RunError(f"no trial completed; each trial's output is in {out / 'logs'}")
    best_dir = out / f"trial-{best.number:04d}"
    say.print(f"best: trial {best.number:04d}, {sweep.metric} {short(best.value)}", markup=False)
    say.print(
        f"compare it with the base spec: nnspec diff {shown(base.path)} {best_dir}", markup=False
    )
    return 0
