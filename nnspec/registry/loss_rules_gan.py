"""The minimax loss's rule on how its discriminator scores: logits, or probabilities.

``scores: probabilities`` reads D's output as probabilities (BCE on them, as
pytorch/examples' dcgan: a Sigmoid last layer, then ``BCELoss``), so D must end in a
layer whose every value is a probability; ``scores: logits`` (the default) reads
them as logits, so D must not end in one, or the sigmoid would be applied twice.
Which layers output what is their ``LayerInfo.outputs``, never their names.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY
from nnspec.registry.loss_rules import gan

PROBABILITIES = "unit_probabilities"  # LayerInfo.outputs of a layer such as sigmoid


def minimax(ctx) -> list[SpecError]:
    return gan(ctx) + judge_scores(ctx)


def judge_scores(ctx) -> list[SpecError]:
    """D's last layer outputs probabilities exactly when the loss reads probabilities."""
    name = ctx.loss["discriminator"]
    network = ctx.spec["networks"].get(name)  # None for a part of a graph (D.real_fake)
    if network is None:
        return []  # a graph's part: its last layer is not looked into here
    ((kind, body),) = network.items()
    if kind != "sequential" or not body["layers"]:
        return []  # a network kind of its own (a graph): its output is not known here
    layers = body["layers"]
    last = next(k for k in layers[-1] if k != "name")
    ends_in_probabilities = REGISTRY.get("layer", last).info.outputs == PROBABILITIES
    reads = ctx.loss.get("scores", "logits")
    if ends_in_probabilities == (reads == "probabilities"):
        return []
    fitting = " or ".join(
        k.name for k in REGISTRY.kinds("layer") if k.info.outputs == PROBABILITIES
    )
    if reads == "probabilities":
        problem, expected = "which does not output them", f"{fitting} as the last layer"
    else:
        problem = "which outputs probabilities: the loss would apply a sigmoid to them again"
        expected = "a last layer that outputs logits, or scores: probabilities"
    return [
        SpecError(
            f"loss '{ctx.name}' reads the discriminator's scores as {reads} (scores: {reads}), "
            f"but network '{name}' ends in {last}, {problem}",
            f"networks.{name}.layers[{len(layers) - 1}]",
            layers.where(len(layers) - 1),
            expected=expected,
            received=f"'{last}'",
        )
    ]
