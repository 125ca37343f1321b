"""Changes that come only from defaults, folded under the swap of kind that caused them.

Swapping an optimizer from ``adam`` to ``sgd`` drops adam's defaulted
``betas``, ``eps`` and ``amsgrad`` and brings sgd's ``momentum``: four
differences the user never wrote. They are listed under the swap
(``Change.defaults``) instead of beside it, so the swap reads as one change.

A swap is a changed ``type`` (losses, optimizers) or a changed kind of an
application (``data.dataset: {ring: ..} → {digits: ..}``). A difference is
folded when it lies under the swapped entry and each side that has it took
its value from a default; anything written on either side stays a change.
"""

from __future__ import annotations

from typing import Any

from nnspec.diff.align import same
from nnspec.diff.tree import Change, kind_swap
from nnspec.spec.located import LocDict, where


def fold_defaults(changes: list[Change]) -> list[Change]:
    """``changes`` without those that come only from defaults; they move to their swap."""
    swaps = [c for c in changes if _typed_swap(c)]
    out = []
    for change in changes:
        owner = next((s for s in swaps if s is not change and _under(change, s)), None)
        if owner is not None and from_defaults(change):
            owner.defaults.append(change)
        else:
            out.append(change)
        if kind_swap(change.old, change.new):
            change.defaults = _inner_defaults(change)
    return out


def from_defaults(change: Change) -> bool:
    """Whether every side that has the value took it from a default."""
    return all(loc.origin == "default" for loc in (change.a, change.b) if loc is not None)


def relative(change: Change, owner: Change) -> str:
    """The path of a folded change below its swap's entry: ``betas``, ``lipschitz.clip``."""
    at = change.at if change.at is not None else change.old_at or ()
    # A typed entry holds its parameters beside ``type``; an application below its kind.
    depth = len(owner.at or ()) + (-1 if _typed_swap(owner) else 1)
    return ".".join(str(part) for part in at[depth:])


def _typed_swap(change: Change) -> bool:
    at = change.at or ()
    return (
        change.op == "changed"
        and len(at) > 1
        and at[-1] == "type"
        and isinstance(change.old, str)
        and isinstance(change.new, str)
    )


def _under(change: Change, swap: Change) -> bool:
    """Whether ``change`` lies strictly under the entry whose ``type`` ``swap`` changed."""
    entries = ((change.at, (swap.at or ())[:-1]), (change.old_at, (swap.old_at or ())[:-1]))
    return any(at is not None and at[: len(entry)] == entry for at, entry in entries)


def _inner_defaults(swap: Change) -> list[Change]:
    """The parameters of an application swap that differ, where a default gave either side.

    A parameter written on both sides shows in the swap's values as written.
    """
    (old_kind, old), (new_kind, new) = _only(swap.old), _only(swap.new)
    pa, pb = (*(swap.old_at or ()), old_kind), (*(swap.at or ()), new_kind)
    defaulted = {*_defaulted(old), *_defaulted(new)}
    out = []
    for name in (n for n in old if n in defaulted):
        if name not in new:
            out.append(Change("removed", None, (*pa, name), old=old[name], a=where(old, name)))
        elif not same(old[name], new[name]):  # a default on one side at least
            locs = where(old, name), where(new, name)
            out.append(Change("changed", (*pb, name), (*pa, name), old[name], new[name], *locs))
    for name in (n for n in new if n in defaulted and n not in old):
        out.append(Change("added", (*pb, name), None, new=new[name], b=where(new, name)))
    return out


def _only(value: Any) -> tuple[str, Any]:
    ((kind, params),) = value.items()
    return kind, params if isinstance(params, dict) else {}


def _defaulted(params: Any) -> list[str]:
    if not isinstance(params, LocDict):
        return []
    return [k for k in params if params.where(k).origin == "default"]


def shown_values(change: Change) -> tuple[Any, Any]:
    """A change's old and new values for text and markdown; a kind swap's as written."""
    if kind_swap(change.old, change.new):
        return _as_written(change.old), _as_written(change.new)
    return change.old, change.new


def _as_written(value: Any) -> Any:
    """An application without its defaulted parameters: the part of it the user wrote."""
    kind, params = _only(value)
    return {kind: {k: v for k, v in params.items() if k not in _defaulted(params)}}
