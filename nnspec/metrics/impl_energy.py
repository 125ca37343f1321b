"""Metric implementations for energy models: RBM likelihoods and free energy, Hopfield recall.

Pseudo-likelihood flips one random visible unit per example, drawn from a fresh
evaluation generator; Hopfield recall probes every stored (training) pattern with
``flip`` of its bits flipped and updates units in an order from that generator too.
Both draw on the CPU, where the Hopfield functions draw, so values do not depend on
the device.
"""

from __future__ import annotations

import copy

import torch
from torch import Tensor, nn

from nnspec.errors import RunError
from nnspec.metrics import exact_log_likelihood, free_energy_mean, pseudo_likelihood
from nnspec.metrics import recall_accuracy as hopfield_recall
from nnspec.metrics.rbm import MAX_EXACT_HIDDEN
from nnspec.nn.rbm import RBM
from nnspec.registry import REGISTRY
from nnspec.train.evaluate import metric
from nnspec.train.sampling import evaluation_generator
from nnspec.train.session import Session


def network_of(params: dict, session: Session, metric: str) -> nn.Module:
    """The metric's network, by default the spec's only one of a kind with the metric's
    ``MetricInfo.network_has`` flag; validate has made sure it is one such."""
    flag = REGISTRY.get("metric", metric).info.network_has
    kinds = REGISTRY.having("network", flag)
    networks = session.rt.spec.networks
    fitting = [name for name, net in networks.items() if net.kind in kinds]
    name = params["network"] or fitting[0]
    assert name in fitting, f"validate admits {metric} only on a network of kind {kinds}"
    return session.rt.network(name)


def visible(rbm: RBM, session: Session, split: str) -> Tensor:
    """The split's examples as (N, V) rows in the RBM's dtype."""
    x = session.rt.splits[split][0]
    return x.reshape(len(x), -1).to(rbm.W.dtype)


@metric("pseudo_likelihood")
def pseudo_likelihood_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    rbm = network_of(params, session, "pseudo_likelihood")
    v = visible(rbm, session, split)
    gen = evaluation_generator(session.rt, "cpu")
    indices = torch.randint(0, rbm.visible, (len(v),), generator=gen).to(v.device)
    return {"pseudo_likelihood": float(pseudo_likelihood(rbm, v, indices=indices).mean())}


@metric("free_energy")
def free_energy_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    rbm = network_of(params, session, "free_energy")
    return {"free_energy": free_energy_mean(rbm, visible(rbm, session, split))}


@metric("log_likelihood")
def log_likelihood_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    rbm = network_of(params, session, "log_likelihood")
    if rbm.hidden > MAX_EXACT_HIDDEN:
        raise RunError(
            f"log_likelihood enumerates 2^H hidden states; this rbm has H = {rbm.hidden} "
            f"> {MAX_EXACT_HIDDEN}: use pseudo_likelihood instead"
        )
    return {"log_likelihood": float(exact_log_likelihood(rbm, visible(rbm, session, split)).mean())}


@metric("recall_accuracy")
def recall_accuracy_metric(params: dict, session: Session, split: str) -> dict[str, float]:
    net = network_of(params, session, "recall_accuracy")
    patterns = session.rt.train_x.reshape(len(session.rt.train_x), -1).cpu()
    gen = evaluation_generator(session.rt, "cpu")
    cpu_net = copy.deepcopy(net).cpu()  # recall draws its unit order on the CPU
    return {"recall_accuracy": hopfield_recall(cpu_net, patterns, params["flip"], gen)}
