"""Torch builders for RNN, LSTM and GRU layers with a choice of output."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.build import BuildEnv, Builder, builds
from nnspec.registry.core import Shape

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Recurrent(nn.Module):
    """A batch-first recurrent layer that returns its last state, all states or their mean.

    ``last`` concatenates the top layer's final forward state with its final
    backward state (the one after reading the whole sequence in reverse).
    """

    def __init__(self, rnn: nn.RNNBase, output: str):
        super().__init__()
        self.rnn, self.output = rnn, output

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        states, final = self.rnn(x)  # states (B, T, H*dirs)
        if self.output == "all":
            return states
        if self.output == "mean":
            return states.mean(dim=1)  # (B, H*dirs)
        final = final[0] if isinstance(final, tuple) else final  # LSTM gives (h, c)
        dirs = 2 if self.rnn.bidirectional else 1
        top = final[-dirs:]  # (dirs, B, H)
        return top.transpose(0, 1).reshape(x.shape[0], -1)  # (B, H*dirs)

    def extra_repr(self) -> str:
        return f"output={self.output!r}"


def _recurrent_builder(name: str) -> Builder:
    def build(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
        options = {"nonlinearity": params["nonlinearity"]} if name == "rnn" else {}
        rnn = CELLS[name](
            in_shape[-1],
            params["hidden"],
            num_layers=params["layers"],
            bidirectional=params["bidirectional"],
            dropout=params["dropout"] if params["layers"] > 1 else 0.0,
            batch_first=True,
            **options,
        )
        return Recurrent(rnn, params["output"])

    return build


for _name in CELLS:
    builds(_name)(_recurrent_builder(_name))
