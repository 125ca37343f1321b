"""Metric implementations for autoencoders and learned features: ELBO, reconstruction, readout.

The ELBO's single-sample estimate draws ε from a fresh evaluation generator, so the
same weights always give the same value and evaluating never moves training's RNG.
"""

from __future__ import annotations

import torch
from torch import Tensor

from nnspec.errors import RunError
from nnspec.losses.autoencoder import Reconstruction
from nnspec.losses.base import Loss
from nnspec.losses.variational import ELBO
from nnspec.metrics import features, readout_accuracy
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack
from nnspec.train.evaluate import EVAL_BATCH, default_network, metric
from nnspec.train.sampling import evaluation_rng
from nnspec.train.session import Session

SMOKE_READOUT_ROWS = 500


def chunks(session: Session, split: str) -> list[tuple[Tensor, Tensor | None]]:
    """The split as evaluation batches of (x, y)."""
    x, y = session.rt.splits[split]
    return [
        (x[i : i + EVAL_BATCH], None if y is None else y[i : i + EVAL_BATCH])
        for i in range(0, len(x), EVAL_BATCH)
    ]


def find_loss(session: Session, name: str | None, kinds: tuple[type[Loss], ...], what: str) -> Loss:
    """The named loss, or the spec's only loss of one of ``kinds``."""
    if name is not None:
        loss = session.losses[name]
        if not isinstance(loss, kinds):
            raise RunError(f"loss '{name}' is not {what}")
        return loss
    found = [loss for loss in session.losses.values() if isinstance(loss, kinds)]
    if len(found) != 1:
        names = ", ".join(f"'{loss.name}'" for loss in found) or "none"
        raise RunError(f"the metric needs exactly one {what} loss (found {names}); name it: loss")
    return found[0]


@metric("elbo")
def elbo(params: dict, session: Session, split: str) -> dict[str, float]:
    loss = find_loss(session, params["loss"], (ELBO,), "an elbo")
    rec, kl = 0.0, 0.0
    with evaluation_rng(session.rt):
        for x, y in chunks(session, split):
            r, k = loss.parts(x, y)  # (B,), (B,)
            rec, kl = rec + float(r.double().sum()), kl + float(k.double().sum())
    n = len(session.rt.splits[split][0])
    return {"elbo": -(rec + kl) / n, "reconstruction": rec / n, "kl": kl / n}


def reconstruction(loss: Loss, x: Tensor, y: Tensor | None) -> Tensor:
    """The model's mean reconstruction of clean x (a VAE decodes its posterior mean)."""
    if isinstance(loss, ELBO):
        mean, _ = loss.posterior(x, y)
        out = loss.decoder(loss.condition(mean, y)).reshape(x.shape)
        return torch.sigmoid(out) if loss.params["likelihood"] == "bernoulli" else out
    out = loss.reconstruct(x)
    return torch.sigmoid(out) if loss.params["distance"] == "bce" else out


@metric("reconstruction_error")
def reconstruction_error(params: dict, session: Session, split: str) -> dict[str, float]:
    loss = find_loss(session, params["loss"], (ELBO, Reconstruction), "an elbo or reconstruction")
    total = 0.0
    for x, y in chunks(session, split):
        total += float(((reconstruction(loss, x, y) - x) ** 2).double().sum())
    x = session.rt.splits[split][0]
    return {"reconstruction_error": total / x.numel()}


def hidden_features(module: torch.nn.Module, x: Tensor) -> Tensor:
    """A network's features: hidden probabilities of an rbm or rbm_stack, else its output."""
    if isinstance(module, (RBM, RBMStack)):
        x = x.flatten(1)
    return features(module, x)


@metric("feature_accuracy")
def feature_accuracy(params: dict, session: Session, split: str) -> dict[str, float]:
    network = session.rt.network(default_network(params, session, ("model", "encoder")))
    train_x, train_y = session.rt.splits["train"]
    x, y = session.rt.splits[split]
    if train_y is None:
        raise RunError("feature_accuracy needs labelled data")
    if session.rt.smoke:
        train_x, train_y = train_x[:SMOKE_READOUT_ROWS], train_y[:SMOKE_READOUT_ROWS]
    fitted, scored = hidden_features(network, train_x), hidden_features(network, x)
    seed = session.rt.spec.get("seed", 0)
    return {"feature_accuracy": readout_accuracy(fitted, train_y, scored, y, seed)}
