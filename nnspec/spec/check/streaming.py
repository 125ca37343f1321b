"""Checks of ``data.stream`` and ``data.workers``: what streamed data can feed.

Streamed examples stay in their files and are read batch by batch, so whatever needs
every example at once (a noise transform, a Hopfield store, an RBM's bias start from
all the data, a metric that is not computed batch by batch) cannot use them. Each
kind says whether it can, in its declaration's info: a dataset's ``streams``, an x
transform's ``per_batch``, a split metric's ``batched``, a phase's ``streams`` and a
loss's ``whole_data``.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.located import LocDict, LocList


def check_streaming(spec: LocDict) -> list[SpecError]:
    data = spec["data"]
    if not data["stream"]:
        return _workers(data)
    return (
        _datasets(data)
        + _transforms(data)
        + _metrics(spec["evaluate"])
        + _phases(spec["schedule"])
        + _losses(spec["losses"])
    )


def _workers(data: LocDict) -> list[SpecError]:
    if not data["workers"]:
        return []
    return [
        SpecError(
            "workers read streamed batches, but data.stream is false",
            "data.workers",
            data.where("workers"),
            expected="stream: true, or workers: 0",
            received=f"workers: {data['workers']}",
        )
    ]


def _refused(what: str, path: str, loc, allowed: list[str]) -> SpecError:
    return SpecError(
        f"{what} cannot use streamed data (data.stream: true)",
        path,
        loc,
        expected=f"one of {', '.join(allowed)}; or stream: false",
    )


def _datasets(data: LocDict) -> list[SpecError]:
    allowed = REGISTRY.having("dataset", "streams")
    errors = []
    for slot in ("dataset", "val", "test"):
        if data.get(slot) is not None:
            ((kind, _),) = data[slot].items()
            if kind not in allowed:
                what = f"dataset '{kind}'"
                errors.append(_refused(what, f"data.{slot}", data.where(slot), allowed))
    return errors


def _transforms(data: LocDict) -> list[SpecError]:
    allowed = REGISTRY.having("transform", "per_batch")
    x = lambda kind: REGISTRY.get("transform", kind).info.target == "x"  # noqa: E731
    return _listed(data["transforms"], "data.transforms", "transform", allowed, x)


def _metrics(evaluate: LocDict) -> list[SpecError]:
    scored = lambda kind: REGISTRY.get("metric", kind).info.scope != "training"  # noqa: E731
    allowed = REGISTRY.having("metric", "batched")
    return _listed(evaluate["metrics"], "evaluate.metrics", "metric", allowed, scored)


def _phases(schedule: LocList) -> list[SpecError]:
    """Phases of a known kind (an unknown one is reported by the schedule's own checks)."""
    if not isinstance(schedule, list):
        return []
    allowed = REGISTRY.having("phase", "streams")
    kind_of = lambda phase: next((k for k in phase if REGISTRY.get("phase", k)), None)  # noqa: E731
    known = lambda kind: kind is not None  # noqa: E731
    return _listed(schedule, "schedule", "phase", allowed, known, kind_of)


def _listed(entries: LocList, path: str, what: str, allowed, applies=None, kind_of=None):
    """An error for each entry of a list whose kind ``applies`` but is not ``allowed``."""
    errors = []
    for i, entry in enumerate(entries):
        kind = kind_of(entry) if kind_of else next(iter(entry))
        if kind not in allowed and (applies is None or applies(kind)):
            errors.append(_refused(f"{what} '{kind}'", f"{path}[{i}]", entries.where(i), allowed))
    return errors


def _losses(losses: LocDict) -> list[SpecError]:
    return [
        SpecError(
            f"loss '{name}' ({loss['type']}) cannot use streamed data (data.stream: true): "
            "it reads every training example at once",
            f"losses.{name}",
            losses.where(name),
            expected="stream: false",
        )
        for name, loss in losses.items()
        if REGISTRY.get("loss", loss["type"]).info.whole_data
    ]
