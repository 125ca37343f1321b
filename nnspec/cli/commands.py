"""The command line. The only place that prints and maps errors to exit codes.

Exit codes: 0 success; 1 an invalid spec or a failed run (``diff``: the specs
differ); 2 a usage error; 3 a bug in nnspec itself, reported with a request to
file it; 130 interrupted by SIGINT or SIGTERM (a run in training resumes with --resume;
one stopped during start-up leaves nothing behind).

Commands: validate, show, run, diff, schema, list, and upgrade (rewrites
version-1 specs for version 2). ``diff`` and ``upgrade`` live in their own
modules (``nnspec.cli.diff``, ``nnspec.cli.upgrade``, ...), registered at the end of this one.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from nnspec import __version__
from nnspec.cli.options import allow_root
from nnspec.cli.render import console, flatten, network_table, validation_report
from nnspec.errors import NnspecError, SpecError, internal_error
from nnspec.extras import need_train

INTERNAL_ERROR = 3
INTERRUPTED = 130  # as a shell reports a process stopped by SIGINT
LIST_CATEGORIES = (
    "layers",
    "losses",
    "optimizers",
    "datasets",
    "metrics",
    "phases",
    "transforms",
    "networks",
    "lr_schedules",
    "inits",
    "noises",
)


def reported(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Render nnspec errors in one place, with their own exit codes; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NnspecError as exc:
            console(stderr=True).print(exc.render(), markup=False)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:  # outside a run's own handlers (click would say "Aborted!", 1)
            console(stderr=True).print("interrupted", markup=False)
            sys.exit(INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception:
            console(stderr=True).print(internal_error(traceback.format_exc()), markup=False)
            sys.exit(INTERNAL_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nnspec")
def main() -> None:
    """nnspec: declarative neural-network experiments, validated before they run."""


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help="text for people, json for tools, github for workflow annotations",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    help="override a value before validating",
)
@allow_root
@reported
def validate(
    specs: tuple[str, ...], fmt: str, overrides: tuple[str, ...], allow_roots: tuple[str, ...]
) -> None:
    """Check specs statically (never imports torch): exit 0 valid, 1 invalid."""
    from nnspec.spec.pipeline import resolve

    results: dict[str, list[SpecError]] = {}
    for spec in specs:
        try:
            resolve(spec, overrides, allow_roots)
            results[spec] = []
        except (SpecError, NnspecError) as exc:
            if not flatten(exc):
                raise
            results[spec] = flatten(exc)
    report = validation_report(results, fmt)
    if report:
        console().print(report, markup=False)
    sys.exit(1 if any(results.values()) else 0)


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False))
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE")
@click.option("--resolved", is_flag=True, help="print the fully resolved spec as YAML instead")
@allow_root
@reported
def show(
    spec: str, overrides: tuple[str, ...], resolved: bool, allow_roots: tuple[str, ...]
) -> None:
    """Show each network's layers, output shapes and parameter counts (without torch)."""
    from nnspec.spec.dump import dump_yaml
    from nnspec.spec.pipeline import resolve

    result = resolve(spec, overrides, allow_roots)
    out = console()
    if resolved:
        out.print(dump_yaml(result.plain()), markup=False, end="")
        return
    for shape in result.shapes.values():
        out.print(network_table(shape))


@main.command()
@reported
def schema() -> None:
    """Print the JSON Schema of the spec language."""
    from nnspec.spec.schema import build_schema

    click.echo(json.dumps(build_schema(), indent=2, ensure_ascii=False))


@main.command(name="list")
@click.argument("category", required=False, type=click.Choice(LIST_CATEGORIES))
@reported
def list_kinds(category: str | None) -> None:
    """List the registered kinds, with their one-line docs."""
    from nnspec.cli.render_list import kinds_table

    out = console()
    for name in [category] if category else LIST_CATEGORIES[:6]:
        out.print(kinds_table(name))


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # An empty --out would silently become runs/NAME.
    if value == "":
        raise click.BadParameter("must name a directory, not be empty")
    return value


class _OverwriteMode(click.Choice):
    """move|delete, with a hint when ``--overwrite`` swallowed the next argument."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(
            f"{value!r} is not move or delete (write --overwrite after the spec, or "
            "--overwrite=move)",
            param,
            ctx,
        )


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    callback=_not_empty,
    help="run directory (default runs/NAME)",
)
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default=None)
@click.option(
    "--resume",
    type=click.Path(file_okay=False),
    callback=_not_empty,
    help="continue the run in this dir",
)
@click.option("--smoke", is_flag=True, help="a few steps of every phase, to check a spec quickly")
@click.option(
    "--no-plots",
    is_flag=True,
    help="draw no pictures in artifacts/ (as the spec's outputs.plots: false)",
)
@click.option(
    "--overwrite",
    is_flag=False,
    flag_value="move",
    default=None,
    type=_OverwriteMode(["move", "delete"]),
    help="replace an existing nnspec run directory: move it aside to DIR.old-N (the default), "
    "or --overwrite=delete; a directory nnspec did not create is never changed",
)
@allow_root
@reported
def run(
    spec: str,
    out: str | None,
    overrides: tuple[str, ...],
    device: str | None,
    resume: str | None,
    smoke: bool,
    no_plots: bool,
    overwrite: str | None,
    allow_roots: tuple[str, ...],
) -> None:
    """Validate a spec, compile it to PyTorch and train it."""
    from nnspec.spec.pipeline import resolve

    overrides = (*overrides, "outputs.plots=false") if no_plots else overrides
    resolved = resolve(spec, overrides, allow_roots)
    need_train()
    from nnspec.train.runner import run_resolved  # torch is imported only from here on

    summary = run_resolved(
        resolved, out=out, device=device, resume=resume, smoke=smoke, overwrite=overwrite
    )
    if summary["status"] == "interrupted":
        # The same options again, so that the resumed spec resolves to the same one.
        again = [*(("--set", o) for o in overrides), *(("--allow-root", r) for r in allow_roots)]
        again += [("--device", device)] if device else []
        again += [("--smoke",)] if smoke else []
        message = interrupted_message(summary["stopped"], spec, [w for o in again for w in o])
        console(stderr=True).print(message, markup=False)
    sys.exit({"completed": 0, "interrupted": INTERRUPTED}.get(summary["status"], 1))


def interrupted_message(stopped: dict, spec: str, options: list[str]) -> str:
    """Where an interrupted run stopped, and the command (quoted for a shell) that resumes it."""
    run_dir = Path(stopped["checkpoint"]).parent.parent
    words = ["nnspec", "run", spec, "--resume", str(run_dir), *options]
    return (
        f"interrupted at step {stopped['step']} of phase '{stopped['phase']}' "
        f"(epoch {stopped['epoch']}); the checkpoint {stopped['checkpoint']} holds it. "
        f"Resume with: {shlex.join(words)}"
    )


def entry() -> None:
    """The ``nnspec`` program: ``main``, exiting 130 for certain after an interrupt.

    CPython remembers a KeyboardInterrupt that passed through code that a C
    extension ran (torch's start-up does) and then ends the process by SIGINT,
    even though nnspec caught it and cleaned up; ``os._exit`` keeps the 130.
    """
    try:
        main()
    except SystemExit as exc:
        if exc.code != INTERRUPTED:
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(INTERRUPTED)


def _register_diff() -> None:
    # ``nnspec diff`` lives in its own module; importing it stays torch-free.
    from nnspec.cli.diff import diff

    main.add_command(diff)


_register_diff()


def _register_upgrade() -> None:
    # ``nnspec upgrade`` lives in its own module too; it never imports torch.
    from nnspec.cli.upgrade import upgrade

    main.add_command(upgrade)


_register_upgrade()


def _register_sweep() -> None:
    # ``nnspec sweep`` lives in its own module; Optuna and torch are imported only to run one.
    from nnspec.cli.sweep import sweep

    main.add_command(sweep)


_register_sweep()


def _register_use() -> None:
    # ``nnspec evaluate``, ``predict`` and ``export`` live in their own module.
    from nnspec.cli.use import evaluate, export, predict

    for command in (evaluate, predict, export):
        main.add_command(command)


_register_use()
