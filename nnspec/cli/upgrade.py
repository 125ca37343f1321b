"""``nnspec upgrade``: rewrite version-1 specs for version 2 (never imports torch).

Exit 0 when every spec is upgraded or already version 2, 1 when a spec cannot
be upgraded (a located error; the other specs are still upgraded), 2 on a usage
error (a missing file; several specs without ``--in-place``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from nnspec.cli.diff import reported
from nnspec.errors import NnspecError, UsageError


@click.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--in-place", is_flag=True, help="rewrite the files instead of printing the text")
@reported
def upgrade(specs: tuple[str, ...], in_place: bool) -> None:
    """Rewrite version-1 specs for version 2, keeping comments and layout.

    Without --in-place the upgraded text of the one SPEC is printed.
    """
    from nnspec.cli.render import console

    if len(specs) > 1 and not in_place:
        raise UsageError(
            f"upgrade prints one spec; give --in-place to rewrite {len(specs)} specs in place"
        )
    code = 0
    for spec in specs:
        try:
            _upgrade(Path(spec), in_place)
        except NnspecError as exc:
            console(stderr=True).print(exc.render(), markup=False)
            code = max(code, exc.exit_code)
    sys.exit(code)


def _upgrade(path: Path, in_place: bool) -> None:
    from nnspec.spec.load.upgrade import upgrade_file
    from nnspec.spec.load.version import CURRENT_VERSION

    text, changed = upgrade_file(path)
    if not in_place:
        click.echo(text, nl=False)
    elif changed:
        _replace(path, text)
    done = "upgraded to" if changed else "already"
    click.echo(f"{path}: {done} version {CURRENT_VERSION}", err=True)


def _replace(path: Path, text: str) -> None:
    """Write through a temporary file, so an interrupted write never leaves half a spec."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
