"""Evaluation: registered metric implementations keyed by their registry names.

An implementation is ``fn(params, session, split) -> {name: value}``; the
caller prefixes each name with ``<split>/`` (``eval/`` for metrics that sample
a model rather than read a split), giving ``test/accuracy`` or
``eval/modes_captured``.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from nnspec.registry import REGISTRY
from nnspec.train.sampling import evaluation_rng, inference
from nnspec.train.session import Session

MetricFn = Callable[[dict, Session, str], dict[str, float]]
METRICS: dict[str, MetricFn] = {}
EVAL_BATCH = 1024


def metric(name: str) -> Callable[[MetricFn], MetricFn]:
    """Register a metric implementation under its registry name."""

    def register(fn: MetricFn) -> MetricFn:
        METRICS[name] = fn
        return fn

    return register


def default_network(
    params: dict,
    session: Session,
    loss_params: tuple[str, ...],
    types: tuple[str, ...] | None = None,
) -> str:
    """The metric's network, or the model of the spec's first fitting loss.

    ``types`` narrows which losses fit (accuracy reads a classifier's loss, never
    a cd loss's RBM that happens to also be called ``model``).
    """
    if params.get("network"):
        return params["network"]
    for loss in session.rt.spec["losses"].values():
        if types is not None and loss["type"] not in types:
            continue
        for key in loss_params:
            if key in loss:
                return loss[key]
    raise KeyError("no network for the metric")


def batched(module: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """A module's outputs over a split, in evaluation batches."""
    return torch.cat([module(x[i : i + EVAL_BATCH]) for i in range(0, len(x), EVAL_BATCH)])


def evaluate(session: Session, metrics: list[dict], splits: list[str]) -> dict[str, float]:
    """Every metric on every split (sampling metrics once, under ``eval/``).

    Runs in evaluation mode, without gradients, and on an evaluation generator of
    its own, so evaluating never changes what training draws next.
    """
    out: dict[str, float] = {}
    with inference(session), evaluation_rng(session.rt):
        for entry in metrics:
            out.update(_one(session, entry, splits))
    return out


def _one(session: Session, entry: dict, splits: list[str]) -> dict[str, float]:
    ((name, params),) = entry.items()
    scope = REGISTRY.get("metric", name).info.scope
    if scope == "training":
        return {}
    if scope == "samples":
        return {f"eval/{k}": v for k, v in METRICS[name](params, session, "test").items()}
    out = {}
    for split in splits:
        if split in session.rt.splits:
            out.update(
                {f"{split}/{k}": v for k, v in METRICS[name](params, session, split).items()}
            )
    return out
