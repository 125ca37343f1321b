"""A stack of RBMs for deep belief networks, trained greedily layer by layer.

Seed 003 ("DBN Layer-Wise Training"): train the bottom RBM on the data, then each next
RBM on the hidden activity of the one below, then fine-tune the whole as a network.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor, nn

from nnspec.nn import gibbs
from nnspec.nn.chains import SAMPLE_STEPS, chain_samples
from nnspec.nn.contrastive import PersistentChains
from nnspec.nn.rbm import RBM, Units


class RBMStack(nn.Module):
    """RBMs of sizes visible → hidden[0] → hidden[1] ..., trained greedily as a DBN.

    Only the bottom RBM may have Gaussian visible units; the layers above see
    probabilities or binary samples of the layer below.
    """

    flat_input = True  # visible units: examples are flattened before they enter

    def rbm_levels(self) -> list[RBM]:
        """The RBMs it is made of, bottom first."""
        return list(self.layers)

    def unrolled(self) -> nn.Module:
        """Its deterministic up-pass, sharing its parameters (the ``unroll`` layer)."""
        from nnspec.nn.unroll import UnrolledRBMs  # unroll builds on this module

        return UnrolledRBMs(self.rbm_levels())

    def down_from(self, mean: Tensor, level: int) -> Tensor:
        """Visible means of level ``level`` passed down the levels below to the data."""
        return self.down(mean, level)

    def draw_chain(self, n: int, generator: torch.Generator) -> Tensor:
        """n samples: ``sample_steps`` Gibbs steps at the top RBM, then down (``chains``)."""
        return chain_samples(self, n, self.sample_steps, generator)  # (n, V)

    def __init__(
        self,
        visible: int,
        hidden: list[int],
        units: Units = "bernoulli",
        init_std: float = 0.01,
        generator: torch.Generator | None = None,
        sample_steps: int = SAMPLE_STEPS,
    ) -> None:
        super().__init__()
        self.sample_steps = sample_steps
        sizes = [visible, *hidden]
        self.layers = nn.ModuleList(
            RBM(sizes[i], sizes[i + 1], units if i == 0 else "bernoulli", init_std, generator)
            for i in range(len(hidden))
        )

    def up(
        self,
        x: Tensor,
        upto: int | None = None,
        mode: Literal["mean", "sample"] = "mean",
        generator: torch.Generator | None = None,
    ) -> Tensor:
        """The input to layer ``upto`` (all layers when None): the data passed up the stack.

        ``mean`` propagates P(h = 1 | v), ``sample`` binary states drawn from it: the two
        approximations of Q(h | v) in seed 003 ("DBN Layer-Wise Training").
        """
        for level in range(len(self.layers[:upto])):
            p = self.level_up(x, level)  # (B, H_level)
            x = p if mode == "mean" else gibbs.bernoulli(p, generator)
        return x

    def down(self, h: Tensor, start: int | None = None) -> Tensor:
        """Pass ``h``, shaped like ``up(x, start)``, back down to the visible units as means."""
        for level in reversed(range(len(self.layers[:start]))):
            h = self.level_down(h, level)  # (B, V_level)
        return h

    def level_up(self, x: Tensor, level: int) -> Tensor:
        """P(h = 1 | x) of level ``level``: its RBM's (a dbn's untied levels have their own)."""
        return self.layers[level].hidden_probs(x)

    def level_down(self, h: Tensor, level: int) -> Tensor:
        """E[x | h] of level ``level``: its RBM's (a dbn's untied levels have their own)."""
        return self.layers[level].visible_mean(h)

    def forward(self, x: Tensor) -> Tensor:
        """Mean-field features of the top layer."""
        return self.up(x)

    def layer_loss(
        self,
        layer: int,
        x: Tensor,
        k: int = 1,
        persistent_chains: PersistentChains | None = None,
        generator: torch.Generator | None = None,
        mode: Literal["mean", "sample"] = "mean",
    ) -> tuple[Tensor, Tensor, dict[str, Tensor]]:
        """Layer ``layer``'s CD surrogate on ``x`` passed up through the frozen layers under it."""
        with torch.no_grad():
            v = self.up(x, layer, mode, generator)
        return self.layers[layer].cd_loss(v, k, persistent_chains, generator)
