"""The ``acgan`` loss: a minimax GAN whose discriminator also classifies (Odena et al. 2017).

Its generator takes the labels (a graph with a label input, or ``conditional: true``);
its classifier is usually a second head on the discriminator's trunk (``D.digit``).
"""

from nnspec.errors import SpecError
from nnspec.registry import loss_rules as rules
from nnspec.registry.core import REGISTRY, declare
from nnspec.registry.info import LossInfo
from nnspec.registry.losses import GAN, SAMPLER, always
from nnspec.registry.params import Float, Param, Ref

# The discriminator and generator_loss parameters are minimax's own.
MINIMAX = {p.name: p for p in REGISTRY.get("loss", "minimax").params}


def _wiring(ctx) -> list[SpecError]:
    from nnspec.spec.check.shapes import takes_labels  # the spec side loads the registry

    errors = rules.gan(ctx)
    classes = ctx.data.classes
    if classes is not None:
        errors += ctx.expect("classifier", "output", (classes,), "it scores the data's classes")
    generator = ctx.loss["generator"]
    if not ctx.loss["conditional"] and not takes_labels(
        ctx.spec["networks"].get(generator.partition(".")[0])
    ):
        errors.append(
            SpecError(
                f"the generator '{generator}' of loss '{ctx.name}' does not take the labels",
                f"losses.{ctx.name}.generator",
                ctx.loss.where("generator"),
                expected="a graph with a label input (y: {labels: <classes>}), "
                "or conditional: true",
            )
        )
    return errors


declare(
    "loss",
    "acgan",
    "A minimax GAN plus an auxiliary classifier of real and generated samples (AC-GAN).",
    *GAN,
    MINIMAX["discriminator"],
    Param("classifier", Ref("network"), doc="maps samples to class logits, e.g. D.digit"),
    Param("weight", Float(0), 1.0, "weight of the classification terms"),
    MINIMAX["generator_loss"],
    terms=("discriminator", "generator"),
    info=LossInfo(
        _wiring,
        trains={"discriminator": ("discriminator", "classifier"), "generator": ("generator",)},
        samples="generator",
        needs_labels=always,
        roles=SAMPLER,
        conditions={"generator": "latent"},
    ),
)
