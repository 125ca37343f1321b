"""Imports every metric and artifact implementation module, so each registers itself."""

from nnspec.train import metrics_basic  # noqa: F401
