"""``nnspec sweep``: hyperparameter search over a spec, on Optuna.

Exit 0 when the study holds a completed trial, 1 for an invalid sweep or when no
trial completed, 2 on a usage error (Optuna or torch not installed), 130 when
interrupted (rerun the same command to continue the study). ``--check`` checks
the sweep statically and needs neither torch nor Optuna.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click

from nnspec.cli.diff import reported
from nnspec.cli.options import allow_root
from nnspec.cli.render import console
from nnspec.errors import UsageError

NEEDS = {"optuna": "sweep", "torch": "train"}  # module: the extra that installs it


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "":
        raise click.BadParameter("must not be empty")
    return value


@click.command()
@click.argument("sweep_file", metavar="SWEEP", type=click.Path(dir_okay=False))
@click.option("--jobs", type=click.IntRange(1, 256), help="trials at once on this machine")
@click.option("--trials", type=click.IntRange(1), help="the study's total (default: the file's)")
@click.option("--storage", callback=_not_empty, metavar="URL",
              help="Optuna RDB storage (default sqlite:///OUT/optuna.db)")  # fmt: skip
@click.option("--out", type=click.Path(file_okay=False), callback=_not_empty,
              help="sweep directory (default runs/sweep-NAME)")  # fmt: skip
@click.option("--smoke", is_flag=True, help="each trial a --smoke run")
@click.option("--check", is_flag=True, help="check the sweep statically, then stop")
@allow_root
@reported
def sweep(
    sweep_file: str,
    jobs: int | None,
    trials: int | None,
    storage: str | None,
    out: str | None,
    smoke: bool,
    check: bool,
    allow_roots: tuple[str, ...],
) -> None:
    """Search a spec's hyperparameters on Optuna: one run directory per trial."""
    from nnspec.sweep.check import check_sweep
    from nnspec.sweep.sweepfile import read_sweep

    if not check:
        _require_installed()
    found = read_sweep(sweep_file, allow_roots)
    base = check_sweep(found, allow_roots)
    if check:
        console().print(f"{sweep_file}: a valid sweep of {len(found.space)} paths of "
                        f"{base.path.name}", markup=False)  # fmt: skip
        return
    from nnspec.sweep.run import run_sweep

    options = {"jobs": jobs, "trials": trials, "storage": storage, "smoke": smoke,
               "roots": tuple(str(Path(r).resolve()) for r in allow_roots)}  # fmt: skip
    sys.exit(run_sweep(found, base, Path(out or f"runs/sweep-{found.name}"), options))


def _require_installed() -> None:
    for module, extra in NEEDS.items():
        if importlib.util.find_spec(module) is None:
            raise UsageError(f"nnspec sweep needs {module}: pip install 'nnspec[{extra}]'")
