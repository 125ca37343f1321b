"""Imports every metric and artifact implementation module, so each registers itself."""

from nnspec.train import (
    artifacts_energy,  # noqa: F401
    artifacts_generative,  # noqa: F401
    metrics_autoencoder,  # noqa: F401
    metrics_basic,  # noqa: F401
    metrics_energy,  # noqa: F401
    metrics_generative,  # noqa: F401
)
