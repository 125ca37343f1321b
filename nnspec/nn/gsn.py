"""The deep generative stochastic network (Bengio et al. 2014), the ``gsn`` network kind.

Layers x = h⁰, h¹, ..., hᴸ; ``W[l]`` (n_l, n_{l+1}) couples layer l to l + 1 both ways
(tied), ``b[l]`` is layer l's bias. One simulation step, as the paper's MNIST code does it:

- every odd layer, then every even layer, takes the sum of its neighbours' messages,
  h^{l−1} W[l−1] + h^{l+1} W[l]ᵀ + b[l];
- a hidden layer adds N(0, σ²) noise, applies tanh, and adds N(0, σ²) noise again
  (h¹ only with ``noisy_h1``: the paper's code leaves it out, its input x being noisy);
- x takes the sigmoid of its message: its means (the step's reconstruction); with
  ``sample_input`` it is drawn as bits from them, then salt-and-pepper corrupts it.

A chain starts from a corrupted x and hidden layers at zero. Odd and even layers are
each other's only neighbours, so the order within a group does not matter.
"""

from __future__ import annotations

import math
from itertools import pairwise

import torch
from torch import Tensor, nn

from nnspec.nn.gibbs import bernoulli
from nnspec.nn.networks import network


def glorot(fan_in: int, fan_out: int) -> Tensor:
    """U(±√(6 / (fan_in + fan_out))), the initial weights of the paper's code."""
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return torch.empty(fan_in, fan_out).uniform_(-bound, bound)


class GSN(nn.Module):
    """Tied weights ``W[l]`` between layers l and l + 1, a bias ``b[l]`` per layer (x first).

    ``forward`` is the noiseless up-pass, tanh(h^{l−1} W[l−1] + b[l]): the top layer's
    features.
    """

    flat_input = True  # visible units: examples are flattened before they enter

    def __init__(
        self,
        visible: int,
        hidden: list[int],
        input_noise: float = 0.4,
        hidden_noise: float = 2.0,
        noisy_h1: bool = False,
        sample_input: bool = True,
        sample_steps: int = 100,
    ) -> None:
        super().__init__()
        sizes = [visible, *hidden]
        self.W = nn.ParameterList(nn.Parameter(glorot(a, c)) for a, c in pairwise(sizes))
        self.b = nn.ParameterList(nn.Parameter(torch.zeros(n)) for n in sizes)
        self.input_noise, self.hidden_noise, self.noisy_h1 = input_noise, hidden_noise, noisy_h1
        self.sample_input, self.sample_steps = sample_input, sample_steps

    @property
    def depth(self) -> int:
        """The number of hidden layers, L."""
        return len(self.W)

    def forward(self, x: Tensor) -> Tensor:
        h = x.reshape(len(x), -1)  # (B, V)
        for W, b in zip(self.W, self.b[1:], strict=True):
            h = torch.tanh(torch.addmm(b, h, W))  # (B, n_{l+1})
        return h

    def message(self, states: list[Tensor], layer: int) -> Tensor:
        """Layer ``layer``'s input from its neighbours: (B, n_layer)."""
        total = self.b[layer]
        if layer > 0:
            total = total + states[layer - 1] @ self.W[layer - 1]
        if layer < self.depth:
            total = total + states[layer + 1] @ self.W[layer].T
        return total

    def jitter(self, h: Tensor, gen: torch.Generator | None) -> Tensor:
        """h + N(0, σ²): the hidden units' pre- and post-activation noise."""
        if not self.hidden_noise:
            return h
        noise = torch.randn(h.shape, generator=gen, device=h.device, dtype=h.dtype)
        return h + self.hidden_noise * noise

    def corrupt(self, x: Tensor, gen: torch.Generator | None) -> Tensor:
        """Salt and pepper as the paper's code does it: each value independently, with
        probability ``input_noise``, set to 0 or 1 by a fair coin."""
        if not self.input_noise:
            return x
        hit = bernoulli(torch.full_like(x, self.input_noise), gen).bool()
        return torch.where(hit, bernoulli(torch.full_like(x, 0.5), gen), x)

    def visible_step(self, states: list[Tensor], gen: torch.Generator | None) -> Tensor:
        """x's update: returns its logits; the chain carries on from a corrupted x."""
        logits = self.message(states, 0)  # (B, V)
        means = torch.sigmoid(logits)
        states[0] = self.corrupt(bernoulli(means, gen) if self.sample_input else means, gen)
        return logits

    def hidden_step(self, states: list[Tensor], layer: int, gen: torch.Generator | None) -> None:
        """A hidden layer's update in place: noise, tanh, noise (none on h¹ unless noisy_h1)."""
        if layer == 1 and not self.noisy_h1:
            states[layer] = torch.tanh(self.message(states, layer))
            return
        states[layer] = self.jitter(torch.tanh(self.jitter(self.message(states, layer), gen)), gen)

    def step(self, states: list[Tensor], gen: torch.Generator | None) -> Tensor:
        """One simulation step in place: odd layers, then even (x last); returns x's logits."""
        for layer in [*range(1, self.depth + 1, 2), *range(2, self.depth + 1, 2)]:
            self.hidden_step(states, layer, gen)
        return self.visible_step(states, gen)

    def start(self, x: Tensor, gen: torch.Generator | None) -> list[Tensor]:
        """A chain's first states: x (B, V) corrupted, every hidden layer at zero."""
        return [self.corrupt(x, gen), *(x.new_zeros(len(x), len(b)) for b in self.b[1:])]

    def chain(self, x: Tensor, steps: int, gen: torch.Generator | None) -> list[Tensor]:
        """x's logits (B, V) after each of ``steps`` steps of a chain started from x."""
        states = self.start(x, gen)
        return [self.step(states, gen) for _ in range(steps)]

    def draw_chain(self, n: int, generator: torch.Generator) -> Tensor:
        """n samples: x's means after ``sample_steps`` steps of chains started from noise."""
        W = self.W[0]
        states = self.start(bernoulli(W.new_full((n, W.shape[0]), 0.5), generator), generator)
        for _ in range(self.sample_steps - 1):
            self.step(states, generator)
        return torch.sigmoid(self.step(states, generator))  # (n, V)


@network("gsn")
def build(body: dict) -> GSN:
    hidden = body["hidden"] if isinstance(body["hidden"], list) else [body["hidden"]]
    return GSN(
        body["visible"],
        hidden,
        body["input_noise"],
        body["hidden_noise"],
        body["noisy_h1"],
        body["sample_input"],
        body["sample_steps"],
    )
