"""Torch builders for RNN, LSTM and GRU layers with a choice of output.

Besides torch's fused forward, each layer exposes what the sequence training modes
need, without naming its kind: ``carry`` (truncated BPTT) starts a forward from a
given state and keeps the final one, ``given`` (RTRL) replaces the computed states
by a tensor, and ``cell``/``weights`` are one time step as a pure function of the
weights, which RTRL differentiates forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from nnspec.nn.build import BuildEnv, Builder, builds
from nnspec.registry.core import Shape

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

State = Tensor | tuple[Tensor, Tensor]  # torch's h (layers, B, H), or an LSTM's (h, c)


@dataclass
class Carry:
    """The state a forward starts from (None: zeros) and, after it, the one it ended in."""

    state: State | None = None


class Recurrent(nn.Module):
    """A batch-first recurrent layer that returns its last state, all states or their mean.

    ``last`` concatenates the top layer's final forward state with its final
    backward state (the one after reading the whole sequence in reverse).
    """

    def __init__(self, rnn: nn.RNNBase, output: str):
        super().__init__()
        self.rnn, self.output = rnn, output
        self.carry: Carry | None = None  # set by truncated BPTT: state flows across calls
        self.given: Tensor | None = None  # set by RTRL: the top layer's states, (B, T, H)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.given is not None:
            return self._read(self.given, self.given[:, -1:].transpose(0, 1), x)
        start = self.carry.state if self.carry is not None else None
        states, final = self.rnn(x, start)  # states (B, T, H*dirs)
        if self.carry is not None:
            self.carry.state = final
        final = final[0] if isinstance(final, tuple) else final  # LSTM gives (h, c)
        return self._read(states, final, x)

    def _read(self, states: Tensor, final: Tensor, x: Tensor) -> Tensor:
        if self.output == "all":
            return states
        if self.output == "mean":
            return states.mean(dim=1)  # (B, H*dirs)
        dirs = 2 if self.rnn.bidirectional else 1
        top = final[-dirs:]  # (dirs, B, H)
        return top.transpose(0, 1).reshape(x.shape[0], -1)  # (B, H*dirs)

    def start_state(self, batch: int) -> State:
        """Zeros shaped as torch's state for ``batch`` sequences (an LSTM's h and c)."""
        rnn = self.rnn
        dirs = 2 if rnn.bidirectional else 1
        h = rnn.weight_hh_l0.new_zeros(rnn.num_layers * dirs, batch, rnn.hidden_size)
        return (h, h.clone()) if isinstance(rnn, nn.LSTM) else h

    def weights(self) -> list[nn.Parameter]:
        """The parameters ``cell`` takes, in its order: per level, W_ih, W_hh, b_ih, b_hh."""
        return [getattr(self.rnn, f"{k}_l{d}") for d in range(self.rnn.num_layers) for k in KEYS]

    def state_size(self) -> int:
        """Width of the flat state ``cell`` carries: every level's h (and an LSTM's c)."""
        per_level = self.rnn.hidden_size * (2 if isinstance(self.rnn, nn.LSTM) else 1)
        return per_level * self.rnn.num_layers

    def cell(self, weights: tuple[Tensor, ...], state: Tensor, x: Tensor) -> Tensor:
        """One time step as a pure function: flat state (B, S), input (B, F) -> next state."""
        step = STEPS[type(self.rnn)]
        hidden, levels, out = self.rnn.hidden_size, self.rnn.num_layers, []
        width = state.shape[1] // levels
        for depth in range(levels):
            w = weights[4 * depth : 4 * depth + 4]
            new = step(self.rnn, w, state[:, depth * width : (depth + 1) * width], x)
            out.append(new)
            x = new[:, :hidden]  # the level above reads this level's h
        return torch.cat(out, dim=1)

    def extra_repr(self) -> str:
        return f"output={self.output!r}"


KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _elman(rnn: nn.RNNBase, w: tuple[Tensor, ...], h: Tensor, x: Tensor) -> Tensor:
    act = torch.tanh if rnn.nonlinearity == "tanh" else torch.relu
    return act(x @ w[0].T + w[2] + h @ w[1].T + w[3])


def _gru(rnn: nn.RNNBase, w: tuple[Tensor, ...], h: Tensor, x: Tensor) -> Tensor:
    gi, gh = x @ w[0].T + w[2], h @ w[1].T + w[3]  # (B, 3H): reset, update, new
    (ir, iz, i_n), (hr, hz, hn) = gi.chunk(3, 1), gh.chunk(3, 1)
    reset, update = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
    new = torch.tanh(i_n + reset * hn)
    return (1 - update) * new + update * h


def _lstm(rnn: nn.RNNBase, w: tuple[Tensor, ...], hc: Tensor, x: Tensor) -> Tensor:
    h, c = hc.chunk(2, 1)
    gates = x @ w[0].T + w[2] + h @ w[1].T + w[3]  # (B, 4H): input, forget, cell, output
    i, f, g, o = gates.chunk(4, 1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.cat([torch.sigmoid(o) * torch.tanh(c), c], dim=1)


STEPS = {nn.RNN: _elman, nn.GRU: _gru, nn.LSTM: _lstm}


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
