"""The minimax loss's rule on how its discriminator scores: logits, or probabilities.

``scores: probabilities`` reads D's output as probabilities (BCE on them, as
pytorch/examples' dcgan: a Sigmoid last layer, then ``BCELoss``), so D must end in a
layer whose every value is a probability; ``scores: logits`` (the default) reads
them as logits, so D must not end in one, or the sigmoid would be applied twice.
Which layers output what is their ``LayerInfo.outputs``, never their names.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.last_layer import last_layer, layers_outputting
from nnspec.registry.loss_rules import gan

PROBABILITIES = "unit_probabilities"  # LayerInfo.outputs of a layer such as sigmoid


def minimax(ctx) -> list[SpecError]:
    return gan(ctx) + judge_scores(ctx)


def judge_scores(ctx) -> list[SpecError]:
    """D's last layer outputs probabilities exactly when the loss reads probabilities."""
    name = ctx.loss["discriminator"]
    layer = last_layer(ctx, name)
    reads = ctx.loss.get("scores", "logits")
    if layer is None or (layer.outputs == PROBABILITIES) == (reads == "probabilities"):
        return []
    if reads == "probabilities":
        problem = "which does not output them"
        expected = f"{layers_outputting(PROBABILITIES)} as the last layer"
    else:
        problem = "which outputs probabilities: the loss would apply a sigmoid to them again"
        expected = "a last layer that outputs logits, or scores: probabilities"
    message = (
        f"loss '{ctx.name}' reads the discriminator's scores as {reads} (scores: {reads}), "
        f"but network '{name}' ends in {layer.kind}, {problem}"
    )
    return [layer.error(message, expected)]
