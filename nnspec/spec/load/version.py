"""The language version stamp (``nnspec: 2``) and the upgrade hook.

Each upgrader turns a loaded spec of version N into version N+1, so an old
spec is brought forward one step at a time when it is loaded. A change that a
loaded tree cannot undo has no upgrader: version 1's ``${...}`` is not always
YAML, so a version-1 spec is refused with the command that rewrites its text
(``nnspec upgrade``). The table is empty; the mechanism is tested with a
registered upgrader.
"""

from __future__ import annotations

from collections.abc import Callable

from nnspec.errors import Location, SpecError
from nnspec.registry.params import show
from nnspec.spec.located import LocDict

CURRENT_VERSION = 2
UPGRADERS: dict[int, Callable[[LocDict], LocDict]] = {}


def upgrade(spec: LocDict) -> LocDict:
    """Bring a freshly loaded spec to ``CURRENT_VERSION``."""
    version = spec.get("nnspec", CURRENT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SpecError(
            "the language version must be a positive integer",
            path="nnspec",
            location=spec.where("nnspec"),
            expected=f"nnspec: {CURRENT_VERSION}",
            received=show(version),
        )
    if version > CURRENT_VERSION:
        raise SpecError(
            f"this spec is written for language version {version}, but this nnspec "
            f"reads up to version {CURRENT_VERSION}",
            path="nnspec",
            location=spec.where("nnspec"),
            hint="upgrade nnspec",
        )
    while version < CURRENT_VERSION:
        if version not in UPGRADERS:
            raise old_version(version, spec.where("nnspec"))
        spec = UPGRADERS[version](spec)
        version += 1
        spec["nnspec"] = version
    return spec


def old_version(version: int, location: Location) -> SpecError:
    """A spec of a version that only ``nnspec upgrade`` brings forward."""
    return SpecError(
        f"this spec is written in language version {version}",
        path="nnspec",
        location=location,
        hint=f"run 'nnspec upgrade {location.file} --in-place' to rewrite it for version "
        f"{CURRENT_VERSION}",
    )
