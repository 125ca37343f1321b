"""Static checks of ``evaluate.early_stopping``.

It watches a metric of periodic evaluations, so the metric must be one the evaluation
reports and ``evaluate.every`` must be set; ``restore_best`` restores best.pt, so where
``outputs.checkpoints`` watches a metric of its own it must be the same one, the same way.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import did_you_mean
from nnspec.spec.located import LocDict

WHERE = "evaluate.early_stopping"


def check_early_stopping(spec: LocDict, known: list[str]) -> list[SpecError]:
    """``known``: every metric name the evaluation reports."""
    early = spec["evaluate"]["early_stopping"]
    if early is None:
        return []
    return _watched(early, known) + _periodic(spec) + _restorable(spec, early)


def _watched(early: LocDict, known: list[str]) -> list[SpecError]:
    watch = early["watch"]
    if watch in known:
        return []
    return [
        SpecError(
            f"early stopping watches '{watch}', which the evaluation never reports",
            f"{WHERE}.watch",
            early.where("watch"),
            hint=did_you_mean(watch, known),
            expected=f"one of {', '.join(known)}" if known else "a metric in evaluate.metrics",
            received=f"'{watch}'",
        )
    ]


def _periodic(spec: LocDict) -> list[SpecError]:
    evaluate = spec["evaluate"]
    if evaluate["every"] is not None:
        return []
    return [
        SpecError(
            "early stopping needs evaluations during training, but evaluate.every is not set "
            "(the run evaluates once, at the end)",
            WHERE,
            evaluate.where("early_stopping"),
            expected="evaluate.every: a number of steps",
            received="evaluate.every: null",
        )
    ]


def _restorable(spec: LocDict, early: LocDict) -> list[SpecError]:
    checkpoints = spec["outputs"]["checkpoints"]
    watch = checkpoints["watch"]
    mine = (early["watch"], early["mode"])
    if not early["restore_best"] or watch is None or (watch, checkpoints["mode"]) == mine:
        return []
    return [
        SpecError(
            f"restore_best restores best.pt, which keeps the best '{watch}' "
            f"({checkpoints['mode']}), not the best '{mine[0]}' ({mine[1]})",
            f"{WHERE}.restore_best",
            early.where("restore_best"),
            expected=f"outputs.checkpoints.watch: {mine[0]} with mode: {mine[1]}, or no "
            "outputs.checkpoints.watch (best.pt then follows early stopping)",
            received=f"outputs.checkpoints.watch: {watch} with mode: {checkpoints['mode']}",
        )
    ]
