"""Metric implementations for generators: ring coverage, Parzen log-likelihood, class accuracy.

Parzen follows the GAN paper (§5): a Gaussian window on every generated sample, σ
chosen on the val split by the mean log-density, then the split's log-likelihood
reported as mean and standard error. Without a val split σ is chosen on a held-out
tenth of the train split (at most 1000 rows, drawn with the evaluation generator):
G was trained on those rows, but the split scored is never used to pick σ.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor

from nnspec.errors import RunError
from nnspec.metrics import (
    accuracy,
    mean_and_stderr,
    parzen_log_likelihood,
    ring_coverage,
    select_sigma,
    sigma_grid,
)
from nnspec.registry import REGISTRY
from nnspec.spec.typed import Application
from nnspec.train.evaluate import batched, default_network, eval_batch, metric
from nnspec.train.sampling import evaluation_generator, sample_count, sampler_for
from nnspec.train.session import Session

SIGMAS = sigma_grid(-2.0, 0.0, 20)  # the registry's default: 20 values log-spaced 0.01–1
HELD_OUT = 0.1
HELD_OUT_MAX = 1000


def mixture_centres(dataset: Application) -> tuple[np.ndarray, float] | None:
    """The mode centres (M, 2) and per-mode std of a dataset (``DatasetInfo.modes``),
    or None when its kind has no known modes."""
    modes = REGISTRY.get("dataset", dataset.kind).info.modes
    if modes is None:
        return None
    centres, std = modes(dataset.params)
    return np.asarray(centres, dtype=float), std


def _samples(params: dict, session: Session) -> Tensor:
    network = default_network(params, session, "sampler")
    n = sample_count(session, params["samples"])
    return sampler_for(session, network).draw(n, evaluation_generator(session.rt))[0]


@metric("ring_modes")
def ring_modes(params: dict, session: Session, split: str) -> dict[str, float]:
    found = mixture_centres(session.rt.spec.data.dataset)
    assert found is not None, "validate admits ring_modes only on data with known modes"
    centres, std = found
    return ring_coverage(_samples(params, session), centres, std)


def sigma_points(session: Session) -> Tensor:
    """The points σ is chosen on: the val split, else a held-out part of train."""
    if "val" in session.rt.splits:
        return session.rt.splits["val"][0]
    train = session.rt.train_x
    count = max(1, min(HELD_OUT_MAX, int(len(train) * HELD_OUT)))
    gen = evaluation_generator(session.rt, "cpu")
    return train[torch.randperm(len(train), generator=gen)[:count].to(train.device)]


@metric("parzen")
def parzen(params: dict, session: Session, split: str) -> dict[str, float]:
    samples = _samples(params, session)
    sigma = select_sigma(samples, sigma_points(session), params["sigmas"] or SIGMAS)
    points = session.rt.splits[split][0]
    mean, stderr = mean_and_stderr(parzen_log_likelihood(samples, points, sigma))
    return {"parzen_ll": mean, "parzen_se": stderr, "parzen_sigma": sigma}


@metric("class_accuracy")
def class_accuracy(params: dict, session: Session, split: str) -> dict[str, float]:
    network = default_network(params, session, "sampler")
    sampler = sampler_for(session, network)
    if not sampler.conditional:
        raise RunError(f"class_accuracy needs a conditional generator; '{network}' is not")
    n = sample_count(session, params["samples"])
    samples, labels = sampler.draw(n, evaluation_generator(session.rt))
    logits = batched(session.rt.network(params["classifier"]), samples, eval_batch(session))
    return {"class_accuracy": accuracy(logits, labels)}
