"""A sweep against its base spec: paths exist, sampled values pass, the metric is reported.

Paths name values of the *resolved* base spec (what ``nnspec show --resolved`` prints and
a trial's spec.yaml holds), so every value has one spelling. A trial's spec is the
resolved base with the sampled values set, normalised and checked again, exactly as a
spec file is: the parameter's own type and the static checks judge each value. ``vars``
are substituted during resolution, so a ``vars.*`` path is applied as ``--set`` is,
before substitution.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nnspec.errors import SpecError, SpecErrors
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import show
from nnspec.spec.check.core import check
from nnspec.spec.check.data_and_evaluation import reported_metrics
from nnspec.spec.load.overrides import SEGMENT
from nnspec.spec.normalize import normalize
from nnspec.spec.pipeline import ResolvedSpec, resolve
from nnspec.sweep.space import Space
from nnspec.sweep.sweepfile import Sweep


def trial_spec(
    sweep: Sweep, values: dict[str, Any], roots: Iterable[str | Path] = ()
) -> ResolvedSpec:
    """The base spec with ``values`` set at their paths; raises ``SpecErrors`` if invalid."""
    early = [f"{p}={json.dumps(v)}" for p, v in values.items() if p.startswith("vars.")]
    base = resolve(sweep.base, early, roots)
    late = {p: v for p, v in values.items() if not p.startswith("vars.")}
    if not late:
        return base
    tree = copy.deepcopy(base.tree)
    for path, value in late.items():
        *parents, last = _segments(path)
        node = tree
        for segment in parents:
            node = node[segment]
        node[last] = value
    tree, refs, errors = normalize(tree)
    tree.pop("extends", None)  # normalize fills every section; a resolved spec has none
    shapes, errors = check(tree, refs) if not errors else ({}, errors)
    if errors:
        raise SpecErrors(errors)
    return ResolvedSpec(base.path, tree, shapes)


def check_sweep(sweep: Sweep, roots: Iterable[str | Path] = ()) -> ResolvedSpec:
    """The resolved base spec, once every path, sampled value and the metric are valid."""
    base = resolve(sweep.base, (), roots)
    plain = base.plain()
    errors = [e for space in sweep.space for e in _path_errors(space, plain)]
    if not errors:
        errors = [e for space in sweep.space for e in _value_errors(sweep, space, roots)]
    errors += _metric_errors(sweep, base)
    if errors:
        raise SpecErrors(errors)
    return base


def _segments(path: str) -> list[str | int]:
    return [int(s[1:-1]) if s.startswith("[") else s for s in SEGMENT.findall(path)]


def _path_errors(space: Space, spec: dict) -> list[SpecError]:
    node: Any = spec
    segments = _segments(space.path)
    for i, segment in enumerate(segments):
        known = _children(node)
        if segment not in known:
            return [_missing(space, segment, known, _joined(segments[:i]))]
        node = node[segment]
    return []


def _joined(segments: list[str | int]) -> str:
    text = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in segments)
    return f"under {text.lstrip('.')}" if text else "at its top level"


def _children(node: Any) -> list:
    if isinstance(node, dict):
        return list(node)
    return list(range(len(node))) if isinstance(node, list) else []


def _missing(space: Space, segment: str | int, known: list, where: str) -> SpecError:
    names = [k for k in known if isinstance(k, str)]
    shown = f"[{segment}]" if isinstance(segment, int) else f"'{segment}'"
    expected = f"an index below {len(known)}" if isinstance(segment, int) else ", ".join(names)
    return SpecError(
        f"the resolved base spec has no {shown} {where}",
        f"sweep.params.{space.path}",
        space.loc,
        expected=expected or "nothing below a value",
        received=str(segment),
        hint=(did_you_mean(segment, names) if isinstance(segment, str) else None)
        or "nnspec show --resolved prints the paths of the resolved spec",
    )


def _value_errors(sweep: Sweep, space: Space, roots: Iterable[str | Path]) -> list[SpecError]:
    """Each value the space can give (its bounds, or every choice), set into the base alone."""
    for value in space.probes:
        try:
            trial_spec(sweep, {space.path: value[0]}, roots)
        except SpecErrors as exc:
            return [_refused(space, value, exc.errors[0])]  # one per path: the bounds say alike
    return []


def _refused(space: Space, value: tuple, inner: SpecError) -> SpecError:
    where = f" at {inner.path}" if inner.path and inner.path != space.path else ""
    return SpecError(
        f"{space.kind} can give {show(value[0])}, which the spec refuses{where}: {inner.message}",
        f"sweep.params.{space.path}",
        value[1],
        expected=inner.expected,
        received=inner.received or show(value[0]),
        hint=INTEGERS if space.kind != "int" and _wants_integer(inner) else None,
    )


INTEGERS = "sample integers with {int: [low, high]}"


def _wants_integer(inner: SpecError) -> bool:
    return (inner.expected or "").startswith("an integer")


def _metric_errors(sweep: Sweep, base: ResolvedSpec) -> list[SpecError]:
    known = reported_metrics(base.tree)
    if sweep.metric in known:
        return []
    return [
        SpecError(
            f"the base spec's evaluation never reports '{sweep.metric}'",
            "sweep.metric",
            sweep.section.where("metric"),
            expected=f"one of {', '.join(known)}" if known else "a metric in evaluate",
            received=sweep.metric,
            hint=did_you_mean(sweep.metric, known),
        )
    ]
