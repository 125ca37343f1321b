"""Regularisers of autoencoders: sparsity, the L2 weight cost and the contractive penalty.

Seed 003's sparse AE minimises MSE + (λ/2)·Σ W² + β·Σ_j KL(ρ ‖ ρ̂_j): the
``reconstruction``, ``weight_cost`` and ``sparsity`` kinds joined by a ``sum``
loss with the weights λ and β. Each regulariser is its own loss so a spec
weights it, and logs it, by name.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from nnspec.errors import RunError
from nnspec.losses.base import Logs, Loss, Term, loss
from nnspec.nn.autoencoder_stack import AutoencoderStack
from nnspec.nn.graph import part


@loss("sparsity")
class Sparsity(Loss):
    """Σ_j KL(ρ ‖ ρ̂_j), ρ̂_j the batch-mean activation of code unit j (in (0, 1), e.g. sigmoid)."""

    EPS = 1e-6  # keeps log ρ̂ and log(1 − ρ̂) finite for dead or saturated units

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        rho = self.params["target"]
        rho_hat = self.net("encoder")(x).flatten(1).mean(0).clamp(self.EPS, 1 - self.EPS)  # (H,)
        entropy = _xlogx(rho) + _xlogx(1 - rho)  # the ρ-only part, with 0·log 0 = 0
        kl = entropy - rho * torch.log(rho_hat) - (1 - rho) * torch.log1p(-rho_hat)  # (H,)
        value = kl.sum()
        return value, {"loss": value.detach(), "mean_activation": rho_hat.detach().mean()}


def _xlogx(p: float) -> float:
    return p * math.log(p) if p > 0 else 0.0


@loss("weight_cost")
class WeightCost(Loss):
    """½ Σ ‖W‖² over the parameters of ≥ 2 dimensions (weights, not biases) of the networks.

    A parameter shared by two named networks (an ``unroll`` and its stack) counts once.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        names = params["networks"] if isinstance(params["networks"], list) else [params["networks"]]
        # NET.NODE: that node and the nodes it reads, as an optimizer's params take it
        found = (p for n in names for p in part(rt.networks, n).parameters() if p.dim() >= 2)
        self.weights = list({id(p): p for p in found}.values())
        if not self.weights:  # validate refuses networks without parameters; these have biases
            which = ", ".join(f"'{n}'" for n in names)
            raise RunError(
                f"loss '{name}' penalises weights, but {which} "
                f"{'has' if len(names) == 1 else 'have'} only biases and scales "
                f"(at losses.{name}.networks)"
            )

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        value = 0.5 * torch.stack([w.pow(2).sum() for w in self.weights]).sum()
        return value, {"loss": value.detach()}


@loss("contractive")
class Contractive(Loss):
    """E_batch ‖∂h/∂x‖²_F of the encoder's code h (Rifai et al. 2011).

    An encoder that is exactly linear then sigmoid (a ``[linear, sigmoid]``
    network, or a one-level sigmoid ``autoencoder_stack``) uses the closed form
    Σ_j (h_j(1 − h_j))² Σ_i W_ji². Any other encoder gets the exact Jacobian from
    autograd: one batched vector-Jacobian product per code unit
    (``is_grads_batched``), which assumes examples do not interact (no batch
    norm in training mode).
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.encoder = self.net("encoder")
        self.linear = linear_sigmoid(self.encoder)

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        if self.linear is not None:
            per_example = sigmoid_jacobian_norm(self.linear, x)
        else:
            per_example = jacobian_norm(self.encoder, x)
        value = per_example.mean()
        return value, {"loss": value.detach()}

    # A layerwise phase over an autoencoder_stack (Rifai et al. 2011's stacked CAE): level l's
    # penalty is that level's encoder's ‖J‖²_F at its own input, the codes of the levels below.
    def levels(self) -> int:
        return len(self._stack().encoders)

    def level_params(self, level: int) -> list[nn.Parameter]:
        return list(self._stack().encoders[level].parameters())  # its decoder does not enter J

    def level_term(self, level: int, mode: str) -> Term:
        stack = self._stack()

        def term(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
            inputs = stack.level_input(x, level, mode, self.rt.generator)  # (B, sizes[level])
            value = stack.jacobian_norm(inputs, level).mean()
            return value, {"loss": value.detach()}

        return term

    def _stack(self) -> AutoencoderStack:
        assert isinstance(self.encoder, AutoencoderStack), (
            "validate admits a contractive loss in a layerwise phase only on an autoencoder_stack"
        )
        return self.encoder


def linear_sigmoid(module: nn.Module) -> nn.Linear | None:
    """The linear map of an encoder that is exactly linear then sigmoid, else None."""
    if isinstance(module, AutoencoderStack) and len(module.encoders) == 1:
        return module.encoders[0] if isinstance(module.act, nn.Sigmoid) else None
    if isinstance(module, nn.Sequential) and len(module) == 2:
        first, second = module
        if isinstance(first, nn.Linear) and isinstance(second, nn.Sigmoid):
            return first
    return None


def sigmoid_jacobian_norm(linear: nn.Linear, x: Tensor) -> Tensor:
    """‖∂σ(Wx + b)/∂x‖²_F per example: Σ_j (h_j(1 − h_j))² ‖W_j‖²."""
    h = torch.sigmoid(linear(x))  # (B, ..., H)
    slope = (h * (1 - h)) ** 2 @ linear.weight.pow(2).sum(1)  # (B, ...)
    return slope.reshape(len(x), -1).sum(1)  # (B,)


def jacobian_norm(encoder: nn.Module, x: Tensor) -> Tensor:
    """‖∂h/∂x‖²_F per example by autograd, differentiable in the encoder's parameters."""
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():  # also under an evaluation's no_grad
        h = encoder(x).reshape(len(x), -1)  # (B, H)
        units = h.shape[1]
        basis = torch.eye(units, dtype=h.dtype, device=h.device)
        basis = basis.unsqueeze(1).expand(units, len(x), units)  # (H, B, H): e_j for every example
        (rows,) = torch.autograd.grad(h, x, basis, create_graph=True, is_grads_batched=True)
    return rows.pow(2).reshape(units, len(x), -1).sum((0, 2))  # (B,)
