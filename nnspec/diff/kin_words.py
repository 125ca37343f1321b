"""One-line texts of the children of a diff (``diff_children``), shared by text and markdown.

``specs/small.yaml: validates; 2 changes (2 changed); networks.net: parameters 4,810 → 9,610``,
``specs/tuned.yaml: breaks, 2 errors``.
"""

from __future__ import annotations

from collections import Counter

from nnspec.diff.children import ChildDiff
from nnspec.diff.words import network_name, network_text, summary_text


def children_head(children: list[ChildDiff], parent: str) -> str:
    """``3 specs extend specs/base.yaml: 1 validates, 2 break``."""
    n = len(children)
    verb = "extends" if n == 1 else "extend"
    counts = Counter(c.status for c in children)
    tally = ", ".join(f"{k} {_plural(s, k)}" for s, k in counts.items())
    return f"{n} spec{'s' if n != 1 else ''} {verb} {parent}: {tally}"


def child_name(child: ChildDiff) -> str:
    return child.path + (f" (through {child.via})" if child.via else "")


def child_status(child: ChildDiff) -> str:
    """``breaks, 2 errors``, ``new, validates``, ``validates``."""
    text = (
        child.status
        if child.status != "new"
        else f"new, {'validates' if child.valid else 'breaks'}"
    )
    if child.errors:
        text += f", {len(child.errors)} error{'s' if len(child.errors) != 1 else ''}"
    return text


def child_changes(child: ChildDiff) -> str:
    """``2 changes (2 changed)``, ``identical after resolution``, or empty without a diff."""
    if child.diff is None:
        return ""
    return (
        "identical after resolution" if child.diff.identical else summary_text(child.diff.counts())
    )


def child_effect(child: ChildDiff) -> str:
    """Its networks' parameter counts and outputs: ``networks.net: parameters 4,810 → 9,610``."""
    nets = child.diff.effects.networks if child.diff else []
    return "; ".join(f"{network_name(n)}: {network_text(n)}" for n in nets)


def child_text(child: ChildDiff) -> str:
    parts = [child_status(child), child_changes(child), child_effect(child)]
    return f"{child_name(child)}: " + "; ".join(p for p in parts if p)


def _plural(status: str, n: int) -> str:
    """The status as a verb for ``n`` specs: ``1 breaks``, ``2 break``."""
    return status if n == 1 else {"validates": "validate", "breaks": "break"}.get(status, status)
