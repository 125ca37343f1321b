"""log_softmax: log-probabilities over the last (feature) dimension, what ``nll`` reads."""

from __future__ import annotations

from nnspec.registry.core import declare
from nnspec.registry.info import LayerInfo
from nnspec.registry.layers.activations import no_count, same

declare(
    "layer",
    "log_softmax",
    "Log of the softmax over the last (feature) dimension: log-probabilities, for `nll`.",
    shape=same,
    count=no_count,
    info=LayerInfo(outputs="log_probabilities"),
)
