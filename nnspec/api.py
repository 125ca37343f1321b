"""The Python API: ``load``, ``compile`` and ``run``.

``load`` is torch-free; ``compile`` and ``run`` import torch when called.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from nnspec.errors import UsageError
from nnspec.spec.pipeline import ResolvedSpec, resolve

if TYPE_CHECKING:
    from torch import nn


def load(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    allow_roots: Iterable[str | Path] = (),
) -> ResolvedSpec:
    """Load, resolve and check a spec file; raises ``SpecErrors`` on any mistake.

    ``extends`` reads specs under the spec's repository (or, outside one, its
    folder) and under the folders in ``allow_roots``.
    """
    return resolve(path, overrides, allow_roots)


def compile(spec: ResolvedSpec) -> dict[str, nn.Module]:
    """The spec's networks as plain, freshly initialised PyTorch modules."""
    from nnspec.compiler import compile_networks
    from nnspec.plugins import load_builders

    load_builders()
    shapes = {name: shape.input for name, shape in spec.shapes.items()}
    return compile_networks(spec.typed.networks, shapes)


def run(
    spec: ResolvedSpec,
    out: str | Path | None = None,
    device: str | None = None,
    resume: str | Path | None = None,
    smoke: bool = False,
    overwrite: bool | str = False,
) -> dict:
    """Train the spec; returns the summary that is also written to ``summary.json``.

    ``overwrite``: False refuses an existing run directory; True or "move" moves it
    aside to ``DIR.old-N``; "delete" deletes it. A directory that nnspec did not
    create (it has no ``.nnspec-run`` marker) is never changed.
    """
    from nnspec.train.runner import run_resolved

    if out == "" or resume == "":
        raise UsageError("out and resume must name a directory, not be empty")

    return run_resolved(
        spec,
        out=None if out is None else str(out),
        device=device,
        resume=None if resume is None else str(resume),
        smoke=smoke,
        overwrite=overwrite,
    )
