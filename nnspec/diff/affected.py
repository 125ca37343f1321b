"""Which losses and phases a diff affects, and why.

A loss is affected if it changed or names an affected network; a phase if it
changed or uses an affected loss or network, or a changed optimizer. Side A's
tree here is the one rewritten with B's names (``diff_rename``), so an entry
has one name on both sides; phases, which have no names, are keyed by side
and index.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from nnspec.diff.refs import Named
from nnspec.diff.tree import Change
from nnspec.spec.check.schedule_checks import phase_kind


@dataclass
class Affected:
    """A loss or phase affected by the changes, and why (``changed``, ``network G``, ...)."""

    name: str
    label: str
    because: list[str]


def touched_entries(changes: list[Change]) -> dict[str, dict]:
    """Entries with changes under them, per section: name → op word.

    Names are unique across both sides once renames are applied; phases are
    keyed ``("b", j)``, or ``("a", i)`` for one only side A has.
    """
    out: dict[str, dict] = {"networks": {}, "losses": {}, "optimizers": {}, "schedule": {}}
    for change in changes:
        at = change.at if change.at is not None else change.old_at
        if change.op == "renamed" or at is None or len(at) < 2 or at[0] not in out:
            continue
        key = at[1]
        if at[0] == "schedule":
            key = ("b" if change.at is not None else "a", at[1])
        out[at[0]].setdefault(key, change.op if len(at) == 2 else "changed")
    return out


Refs = dict[str, list[Named]]


def affected_losses(
    trees: dict[str, dict], refs: Refs, touched: dict, nets: Collection[str]
) -> list[Affected]:
    """Losses of side B (and those only side A has) that changed or name an affected network."""
    out = []
    for side, tree in trees.items():
        for name in tree["losses"]:
            if side == "a" and name in trees["b"]["losses"]:
                continue
            because = [touched["losses"][name]] if name in touched["losses"] else []
            named = _named(refs[side], ("losses", name), "networks", nets)
            because += [f"network {n}" for n in named]
            if because:
                out.append(Affected(name, "", because))
    return out


def affected_phases(
    trees: dict[str, dict],
    refs: Refs,
    touched: dict,
    losses: Collection[str],
    nets: Collection[str],
) -> list[Affected]:
    """Phases that changed or use an affected loss or network, or a changed optimizer."""
    out: list[Affected] = []
    optimizers = touched["optimizers"].keys()
    uses = (
        ("losses", "loss", losses),
        ("networks", "network", nets),
        ("optimizers", "optimizer", optimizers),
    )
    for side, tree in trees.items():
        for i, phase in enumerate(tree["schedule"]):
            key, at = (side, i), ("schedule", i)
            if side == "a" and key not in touched["schedule"]:
                continue
            because = [touched["schedule"][key]] if key in touched["schedule"] else []
            for section, word, names in uses:
                because += [f"{word} {n}" for n in _named(refs[side], at, section, names)]
            if because:
                label = phase.get("phase") or phase_kind(phase)
                out.append(Affected(f"schedule[{i}]", label, because))
    return out


def _named(refs: list[Named], under: tuple, section: str, names: Collection[str]) -> list[str]:
    """The entries of ``section`` in ``names`` that the subtree at ``under`` refers to."""
    found = dict.fromkeys(r.entry for r in refs if r.at[: len(under)] == under)
    return [name for sec, name in found if sec == section and name in names]
