"""Builders of the non-sequential network kinds, keyed by their registry names."""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from nnspec.nn.autoencoder_stack import CHAIN_NOISE, CHAIN_STEPS, AutoencoderStack
from nnspec.nn.chains import SAMPLE_STEPS
from nnspec.nn.dbn import DBN
from nnspec.nn.hopfield import Hopfield
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack
from nnspec.plugins import registrar


def _hidden(body: dict) -> list[int]:
    return body["hidden"] if isinstance(body["hidden"], list) else [body["hidden"]]


def _steps(body: dict) -> int:
    # A resolved spec always has sample_steps; bodies written by hand may leave it out.
    return body.get("sample_steps", SAMPLE_STEPS)


NETWORK_BUILDERS: dict[str, Callable[[dict], nn.Module]] = {
    "rbm": lambda b: RBM(
        b["visible"], b["hidden"], b["units"], b["init_std"], sample_steps=_steps(b)
    ),
    "rbm_stack": lambda b: RBMStack(
        b["visible"], _hidden(b), b["units"], b["init_std"], sample_steps=_steps(b)
    ),
    "autoencoder_stack": lambda b: AutoencoderStack(
        b["visible"],
        _hidden(b),
        b["activation"],
        b.get("sample_steps", CHAIN_STEPS),
        b.get("sample_noise", CHAIN_NOISE),
    ),
    "hopfield": lambda b: Hopfield(b["size"]),
    "dbn": lambda b: DBN(
        b["visible"], b["hidden"], b["labels"], b["units"], b["init_std"], _steps(b)
    ),
}

# A plugin's torch side: ``@network("name")`` on ``(body) -> nn.Module``.
network = registrar(NETWORK_BUILDERS, "network")

# Network kinds implemented in modules of their own, which register with ``network``.
from nnspec.nn import boltzmann, dbm, gsn  # noqa: E402, F401
