"""The specs that ``extends`` a changed spec, and what the change does to each.

A change to a parent reaches every spec that extends it, directly or through
another. When both sides of a diff are the same spec file (``REV:PATH``
against ``PATH``, two revisions, or the same name in two directories), each
such child is resolved on both sides, read from the same tree as its side
(``diff_trees``), and compared: it still validates (with a short diff of its
own), it breaks (with every located error), or it was broken already.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nnspec.diff.core import SpecDiff, diff_specs
from nnspec.diff.gitrev import extended
from nnspec.diff.sides import InvalidSide, Side
from nnspec.diff.trees import SpecTree, spec_tree
from nnspec.errors import Location, NnspecError, SpecError

STATUS = ("validates", "breaks", "fixed", "still broken", "new", "no longer a child")


@dataclass
class ChildDiff:
    """One spec that extends the changed spec, on each side where it does.

    ``status`` is one of ``STATUS``; ``via`` names the spec it extends on the
    way when it is not a direct child; ``diff`` is its own diff when it
    validates on both sides; ``errors`` are side B's when it does not validate there.
    """

    path: str
    status: str
    via: str | None = None
    valid: bool = True
    diff: SpecDiff | None = None
    errors: list[SpecError] = field(default_factory=list)


def children(a_arg: str, b_arg: str, only: str | None = None) -> list[ChildDiff]:
    """The children of the spec both sides name, compared side by side; [] for other sides."""
    trees = spec_tree(a_arg), spec_tree(b_arg)
    ta, tb = trees
    if ta is None or tb is None or ta.spec != tb.spec:
        return []
    found_a, found_b = descendants(ta), descendants(tb)
    names = [*found_a, *(rel for rel in found_b if rel not in found_a)]
    out = []
    for rel in names:
        tree, via = (tb, found_b[rel]) if rel in found_b else (ta, found_a[rel])
        side_a = _opened(ta, rel) if rel in found_a else None
        side_b = _opened(tb, rel) if rel in found_b else None
        child = _compared(side_a, side_b, only)
        child.via = tree.label(via) if via != tree.spec else None
        out.append(child)
    return out


def descendants(tree: SpecTree) -> dict[str, str]:
    """Every spec of ``tree`` that extends its spec, directly or not: path → the spec it extends.

    Direct children come first, then theirs, each level in path order.
    """
    parents = {}
    for rel in tree.files:
        data = tree.read(rel)
        if data is not None and b"extends" in data:
            parents[rel] = extended(rel, data)
    found: dict[str, str] = {}
    todo = [tree.spec]
    while todo:
        current = todo.pop(0)
        for rel, names in parents.items():
            if current in names and rel not in found and rel != tree.spec:
                found[rel] = current
                todo.append(rel)
    return found


Opened = tuple[str, Side | None, list[SpecError]]


def _opened(tree: SpecTree, rel: str) -> Opened:
    """A child opened on one side: its label, and its resolved side or its errors."""
    try:
        side = tree.open(rel)
    except InvalidSide as exc:
        return tree.label(rel), None, exc.errors
    except NnspecError as exc:  # unreadable: not a spec error, but still this child's answer
        return tree.label(rel), None, [SpecError(exc.render(), location=Location(tree.label(rel)))]
    return side.label, side, []


def _compared(a: Opened | None, b: Opened | None, only: str | None) -> ChildDiff:
    if b is None:
        assert a is not None
        return ChildDiff(a[0], "no longer a child")
    label, side_b, errors = b
    if a is None:
        return ChildDiff(label, "new", valid=side_b is not None, errors=errors)
    side_a = a[1]
    if side_b is None:
        return ChildDiff(label, "breaks" if side_a else "still broken", valid=False, errors=errors)
    if side_a is None:
        return ChildDiff(label, "fixed")
    found = diff_specs(side_a.spec, side_b.spec, only, (side_a.label, side_b.label))
    return ChildDiff(label, "validates", diff=found)
