"""Metric implementations for supervised models: loss, accuracy, mse."""

from __future__ import annotations

import torch

from nnspec.metrics import accuracy as accuracy_of
from nnspec.registry import REGISTRY
from nnspec.train.evaluate import batched, default_network, eval_batch, metric
from nnspec.train.session import Session


@metric("loss")
def loss_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    x, y = session.rt.splits[split]
    names = params["losses"] or list(session.losses)
    out = {}
    for name in names:
        if _has_terms(name, session):
            continue  # a multi-term (adversarial) loss has no single value on a split
        loss, size = session.losses[name], eval_batch(session)
        # Each batch's mean weighted by its rows: the value does not depend on the batch size.
        totals = [
            loss(x[i : i + size], None if y is None else y[i : i + size])[0] * len(x[i : i + size])
            for i in range(0, len(x), size)
        ]
        out[name if len(names) > 1 else "loss"] = float(torch.stack(totals).sum() / len(x))
    return out


def _has_terms(name: str, session: Session) -> bool:
    return bool(REGISTRY.get("loss", session.rt.spec.losses[name].kind).terms)


@metric("accuracy")
def accuracy_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    x, y = session.rt.splits[split]
    network = session.rt.network(default_network(params, session, "classifier"))
    out = batched(network, x, eval_batch(session))
    if out.dim() == 3:  # (B, T, C) per-step logits against (B, T) labels
        out, y = out.reshape(-1, out.shape[-1]), y.reshape(-1)
    return {"accuracy": accuracy_of(out, y)}


@metric("mse")
def mse_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    x, y = session.rt.splits[split]
    network = session.rt.network(default_network(params, session, "regressor"))
    out = batched(network, x, eval_batch(session))
    return {"mse": float(torch.mean((out - y.reshape(out.shape).to(out.dtype)) ** 2))}
