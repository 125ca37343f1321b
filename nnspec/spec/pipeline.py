"""From a spec file to a valid, fully resolved spec, or every located error.

load (safe, located) → extends merged → ``--set`` applied → vars substituted →
normalised (strict keys, defaults) → checked (references, data files, phases,
shapes) on every part of the spec that is sound, so one pass reports every mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from nnspec.errors import DEFAULT_LOCATION, SpecErrors
from nnspec.spec.check.conditional import expand_conditional
from nnspec.spec.check.core import check
from nnspec.spec.check.section_shapes import data_shape
from nnspec.spec.check.shapes import NetworkShape
from nnspec.spec.grammar import safe_name
from nnspec.spec.load.extends import load_with_extends
from nnspec.spec.load.interpolate import interpolate
from nnspec.spec.load.overrides import apply_overrides
from nnspec.spec.located import LocDict, plain
from nnspec.spec.normalize import normalize
from nnspec.spec.typed import Spec


@dataclass
class ResolvedSpec:
    """A valid spec: the normalised tree (with locations), its file and static shapes."""

    path: Path
    tree: LocDict
    shapes: dict[str, NetworkShape] = field(default_factory=dict)

    def plain(self) -> dict:
        """The resolved spec as plain data (what ``spec.yaml`` of a run holds)."""
        return plain(self.tree)

    @cached_property
    def typed(self) -> Spec:
        """The resolved spec as typed sections, for the code that runs it."""
        return Spec.of(self.plain())


def resolve(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    allow_roots: Iterable[str | Path] = (),
    data_dir: str | Path | None = None,
) -> ResolvedSpec:
    """Resolve and check a spec file; raises ``SpecErrors`` listing every mistake.

    ``extends`` reads specs under the spec's repository (or folder) and ``allow_roots``.
    Data files are found relative to ``data_dir``, by default the spec's folder (a run
    directory's spec.yaml names them relative to the folder of the spec that was run).
    """
    path = Path(path)
    base = Path(data_dir) if data_dir is not None else path.parent
    raw = load_with_extends(path, allow_roots)
    raw = apply_overrides(raw, list(overrides))
    raw = interpolate(raw)
    tree, refs, errors = normalize(raw)
    tree.pop("extends", None)  # merged already; a resolved spec stands alone
    if tree.get("name", "") is None:
        tree.put("name", safe_name(path.stem), DEFAULT_LOCATION, DEFAULT_LOCATION)
    shapes, errors = check(tree, refs, errors, base)
    if not errors and expand_conditional(tree, data_shape(tree)[0]):
        shapes, errors = check(tree, refs, [], base)  # the graph form, checked again
    if errors:
        raise SpecErrors(errors)
    return ResolvedSpec(path, tree, shapes)
