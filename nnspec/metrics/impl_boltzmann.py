"""Likelihoods of Boltzmann machines (``NetworkInfo.boltzmann``): exact, or with log Z by AIS.

Both work on a float64 CPU copy of the network, so the model in training is untouched
and sums of many exponentials keep their precision. ``exact_kl`` is KL(p̂ ‖ p) from the
split's empirical distribution p̂ over visible states: Σ p̂ log p̂ − mean log p(v).
AIS draws from the evaluation generator; ``run --smoke`` caps its runs and steps.
"""

from __future__ import annotations

import copy

import torch
from torch import Tensor, nn

from nnspec.errors import RunError
from nnspec.metrics.impl_energy import network_of
from nnspec.train.evaluate import metric
from nnspec.train.sampling import evaluation_generator
from nnspec.train.session import Session

SMOKE_RUNS, SMOKE_STEPS = 4, 50


def model_and_data(
    params: dict, session: Session, split: str, name: str
) -> tuple[nn.Module, Tensor]:
    """A float64 CPU copy of the metric's network and the split's examples as rows."""
    model = copy.deepcopy(network_of(params, session, name)).to("cpu", torch.float64).eval()
    x = session.rt.splits[split][0]
    return model, x.reshape(len(x), -1).to("cpu", torch.float64)


def empirical_entropy(v: Tensor) -> float:
    """−Σ p̂ log p̂ of the distinct rows of v."""
    _, counts = torch.unique(v, dim=0, return_counts=True)
    p = counts.double() / len(v)
    return float(-(p * p.log()).sum())


@metric("exact_log_likelihood")
def exact_log_likelihood(params: dict, session: Session, split: str) -> dict[str, float]:
    model, v = model_and_data(params, session, split, "exact_log_likelihood")
    try:  # log Z first: it enumerates the most states, so it refuses first
        log_z = model.exact_log_partition()
        mean = float(model.log_unnormalised(v, exact=True).mean()) - log_z
    except ValueError as exc:  # too many states to enumerate
        raise RunError(f"exact_log_likelihood: {exc}: use ais_log_likelihood instead") from None
    return {"exact_log_likelihood": mean, "exact_kl": -empirical_entropy(v) - mean}


@metric("ais_log_likelihood")
def ais_log_likelihood(params: dict, session: Session, split: str) -> dict[str, float]:
    model, v = model_and_data(params, session, split, "ais_log_likelihood")
    runs, steps = params["runs"], params["steps"]
    if session.rt.smoke:
        runs, steps = min(runs, SMOKE_RUNS), min(steps, SMOKE_STEPS)
    gen = evaluation_generator(session.rt, "cpu")
    log_z, error = model.ais_log_partition(runs, steps, gen)
    mean = float(model.log_unnormalised(v, exact=False).mean())
    return {"ais_log_likelihood": mean - log_z, "ais_log_z": log_z, "ais_log_z_se": error}
