"""Reading a sweep file: its keys in form, its base spec's file, its search space."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnspec.errors import Location, SpecError, SpecErrors
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import show
from nnspec.spec.grammar import SECTIONS, safe_name
from nnspec.spec.load.parents import allowed_roots, parent_file, shown
from nnspec.spec.load.version import upgrade
from nnspec.spec.load.yaml_file import load_file
from nnspec.spec.located import LocDict
from nnspec.spec.normalize import Normalizer
from nnspec.sweep.grammar import FILE, MEDIAN
from nnspec.sweep.space import Space, parse_space

SPEC_ONLY = tuple(p.name for p in SECTIONS if p.name not in {f.name for f in FILE})


@dataclass(frozen=True)
class Sweep:
    """A sweep file, read and checked in form."""

    file: Path
    name: str
    base: Path  # the spec searched over
    section: LocDict  # ``sweep``, normalised, with locations
    space: tuple[Space, ...]
    pruner: dict | None  # the median pruner's settings, or None

    @property
    def metric(self) -> str:
        return self.section["metric"]

    @property
    def maximize(self) -> bool:
        return self.section["direction"] == "maximize"


def read_sweep(path: str | Path, allow_roots: Iterable[str | Path] = ()) -> Sweep:
    """Load a sweep file; raises ``SpecErrors`` listing every mistake in its form."""
    path = Path(path)
    raw = upgrade(load_file(path))
    n = Normalizer(errors=_spec_sections(raw))
    tree = n.fields(FILE, _without(raw, SPEC_ONLY), "", raw.loc)
    section = tree["sweep"]
    params = section.get("params") if isinstance(section, dict) else None
    space = parse_space(n, params, section.where("params")) if params is not None else []
    pruner = _pruner(n, section.get("pruner"), section.where("pruner")) if params else None
    if n.errors:
        raise SpecErrors(n.errors)
    base = parent_file(tree["extends"], path.resolve(), tree.where("extends"),
                       allowed_roots(path, allow_roots))  # fmt: skip
    name = tree["name"] or safe_name(path.stem)
    return Sweep(shown(path.resolve()), name, base, section, tuple(space), pruner)


def _without(raw: LocDict, keys: tuple[str, ...]) -> LocDict:
    out = LocDict(loc=raw.loc)
    for key, value in raw.items():
        if key not in keys:
            out.put(key, value, raw.where_key(key), raw.where(key))
    return out


def _spec_sections(raw: LocDict) -> list[SpecError]:
    return [
        SpecError(
            f"a sweep file holds no spec section; '{key}' belongs in a spec",
            "<top>",
            raw.where_key(key),
            expected="nnspec, name, extends and sweep",
            hint="write the change in a spec that extends the base, and extend that one",
        )
        for key in raw
        if key in SPEC_ONLY
    ]


def _pruner(n: Normalizer, value: Any, loc: Location) -> dict | None:
    """``median`` (its defaults), ``{median: {...}}`` or ``none``."""
    if value == "none":
        return None
    if value == "median":
        value = {"median": None}
    if isinstance(value, dict) and list(value) == ["median"]:
        return dict(n.fields(MEDIAN, value["median"], "sweep.pruner.median", loc))
    hint = did_you_mean(value, ("median", "none")) if isinstance(value, str) else None
    expected = "median, none, or {median: {startup_trials, warmup_steps}}"
    n.fail("unknown pruner", "sweep.pruner", loc, expected, show(value), hint)
    return None
