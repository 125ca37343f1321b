"""The single registry: one torch-free declaration per kind, keyed by its YAML name.

A ``Kind`` is what a user can name in a spec: a layer, loss, optimizer, dataset,
transform, metric, phase, learning-rate schedule, initialiser, noise prior or
network kind. From these declarations come validation, the JSON Schema,
``nnspec list``, the reference docs and the parametrised tests. The torch side
attaches builders to the same names (see ``nnspec.nn.build``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from nnspec.registry.info import INFO_TYPES
from nnspec.registry.params import Param

CATEGORIES = (
    "layer",
    "network",
    "loss",
    "optimizer",
    "lr_schedule",
    "dataset",
    "transform",
    "metric",
    "phase",
    "init",
    "noise",
)

Shape = tuple[int, ...]


class ShapeEnv(Protocol):
    """What a layer's shape or count rule may ask of the spec around it.

    ``chain`` and ``chain_count`` push a shape through a nested layer list (for
    ``residual`` and ``repeat``); ``network`` returns another network's
    normalised declaration (for ``unroll``).
    """

    def chain(self, layers: list[dict], shape: Shape) -> Shape: ...

    def chain_count(self, layers: list[dict], shape: Shape) -> int: ...

    def network(self, name: str) -> dict: ...


ShapeRule = Callable[[dict, Shape, ShapeEnv], Shape]
CountRule = Callable[[dict, Shape, ShapeEnv], int]


class ShapeMismatch(ValueError):
    """A shape rule cannot accept its input; the checker locates and reports it."""

    def __init__(self, message: str, expected: str | None = None, received: str | None = None):
        super().__init__(message)
        self.expected = expected
        self.received = received


@dataclass(frozen=True)
class Kind:
    """The declaration of one nameable kind.

    ``main`` names the parameter the shorthand form sets (``linear: 128`` sets
    ``out``). ``shape`` and ``count`` are the static shape and parameter-count
    rules of layers: pure functions of the parameters and the input shape.
    ``terms`` lists the named terms a loss exposes (``gan.discriminator``).
    ``info`` is the category's typed info object (``nnspec.registry.info``): what
    the kind means beyond its parameters. ``module`` is the module that declared it.
    """

    category: str
    name: str
    doc: str
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    main: str | None = None
    shape: ShapeRule | None = None
    count: CountRule | None = None
    terms: tuple[str, ...] = ()
    info: Any = None
    module: str = ""

    def __post_init__(self) -> None:
        wanted = INFO_TYPES.get(self.category)
        if self.info is None and wanted is not None:
            object.__setattr__(self, "info", wanted())  # categories whose info has defaults
        if wanted is not None and not isinstance(self.info, wanted):
            raise TypeError(f"{self.category} {self.name!r} needs a {wanted.__name__}")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]


class DuplicateKind(ValueError):
    """A kind declared under a name (or alias) its category already has."""

    def __init__(self, kind: Kind, existing: Kind):
        super().__init__(f"{kind.category} {kind.name!r} is declared twice")
        self.kind = kind
        self.existing = existing


class Registry:
    """All declared kinds, by category and name (aliases resolve to their kind).

    ``broken`` holds the error of an installed plugin that failed to load: every
    query raises it, so each command reports it (exit 2) instead of running on
    without the plugin's kinds.
    """

    def __init__(self) -> None:
        self._kinds: dict[str, dict[str, Kind]] = {c: {} for c in CATEGORIES}
        self._aliases: dict[str, dict[str, str]] = {c: {} for c in CATEGORIES}
        self.broken: Exception | None = None

    def add(self, kind: Kind) -> Kind:
        if kind.category not in self._kinds:
            raise ValueError(f"unknown category {kind.category!r}")
        table = self._kinds[kind.category]
        for name in (kind.name, *kind.aliases):
            existing = self._find(kind.category, name)
            if existing is not None:
                raise DuplicateKind(kind, existing)
        table[kind.name] = kind
        for alias in kind.aliases:
            self._aliases[kind.category][alias] = kind.name
        return kind

    def _find(self, category: str, name: str) -> Kind | None:
        name = self._aliases[category].get(name, name)
        return self._kinds[category].get(name)

    def _usable(self) -> None:
        if self.broken is not None:
            raise self.broken

    def get(self, category: str, name: str) -> Kind | None:
        self._usable()
        return self._find(category, name)

    def names(self, category: str, with_aliases: bool = False) -> list[str]:
        self._usable()
        names = list(self._kinds[category])
        if with_aliases:
            names += list(self._aliases[category])
        return sorted(names)

    def kinds(self, category: str) -> list[Kind]:
        """Every kind of a category, by name (a list, so tests can parametrise over it)."""
        self._usable()
        return [self._kinds[category][n] for n in sorted(self._kinds[category])]

    def having(self, category: str, fact: str) -> list[str]:
        """The names of a category's kinds whose info has ``fact`` set (truthy)."""
        return [k.name for k in self.kinds(category) if getattr(k.info, fact)]

    def suggest(self, category: str, name: str) -> str | None:
        return suggest(name, self.names(category, with_aliases=True))


def suggest(name: str, known: list[str] | tuple[str, ...]) -> str | None:
    """The closest known name to a misspelt one, or None if none is close."""
    if not isinstance(name, str):
        return None
    import difflib  # only a misspelt name needs it: a valid spec's validate never imports it

    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, known: list[str] | tuple[str, ...]) -> str | None:
    """A ready "did you mean" hint, or None."""
    close = suggest(name, known)
    return f"did you mean '{close}'?" if close else None


REGISTRY = Registry()


def declare(category: str, name: str, doc: str, *params: Param, **fields: Any) -> Kind:
    """Declare a kind in the global registry; used by the declaration modules.

    The calling module is recorded as the kind's declaration module.
    """
    fields.setdefault("module", sys._getframe(1).f_globals.get("__name__", ""))
    return REGISTRY.add(Kind(category, name, doc, tuple(params), **fields))
