"""The search space: one entry per spec path, parsed and checked in form (torch- and optuna-free).

An entry is ``{choice: [a, b]}``, ``{uniform: [low, high]}``, ``{log_uniform: [low, high]}``
or ``{int: [low, high]}`` (``{int: {low, high, step, log}}``). Whether each value fits the
spec parameter at its path is ``check.py``'s work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from nnspec.errors import Location
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import show
from nnspec.spec.load.overrides import PATH
from nnspec.spec.located import LocDict, LocList, own_loc
from nnspec.spec.normalize import Normalizer
from nnspec.sweep.grammar import INT_RANGE, KINDS, RANGE

FORMS = "{choice: [...]}, {uniform: [low, high]}, {log_uniform: [low, high]} or {int: [low, high]}"
SCALARS = (type(None), bool, int, float, str)  # what Optuna stores as a categorical choice


@dataclass(frozen=True)
class Space:
    """One searched value: its spec path, distribution, and where it is written."""

    path: str
    kind: str
    loc: Location  # where its path is written
    choices: tuple = ()
    low: float = 0.0
    high: float = 0.0
    step: int = 1
    log: bool = False
    probes: tuple[tuple[Any, Location], ...] = ()  # the values checked against the spec


def parse_space(n: Normalizer, params: Any, loc: Location) -> list[Space]:
    """Every entry of ``sweep.params``; mistakes go to ``n.errors``."""
    if not isinstance(params, dict) or not params:
        n.fail("the search space needs at least one path", "sweep.params", loc,
               "a mapping of spec paths to search spaces", show(params))  # fmt: skip
        return []
    out = []
    for path, value in params.items():
        where = params.where(path) if isinstance(params, LocDict) else loc
        key_loc = params.where_key(path) if isinstance(params, LocDict) else loc
        if not isinstance(path, str) or not PATH.fullmatch(path):
            n.fail("not a spec path", f"sweep.params.{path}", key_loc,
                   "a path such as schedule[0].train.optimizer.lr", show(path))  # fmt: skip
            continue
        space = _entry(n, path, value, where)
        out += [replace(space, loc=key_loc)] if space is not None else []
    return out


def _entry(n: Normalizer, path: str, value: Any, loc: Location) -> Space | None:
    where = f"sweep.params.{path}"
    kind = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS) if isinstance(kind, str) else None
        n.fail("a search space is one of choice, uniform, log_uniform or int", where, loc,
               FORMS, show(value), hint)  # fmt: skip
        return None
    body, body_loc = value[kind], value.where(kind) if isinstance(value, LocDict) else loc
    if kind == "choice":
        return _choice(n, path, body, body_loc)
    return _range(n, path, kind, body, body_loc)


def _choice(n: Normalizer, path: str, body: Any, loc: Location) -> Space | None:
    where = f"sweep.params.{path}.choice"
    if not isinstance(body, list) or not body:
        n.fail("choice needs a list of values", where, loc, "a non-empty list", show(body))
        return None
    probes = tuple((v, body.where(i) if isinstance(body, LocList) else loc)
                   for i, v in enumerate(body))  # fmt: skip
    for value, at in probes:
        if not isinstance(value, SCALARS):
            n.fail("a choice is a number, a string, true, false or null", where, at,
                   "a scalar (Optuna stores choices as scalars)", show(value))  # fmt: skip
            return None
    return Space(path, "choice", loc, choices=tuple(body), probes=probes)


def _range(n: Normalizer, path: str, kind: str, body: Any, loc: Location) -> Space | None:
    where = f"sweep.params.{path}.{kind}"
    if isinstance(body, list) and len(body) == 2:
        body = _as_bounds(body, loc)
    before = len(n.errors)
    fields = n.fields(INT_RANGE if kind == "int" else RANGE, body, where, loc)
    if len(n.errors) > before:
        return None
    low, high, step = fields["low"], fields["high"], fields.get("step")
    log = kind == "log_uniform" or fields.get("log", False)
    problem = _bounds_problem(low, high, step, log)
    if problem:
        n.fail(problem, where, loc, received=f"low {low}, high {high}")
        return None
    probes = tuple((v, fields.where(k)) for k, v in (("low", low), ("high", high)))
    return Space(path, kind, loc, low=low, high=high, step=step or 1, log=log, probes=probes)


def _as_bounds(body: LocList | list, loc: Location) -> LocDict:
    out = LocDict(loc=own_loc(body, loc))
    for i, key in enumerate(("low", "high")):
        at = body.where(i) if isinstance(body, LocList) else loc
        out.put(key, body[i], at, at)
    return out


def _bounds_problem(low: float, high: float, step: int | None, log: bool) -> str | None:
    """Why Optuna could not sample these bounds, or None (``step`` is None for floats)."""
    if low >= high:
        return "low must be less than high"
    if log and low <= 0:
        return "a log scale needs low > 0"
    if log and step not in (None, 1):
        return "step and log cannot be combined"
    if step is not None and (high - low) % step:
        return f"high - low must be a multiple of step {step}"
    return None
