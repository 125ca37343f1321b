"""What a loss term draws from the training data: examples, labels only, or nothing.

The GAN paper's Algorithm 1 samples only noise for its generator step, and a
conditional generator step needs labels but no examples. A step that draws no batch
does not move through the data, so an epoch counts only the steps that draw one.
Decided from each loss kind's ``LossInfo`` (``data_free``, ``needs_labels``) and from
whether one of its networks takes labels (a graph with a label input).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from nnspec.registry import REGISTRY

Draw = Literal["examples", "labels", "nothing"]
ORDER: tuple[Draw, ...] = ("examples", "labels", "nothing")  # a sum draws its most


def term_draws(spec: Mapping[str, Any], term: str) -> Draw:
    """What one step of loss term ``term`` (``loss`` or ``loss.part``) draws."""
    loss_name, _, part = term.partition(".")
    loss = spec["losses"][loss_name]
    info = REGISTRY.get("loss", loss["type"]).info
    if info.sums:
        drawn = {term_draws(spec, t["loss"]) for t in loss["terms"]}
        return next(d for d in ORDER if d in drawn)
    if not part or part not in info.data_free:
        return "examples"
    return "labels" if info.needs_labels(loss) or _labelled(spec, loss_name) else "nothing"


def _labelled(spec: Mapping[str, Any], loss_name: str) -> bool:
    """Whether a network of the loss takes the batch's labels (a graph's label input)."""
    from nnspec.spec.check.references import term_networks  # both import the registry
    from nnspec.spec.check.shapes import takes_labels

    networks = spec.get("networks") or {}
    if not networks:
        return False
    names = term_networks(spec, loss_name)
    return any(takes_labels(networks.get(n.partition(".")[0])) for n in names)
