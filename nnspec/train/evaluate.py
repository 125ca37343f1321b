"""Evaluation: registered metric implementations keyed by their registry names.

An implementation is ``fn(params, session, split) -> {name: value}``; the
caller prefixes each name with ``<split>/`` (``eval/`` for metrics that sample
a model rather than read a split), giving ``test/accuracy`` or
``eval/modes_captured``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

from nnspec.registry import REGISTRY
from nnspec.spec.typed import Application
from nnspec.train.sampling import evaluation_rng, inference
from nnspec.train.session import Session

MetricFn = Callable[[dict, Session, str], dict[str, float]]
METRICS: dict[str, MetricFn] = {}


def metric(name: str) -> Callable[[MetricFn], MetricFn]:
    """Register a metric implementation under its registry name."""

    def register(fn: MetricFn) -> MetricFn:
        METRICS[name] = fn
        return fn

    return register


def role_losses(session: Session, role: str) -> list[str]:
    """The spec's losses that offer ``role`` to metrics (``LossInfo.roles``), in spec order."""
    losses = session.rt.spec.losses
    return [n for n, loss in losses.items() if role in REGISTRY.get("loss", loss.kind).info.roles]


def default_network(params: dict, session: Session, role: str) -> str:
    """The metric's network, or the ``role`` network of the spec's first loss offering it.

    validate has made sure such a loss exists when the metric names no network.
    """
    if params.get("network"):
        return params["network"]
    offering = role_losses(session, role)
    assert offering, f"validate admits a metric without a network only where a loss is a {role}"
    loss = session.rt.spec.losses[offering[0]]
    return loss.params[REGISTRY.get("loss", loss.kind).info.roles[role]]


def batched(module: torch.nn.Module, x: torch.Tensor, size: int = 1024) -> torch.Tensor:
    """A module's outputs over a split, in evaluation batches of ``size``: pass
    ``eval_batch(session)`` (the default is ``evaluate.batch_size``'s, for plugins written
    before it existed)."""
    return torch.cat([module(x[i : i + size]) for i in range(0, len(x), size)])


def eval_batch(session: Session) -> int:
    """Examples per evaluation batch: the spec's ``evaluate.batch_size``."""
    return session.rt.spec.evaluate.batch_size


def evaluate(
    session: Session, metrics: Sequence[Application], splits: list[str]
) -> dict[str, float]:
    """Every metric on every split (sampling metrics once, under ``eval/``).

    Runs in evaluation mode, without gradients, and on an evaluation generator of
    its own, so evaluating never changes what training draws next.
    """
    out: dict[str, float] = {}
    with inference(session), evaluation_rng(session.rt):
        for applied in metrics:
            out.update(_one(session, applied, splits))
    return out


def _one(session: Session, applied: Application, splits: list[str]) -> dict[str, float]:
    name, params = applied.kind, applied.params
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
