"""Compiled losses, keyed by their registry names (see ``nnspec.losses.base``).

Importing this package imports every loss module, so ``LOSS_BUILDERS`` holds a
builder for every declared loss kind.
"""

from nnspec.losses import (
    acgan,
    adversarial,
    autoencoder,
    boltzmann,
    energy,
    pyramid,
    regularisers,
    supervised,
    variational,
    walkback,
)
from nnspec.losses.base import LOSS_BUILDERS, Loss, loss

__all__ = [
    "LOSS_BUILDERS",
    "Loss",
    "acgan",
    "adversarial",
    "autoencoder",
    "boltzmann",
    "energy",
    "loss",
    "pyramid",
    "regularisers",
    "supervised",
    "variational",
    "walkback",
]
