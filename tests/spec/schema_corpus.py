"""A seeded corpus of mutated specs, written as YAML text, for the schema-agreement test.

Each bundled spec is mutated by category (misspelt keys at every depth, wrong
types, unknown kind names, out-of-range numbers, aliases and shorthands, null
forms, variables). The same seed gives the same corpus. Run as a script, it
prints the agreement figures between ``check-jsonschema`` and ``nnspec validate``.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nnspec.registry import REGISTRY
from nnspec.registry.core import CATEGORIES
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain

SEED = 13
FIXED = ("nnspec", "extends", "vars")  # read before variables, or the variables themselves
NAMED = ("networks", "losses", "optimizers", "vars")  # their keys are the user's names
Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Case:
    """One file of the corpus: where it comes from, its category and its YAML text."""

    source: Path
    category: str
    index: int
    text: str

    @property
    def name(self) -> str:
        return f"{self.source.stem}--{self.category}-{self.index}.yaml"


def nodes(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every value with its path, outside the sections variables cannot reach."""
    if path and path[0] in FIXED:
        return
    yield path, data
    if isinstance(data, (dict, list)):
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            yield from nodes(value, (*path, key))


def put(data: Any, path: Path_, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def typo(word: str, rng: random.Random) -> str:
    """A misspelling: two letters swapped, one dropped or one doubled."""
    i = rng.randrange(max(len(word) - 1, 1))
    choice = rng.randrange(3) if len(word) > 2 else 2
    if choice == 0 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if choice == 1:
        return word[:i] + word[i + 1 :]
    return word[: i + 1] + word[i] + word[i + 1 :]


def is_kind(name: Any) -> bool:
    return isinstance(name, str) and any(REGISTRY.get(c, name) for c in CATEGORIES)


def _scalars(data: dict) -> list[tuple[Path_, Any]]:
    return [(p, v) for p, v in nodes(data) if p and not isinstance(v, (dict, list))]


def misspelt_key(data: dict, rng: random.Random) -> bool:
    maps = [(p, v) for p, v in nodes(data) if isinstance(v, dict) and not (p and p[-1] in NAMED)]
    keys = [(p, k) for p, v in maps for k in v]
    path, key = rng.choice(keys)
    parent = _get(data, path)
    parent[typo(key, rng)] = parent.pop(key)
    return True


def wrong_type(data: dict, rng: random.Random) -> bool:
    path, value = rng.choice(_scalars(data))
    other = {bool: 7, int: "abc", float: "abc", str: 12345}.get(type(value), "abc")
    put(data, path, rng.choice([other, [other], {"x": other}]))
    return True


def unknown_kind(data: dict, rng: random.Random) -> bool:
    sites = [(p, v) for p, v in nodes(data) if p and is_kind(v)]
    sites += [(p, k) for p, v in nodes(data) if isinstance(v, dict) and len(v) == 1 for k in v]
    sites = [(p, n) for p, n in sites if is_kind(n)]
    if not sites:
        return False
    path, name = rng.choice(sites)
    if _get(data, path) == name:
        put(data, path, typo(name, rng))
    else:
        parent = _get(data, path)
        parent[typo(name, rng)] = parent.pop(name)
    return True


def out_of_range(data: dict, rng: random.Random) -> bool:
    numbers = [(p, v) for p, v in _scalars(data) if type(v) in (int, float)]
    if not numbers:
        return False
    path, value = rng.choice(numbers)
    candidates = [-1, 0, 1.5, 10**9, -0.5, float(value), value * 1000.0]
    put(data, path, rng.choice(candidates))
    return True


def alias(data: dict, rng: random.Random) -> bool:
    sites = [(p, v) for p, v in nodes(data) if isinstance(v, dict) and len(v) == 1]
    sites = [(p, k) for p, v in sites for k in v if _aliases(k)]
    sites += [(p, v) for p, v in _scalars(data) if _aliases(v)]
    if not sites:
        return False
    path, name = rng.choice(sites)
    new = rng.choice(_aliases(name))
    if _get(data, path) == name:
        put(data, path, new)
    else:
        parent = _get(data, path)
        parent[new] = parent.pop(name)
    return True


def null_form(data: dict, rng: random.Random) -> bool:
    bare = [(p, {v: None}) for p, v in _scalars(data) if is_kind(v) and p[-1] != "type"]
    ones = [(p, next(iter(v))) for p, v in nodes(data) if isinstance(v, dict) and len(v) == 1]
    kinds = [(p, {k: None}) for p, k in ones if is_kind(k)]
    sections = [((key,), None) for key in ("evaluate", "outputs", "run") if key in data]
    path, value = rng.choice(bare + kinds + sections + [(p, None) for p, _ in _scalars(data)])
    put(data, path, value)
    return True


def variable(data: dict, rng: random.Random) -> bool:
    sites = [(p, v) for p, v in nodes(data) if len(p) > 1]
    path, value = rng.choice(sites)
    name = f"v{rng.randrange(1000)}"
    if not isinstance(data.get("vars"), dict):
        data["vars"] = {}
    data["vars"][name] = value
    use = f"$({name} * 1)" if type(value) in (int, float) and rng.random() < 0.5 else f"${name}"
    put(data, path, use)
    return True


def shorthand(data: dict, rng: random.Random) -> bool:
    """``{linear: 64}`` and ``{linear: {out: 64}}``, each written as the other."""
    sites = [(p, v) for p, v in nodes(data) if p and isinstance(v, dict) and len(v) == 1]
    sites = [(p, k, v[k]) for p, v in sites for k in v if _main(k)]
    if not sites:
        return False
    path, name, value = rng.choice(sites)
    main = _main(name)
    if isinstance(value, dict):
        if list(value) != [main]:
            return False
        put(data, path, {name: value[main]})
    else:
        put(data, path, {name: {main: value}})
    return True


MUTATIONS: dict[str, Callable[[dict, random.Random], bool]] = {
    "misspelt-key": misspelt_key,
    "wrong-type": wrong_type,
    "unknown-kind": unknown_kind,
    "out-of-range": out_of_range,
    "alias": alias,
    "shorthand": shorthand,
    "null-form": null_form,
    "variable": variable,
}


def mutants(source: Path, per_category: int, seed: int = SEED) -> list[Case]:
    """The spec as written, and ``per_category`` mutants of it in every category."""
    text = source.read_text(encoding="utf-8")
    data = plain(load_text(text, str(source)))
    cases = [Case(source, "as-written", 0, text)]
    for category, mutate in MUTATIONS.items():
        rng = random.Random(f"{seed}:{source.name}:{category}")
        for index in range(per_category):
            mutant = copy.deepcopy(data)
            if mutate(mutant, rng) and mutant != data:
                cases.append(Case(source, category, index, dump(mutant)))
    return cases


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _get(data: Any, path: Path_) -> Any:
    for key in path:
        data = data[key]
    return data


def _aliases(name: Any) -> list[str]:
    if not isinstance(name, str):
        return []
    kinds = [REGISTRY.get(c, name) for c in CATEGORIES]
    found = [k for k in kinds if k is not None]
    return [n for k in found for n in (k.name, *k.aliases) if n != name]


def _main(name: Any) -> str | None:
    kinds = [REGISTRY.get(c, name) for c in CATEGORIES] if isinstance(name, str) else []
    return next((k.main for k in kinds if k is not None and k.main), None)
