"""Which parts of a normalised spec are sound enough to check, despite mistakes elsewhere.

A part is a section, or one network (``networks.NAME``). It is sound when it is
present, no mistake lies inside it, and every name it refers to was looked up
(and found). Names are looked up only in a section the mistakes leave whole:
none when a top-level key is misspelt and the section it names was not written,
none when the section itself has the wrong form; loss terms only when every loss
has a known type. So one pass reports every independent mistake, and no check
reads a part whose mistakes would make it report nonsense or fail.
"""

from __future__ import annotations

import re

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.check.references import SECTION_OF, check_reference
from nnspec.spec.located import LocDict
from nnspec.spec.normalize import Reference

_HEAD = re.compile(r"^([^.\[]+)(?:\.([^.\[]+))?")


def part_of(path: str) -> tuple[str, str]:
    """The section and, under ``networks``, the network a spec path lies in."""
    match = _HEAD.match(path)
    section, name = (match.group(1), match.group(2)) if match else (path, None)
    return section, f"networks.{name}" if section == "networks" and name else section


class Soundness:
    """The sound parts of a spec, and the reference errors found on the way."""

    def __init__(self, spec: LocDict, refs: list[Reference], errors: list[SpecError]):
        self.spec = spec
        self.broken: set[str] = set()
        self.errors: list[SpecError] = []
        top = any(e.path == "<top>" for e in errors)
        for error in errors:
            self._break(error.path)
        for ref in refs:
            if not self._lookable(ref, errors, top):
                self._break(ref.path)
                continue
            error = check_reference(spec, ref)
            if error is not None:
                self.errors.append(error)
                self._break(ref.path)
        self.refs = refs

    def note(self, errors: list[SpecError]) -> list[SpecError]:
        """Mark the parts that a check's errors lie in as broken; returns the errors."""
        for error in errors:
            self._break(error.path)
        return errors

    def _break(self, path: str) -> None:
        section, part = part_of(path)
        self.broken |= {section, part}

    def _lookable(self, ref: Reference, errors: list[SpecError], top: bool) -> bool:
        section = "losses" if ref.target == "term" else SECTION_OF[ref.target]
        table = self.spec.get(section)
        if not isinstance(table, dict) or any(e.path == section for e in errors):
            return False
        if top and getattr(table, "loc", None) is not None and table.loc.origin == "default":
            return False  # a misspelt section: its names would all look unknown
        return ref.target != "term" or self._terms_known()

    def _terms_known(self) -> bool:
        return "losses" not in self.broken and all(
            isinstance(loss, dict) and REGISTRY.get("loss", loss.get("type")) is not None
            for loss in self.spec["losses"].values()
        )

    def sound(self, *sections: str) -> bool:
        """Every section is present, and neither it nor anything in it is broken."""
        return all(
            s in self.spec
            and s not in self.broken
            and not (s == "networks" and any(p.startswith("networks.") for p in self.broken))
            for s in sections
        )

    def network_sound(self, name: str) -> bool:
        """The network and every network its layers unroll are present and whole."""
        name = name.partition(".")[0]  # D.trunk: a node of graph D, sound when D is
        if "networks" not in self.spec or f"networks.{name}" in self.broken:
            return False
        under = f"networks.{name}."
        deps = {r.name for r in self.refs if r.target == "network" and r.path.startswith(under)}
        return all(self.network_sound(d) for d in deps - {name})

    def networks_named_in(self, *sections: str) -> bool:
        """Every network that the sections name is sound."""
        refs = [r for r in self.refs if r.target == "network" and part_of(r.path)[0] in sections]
        names = {r.name for r in refs}
        return all(self.network_sound(n) for n in names)
