"""From a spec file to a valid, fully resolved spec, or every located error.

load (safe, located) → extends merged → ``--set`` applied → vars substituted →
normalised (strict keys, defaults) → checked (references, phases, shapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nnspec.errors import DEFAULT_LOCATION, SpecError, SpecErrors
from nnspec.registry import REGISTRY
from nnspec.spec.check import check
from nnspec.spec.extends import load_with_extends
from nnspec.spec.grammar import safe_name
from nnspec.spec.interpolate import interpolate
from nnspec.spec.located import LocDict, plain
from nnspec.spec.normalize import Reference, normalize
from nnspec.spec.overrides import apply_overrides
from nnspec.spec.references import SECTION_OF, check_reference
from nnspec.spec.shapes import NetworkShape


@dataclass
class ResolvedSpec:
    """A valid spec: the normalised tree (with locations), its file and static shapes."""

    path: Path
    tree: LocDict
    shapes: dict[str, NetworkShape] = field(default_factory=dict)

    def plain(self) -> dict:
        """The resolved spec as plain data (what ``spec.yaml`` of a run holds)."""
        return plain(self.tree)


def resolve(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    allow_roots: Iterable[str | Path] = (),
) -> ResolvedSpec:
    """Resolve and check a spec file; raises ``SpecErrors`` listing every mistake.

    ``extends`` reads specs under the spec's repository (or folder) and ``allow_roots``.
    """
    path = Path(path)
    raw = load_with_extends(path, allow_roots)
    raw = apply_overrides(raw, list(overrides))
    raw = interpolate(raw)
    tree, refs, errors = normalize(raw)
    if errors:
        raise SpecErrors(errors + reference_errors(tree, refs, errors))
    tree.pop("extends", None)  # merged already; a resolved spec stands alone
    if tree["name"] is None:
        tree.put("name", safe_name(path.stem), DEFAULT_LOCATION, DEFAULT_LOCATION)
    shapes, errors = check(tree, refs)
    if errors:
        raise SpecErrors(errors)
    return ResolvedSpec(path, tree, shapes)


def reference_errors(
    tree: LocDict, refs: list[Reference], errors: list[SpecError]
) -> list[SpecError]:
    """Unknown names, found beside mistakes of form, so one pass reports both.

    Names are looked up only in a section the mistakes leave whole: none at the
    top level (a misspelt section) and none inside it; loss terms only when
    every loss has a known type. The static checks wait until the form is right.
    """
    out = []
    for ref in refs:
        section = "losses" if ref.target == "term" else SECTION_OF[ref.target]
        if _whole(section, errors) and (ref.target != "term" or _terms_known(tree)):
            error = check_reference(tree, ref)
            out += [error] if error is not None else []
    return out


def _whole(section: str, errors: list[SpecError]) -> bool:
    under = (section + ".", section + "[")
    return not any(e.path in ("<top>", section) or e.path.startswith(under) for e in errors)


def _terms_known(tree: LocDict) -> bool:
    return all(
        isinstance(loss, dict)
        and isinstance(loss.get("type"), str)
        and REGISTRY.get("loss", loss["type"]) is not None
        for loss in tree["losses"].values()
    )
