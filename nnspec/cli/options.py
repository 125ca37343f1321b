"""Options shared by several commands (``nnspec.cli.commands`` and ``nnspec.cli.diff``)."""

from __future__ import annotations

import click

allow_root = click.option(
    "--allow-root",
    "allow_roots",
    multiple=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    help="let extends also read specs under DIR (by default: the spec's repository or folder)",
)
