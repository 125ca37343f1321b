"""Checks of ``data.stream`` and ``data.workers``: what streamed data can feed.

Streamed examples stay in their files and are read batch by batch, so whatever needs
every example at once (a noise transform, a Hopfield store, an RBM's bias start from
all the data, a metric that is not computed batch by batch) cannot use them.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.check.schedule_checks import phase_kind
from nnspec.spec.located import LocDict

STREAMED_DATASETS = ("npy", "csv")
# x transforms with a per-batch form: fitted statistics are fitted in one streaming pass.
STREAMED_TRANSFORMS = ("scale", "minmax", "standardize", "binarize", "flatten", "reshape")
STREAMED_METRICS = ("loss", "accuracy", "mse")
STREAMED_PHASES = ("train", "alternate")
WHOLE_DATA_LOSSES = ("cd",)  # contrastive divergence starts its biases from all of x


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


def _refused(what: str, path: str, loc, allowed: tuple[str, ...]) -> SpecError:
    return SpecError(
        f"{what} cannot use streamed data (data.stream: true)",
        path,
        loc,
        expected=f"one of {', '.join(allowed)}; or stream: false",
    )


def _datasets(data: LocDict) -> list[SpecError]:
    errors = []
    for slot in ("dataset", "val", "test"):
        if data.get(slot) is not None:
            ((kind, _),) = data[slot].items()
            if kind not in STREAMED_DATASETS:
                what = f"dataset '{kind}'"
                errors.append(_refused(what, f"data.{slot}", data.where(slot), STREAMED_DATASETS))
    return errors


def _transforms(data: LocDict) -> list[SpecError]:
    errors = []
    for i, entry in enumerate(data["transforms"]):
        ((kind, _),) = entry.items()
        x = REGISTRY.get("transform", kind).info.target == "x"
        if x and kind not in STREAMED_TRANSFORMS:
            where = data["transforms"].where(i)
            errors.append(
                _refused(f"transform '{kind}'", f"data.transforms[{i}]", where, STREAMED_TRANSFORMS)
            )
    return errors


def _metrics(evaluate: LocDict) -> list[SpecError]:
    errors = []
    for i, entry in enumerate(evaluate["metrics"]):
        ((kind, _),) = entry.items()
        if REGISTRY.get("metric", kind).info.scope != "training" and kind not in STREAMED_METRICS:
            where = evaluate["metrics"].where(i)
            errors.append(
                _refused(f"metric '{kind}'", f"evaluate.metrics[{i}]", where, STREAMED_METRICS)
            )
    return errors


def _phases(schedule: list) -> list[SpecError]:
    errors = []
    for i, phase in enumerate(schedule):
        kind = phase_kind(phase)
        if kind not in STREAMED_PHASES:
            where = schedule.where(i)
            errors.append(_refused(f"phase '{kind}'", f"schedule[{i}]", where, STREAMED_PHASES))
    return errors


def _losses(losses: LocDict) -> list[SpecError]:
    return [
        SpecError(
            f"loss '{name}' ({loss['type']}) cannot use streamed data (data.stream: true): "
            "it starts from every example at once",
            f"losses.{name}",
            losses.where(name),
            expected="stream: false",
        )
        for name, loss in losses.items()
        if loss["type"] in WHOLE_DATA_LOSSES
    ]
