"""The resolved spec as small typed objects, for the code that runs it.

Built from ``ResolvedSpec.plain()`` (what a run's spec.yaml holds), which stays the
contract. Sections are attributes, so a misspelled section key in nnspec's own code
is an ``AttributeError`` that ruff, the type checker and the tests catch, not a
``KeyError`` deep in a run. Every ``{kind: params}`` value is an ``Application``; the
params of a kind stay a mapping, since the registry declares and checks their keys
per kind. tests/spec/test_typed.py checks that the fields cover the grammar's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from nnspec.spec.check.schedule_checks import phase_kind

T = TypeVar("T")


@dataclass(frozen=True)
class Application:
    """A kind applied with its params: a dataset, transform, layer, init, noise, metric..."""

    kind: str
    params: Mapping[str, Any]

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> Application:
        """From a normalised ``{kind: params}``."""
        ((kind, params),) = value.items()
        return cls(kind, params)

    def plain(self) -> dict:
        return {self.kind: self.params}


@dataclass(frozen=True)
class Declared(Application):
    """A ``{type: kind, ...params}`` entry: a loss, or an optimizer (named or inline)."""

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> Declared:
        return cls(value["type"], {k: v for k, v in value.items() if k != "type"})

    def plain(self) -> dict:
        return {"type": self.kind, **self.params}


def maybe(convert: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """``convert`` for a value that may be null."""
    return lambda value: None if value is None else convert(value)


def each(convert: Callable[[Any], T]) -> Callable[[Any], tuple[T, ...]]:
    return lambda values: tuple(convert(v) for v in values)


def by_name(convert: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    return lambda values: {name: convert(v) for name, v in values.items()}


def build(cls: type[T], value: Mapping[str, Any], **convert: Callable[[Any], Any]) -> T:
    """A section object from its plain mapping: each field's value, converted where named."""
    keep = lambda v: v  # noqa: E731
    names = [f.name for f in fields(cls) if f.init]  # type: ignore[arg-type]
    return cls(**{name: convert.get(name, keep)(value[name]) for name in names})


@dataclass(frozen=True)
class Split:
    val: float
    test: float
    order: str


@dataclass(frozen=True)
class Data:
    dataset: Application
    split: Split
    transforms: tuple[Application, ...]
    batch_size: int
    shuffle: bool
    drop_last: bool
    stream: bool
    workers: int
    val: Application | None
    test: Application | None

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> Data:
        dataset = maybe(Application.of)
        return build(
            cls,
            value,
            dataset=Application.of,
            split=lambda v: build(Split, v),
            transforms=each(Application.of),
            val=dataset,
            test=dataset,
        )


@dataclass(frozen=True)
class Phase:
    """One schedule item: its kind with the kind's body, and the keys every phase has."""

    kind: str
    params: Mapping[str, Any]
    phase: str | None  # the label of logs and metrics
    steps: int | None
    epochs: int | None
    accumulate: int
    entry: Mapping[str, Any] = field(repr=False, compare=False)  # as the registry's rules take it
    freeze: tuple[str, ...] = ()  # networks and graph nodes this phase leaves as they are
    shared: tuple[str, ...] = ()  # graph nodes two of its optimizers may both update

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> Phase:
        kind = phase_kind(entry)
        return cls(
            kind,
            entry[kind],
            entry["phase"],
            entry["steps"],
            entry["epochs"],
            entry["accumulate"],
            entry,
            tuple(entry.get("freeze") or ()),
            tuple(entry.get("shared") or ()),
        )


@dataclass(frozen=True)
class Evaluate:
    every: int | None
    splits: list[str]
    metrics: tuple[Application, ...]
    batch_size: int
    early_stopping: EarlyStopping | None


@dataclass(frozen=True)
class EarlyStopping:
    watch: str
    patience: int
    mode: str
    min_delta: float
    restore_best: bool


@dataclass(frozen=True)
class Samples:
    network: str
    every: int | None
    count: int


@dataclass(frozen=True)
class Checkpoints:
    every: int | None
    period: float  # minutes; 0: off (null normalises to 0)
    watch: str | None
    mode: str


@dataclass(frozen=True)
class Outputs:
    samples: Samples | None
    checkpoints: Checkpoints
    log_every: int
    plots: bool


@dataclass(frozen=True)
class Run:
    device: str
    compile: bool
    deterministic: bool
    on_nan: str
    precision: str
    threads: str | int = "auto"  # 'auto' or a thread count


@dataclass(frozen=True)
class Spec:
    """A resolved spec; ``plain()`` is the mapping it was built from (spec.yaml's content)."""

    nnspec: int
    name: str
    description: str
    seed: int
    vars: Mapping[str, Any]
    data: Data
    networks: dict[str, Application]
    losses: dict[str, Declared]
    optimizers: dict[str, Declared]
    schedule: tuple[Phase, ...]
    evaluate: Evaluate
    outputs: Outputs
    run: Run
    tree: dict = field(repr=False, compare=False)

    @classmethod
    def of(cls, tree: Mapping[str, Any]) -> Spec:
        return build(
            cls,
            {**tree, "tree": tree},
            data=Data.of,
            networks=by_name(Application.of),
            losses=by_name(Declared.of),
            optimizers=by_name(Declared.of),
            schedule=each(Phase.of),
            evaluate=lambda v: build(
                Evaluate,
                v,
                metrics=each(Application.of),
                early_stopping=maybe(lambda e: build(EarlyStopping, e)),
            ),
            outputs=_outputs,
            run=lambda v: build(Run, v),
        )

    def plain(self) -> dict:
        return self.tree


def _outputs(value: Mapping[str, Any]) -> Outputs:
    return build(
        Outputs,
        value,
        samples=maybe(lambda v: build(Samples, v)),
        checkpoints=lambda v: build(Checkpoints, v),
    )
