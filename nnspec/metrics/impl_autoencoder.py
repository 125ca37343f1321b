"""Metric implementations for autoencoders and learned features: ELBO, reconstruction, readout.

The ELBO's single-sample estimate draws ε from a fresh evaluation generator, so the
same weights always give the same value and evaluating never moves training's RNG.
"""

from __future__ import annotations

import torch
from torch import Tensor

from nnspec.errors import RunError
from nnspec.losses.base import Loss
from nnspec.metrics import features, readout_accuracy
from nnspec.registry import REGISTRY
from nnspec.train.evaluate import default_network, eval_batch, metric, role_losses
from nnspec.train.sampling import evaluation_rng
from nnspec.train.session import Session

SMOKE_READOUT_ROWS = 500


def chunks(session: Session, split: str) -> list[tuple[Tensor, Tensor | None]]:
    """The split as evaluation batches of (x, y)."""
    x, y = session.rt.splits[split]
    size = eval_batch(session)
    return [
        (x[i : i + size], None if y is None else y[i : i + size]) for i in range(0, len(x), size)
    ]


def find_loss(session: Session, name: str | None, role: str) -> Loss:
    """The named loss, or the spec's only loss that offers ``role`` (``LossInfo.roles``)."""
    if name is not None:
        kind = session.rt.spec.losses[name].kind
        if role not in REGISTRY.get("loss", kind).info.roles:
            raise RunError(f"loss '{name}' is a {kind} loss, which offers no {role}")
        return session.losses[name]
    found = role_losses(session, role)
    if len(found) != 1:
        names = ", ".join(f"'{n}'" for n in found) or "none"
        raise RunError(f"the metric needs exactly one {role} loss (found {names}); name it: loss")
    return session.losses[found[0]]


@metric("elbo")
def elbo(params: dict, session: Session, split: str) -> dict[str, float]:
    loss = find_loss(session, params["loss"], "bound")
    rec, kl = 0.0, 0.0
    with evaluation_rng(session.rt):
        for x, y in chunks(session, split):
            r, k = loss.parts(x, y)  # (B,), (B,)
            rec, kl = rec + float(r.double().sum()), kl + float(k.double().sum())
    n = len(session.rt.splits[split][0])
    return {"elbo": -(rec + kl) / n, "reconstruction": rec / n, "kl": kl / n}


@metric("reconstruction_error")
def reconstruction_error(params: dict, session: Session, split: str) -> dict[str, float]:
    loss = find_loss(session, params["loss"], "reconstructor")
    total = 0.0
    for x, y in chunks(session, split):
        total += float(((loss.mean_reconstruction(x, y) - x) ** 2).double().sum())
    x = session.rt.splits[split][0]
    return {"reconstruction_error": total / x.numel()}


def hidden_features(module: torch.nn.Module, x: Tensor) -> Tensor:
    """A network's features: hidden probabilities of an rbm or rbm_stack, else its output."""
    if getattr(module, "flat_input", False):  # visible units take flat examples
        x = x.flatten(1)
    return features(module, x)


@metric("feature_accuracy")
def feature_accuracy(params: dict, session: Session, split: str) -> dict[str, float]:
    network = session.rt.network(default_network(params, session, "features"))
    train_x, train_y = session.rt.splits["train"]
    x, y = session.rt.splits[split]
    if train_y is None:
        raise RunError("feature_accuracy needs labelled data")
    if session.rt.smoke:
        train_x, train_y = train_x[:SMOKE_READOUT_ROWS], train_y[:SMOKE_READOUT_ROWS]
    fitted, scored = hidden_features(network, train_x), hidden_features(network, x)
    seed = session.rt.spec.seed
    return {"feature_accuracy": readout_accuracy(fitted, train_y, scored, y, seed)}
