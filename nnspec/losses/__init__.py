"""Compiled losses, keyed by their registry names (see ``nnspec.losses.base``)."""

from nnspec.losses import supervised  # noqa: F401
from nnspec.losses.base import LOSS_BUILDERS, Loss, loss

__all__ = ["LOSS_BUILDERS", "Loss", "loss"]
