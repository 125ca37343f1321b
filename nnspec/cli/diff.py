"""``nnspec diff``: compare two specs, runs or revisions after resolution.

Exit 0 when the sides are identical after resolution (under ``--only``), 1
when they differ, 2 on an error (an invalid side, a missing file, bad git
revision). As git's external diff driver it always exits 0 once it has
printed something, since git stops at the first driver that fails.
"""

from __future__ import annotations

import difflib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nnspec.cli.options import allow_root
from nnspec.errors import NnspecError

if TYPE_CHECKING:
    from nnspec.diff.sides import Side

FORMATS = ("text", "markdown", "json")
DRIVER_ARGS = 7  # path old-file old-hex old-mode new-file new-hex new-mode


def reported(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``nnspec.cli.commands.reported``, looked up at call time.

    ``nnspec.cli.commands`` imports this module to register the command, so importing
    it back at import time would make the two modules' import order matter.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from nnspec.cli.commands import reported as cli_reported

        return cli_reported(fn)(*args, **kwargs)

    return wrapper


@click.command()
@click.argument("sides", nargs=-1, metavar="A B")
@click.option(
    "--format",
    "form",
    type=click.Choice(FORMATS),
    default="text",
    help="text for people, markdown for a pull-request comment, json for tools",
)
@click.option("--only", metavar="PATH", help="only changes under this spec path, e.g. optimizers")
@click.option(
    "--git-driver",
    is_flag=True,
    help="act as git's external diff driver: take git's 7 arguments (see docs/diff.md)",
)
@allow_root
@reported
def diff(
    sides: tuple[str, ...],
    form: str,
    only: str | None,
    git_driver: bool,
    allow_roots: tuple[str, ...],
) -> None:
    """Compare A and B after resolution: exit 0 identical, 1 different, 2 on error.

    A and B are spec files, run directories (their spec.yaml and summary.json)
    or REV:PATH, a spec at a git revision (HEAD~1:specs/gan.yaml).
    """
    from nnspec.diff.sides import open_side

    if git_driver:
        _driver(sides, form, only)
        return
    if len(sides) != 2:
        raise click.UsageError(f"diff compares two sides, A and B; got {len(sides)}")
    from nnspec.diff.children import children

    a, b = open_side(sides[0], allow_roots), open_side(sides[1], allow_roots)
    sys.exit(_show(a, b, form, only, lambda: children(sides[0], sides[1], only)))


def _show(a: Side, b: Side, form: str, only: str | None, kids: Callable[[], list] = list) -> int:
    """Render the diff of two opened sides; the exit code: 0 identical, 1 different.

    ``kids`` finds the specs that extend the compared one; a broken child is
    reported, and leaves the exit code to A and B.
    """
    from nnspec.cli.render_diff import render
    from nnspec.diff.core import diff_specs
    from nnspec.diff.runs import compare_runs

    result = diff_specs(a.spec, b.spec, only, (a.label, b.label))
    result.children = kids()
    runs = compare_runs(a.run, b.run) if a.run and b.run else None
    render(result, runs, form)
    return 0 if result.identical else 1


def _driver(args: tuple[str, ...], form: str, only: str | None) -> None:
    """Git's external diff: ``path old-file old-hex old-mode new-file new-hex new-mode``."""
    from nnspec.diff.sides import driver_side

    if len(args) != DRIVER_ARGS:
        raise click.UsageError(f"--git-driver takes git's {DRIVER_ARGS} arguments; got {len(args)}")
    path, old_file, new_file = args[0], args[1], args[4]
    click.echo(f"nnspec diff a/{path} b/{path}")
    if "/dev/null" in (old_file, new_file):
        click.echo("new spec" if old_file == "/dev/null" else "deleted spec")
        _plain(path, old_file, new_file)
        return
    try:
        a, b = driver_side(path, old_file, "a/"), driver_side(path, new_file, "b/")
    except NnspecError as exc:
        click.echo(f"cannot resolve a side; its text diff follows\n{exc.render()}")
        _plain(path, old_file, new_file)
        return
    _show(a, b, form, only)


def _plain(path: str, old_file: str, new_file: str) -> None:
    """A unified text diff, for a side that is missing or not a valid spec."""
    old, new = (Path(f).read_text(errors="replace").splitlines(True) for f in (old_file, new_file))
    click.echo("".join(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")), nl=False)
