"""Builders of the non-sequential network kinds, keyed by their registry names."""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from nnspec.nn.autoencoder_stack import AutoencoderStack
from nnspec.nn.hopfield import Hopfield
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack
from nnspec.plugins import registrar


def _hidden(body: dict) -> list[int]:
    return body["hidden"] if isinstance(body["hidden"], list) else [body["hidden"]]


NETWORK_BUILDERS: dict[str, Callable[[dict], nn.Module]] = {
    "rbm": lambda b: RBM(b["visible"], b["hidden"], units=b["units"], init_std=b["init_std"]),
    "rbm_stack": lambda b: RBMStack(
        b["visible"], _hidden(b), units=b["units"], init_std=b["init_std"]
    ),
    "autoencoder_stack": lambda b: AutoencoderStack(b["visible"], _hidden(b), b["activation"]),
    "hopfield": lambda b: Hopfield(b["size"]),
}

# A plugin's torch side: ``@network("name")`` on ``(body) -> nn.Module``.
network = registrar(NETWORK_BUILDERS, "network")
