"""Extended-Kalman-filter training (Singhal and Wu 1989; Puskorius and Feldkamp 1994).

The weights w are the filter's state, the network the measurement function: a batch's
outputs ŷ(w) measure the targets y with noise R = r·I. Each step linearises ŷ at w
with the Jacobian H = ∂ŷ/∂w (autograd, one row per output) and makes lecture 003's
update: A = H P Hᵀ + R, K = P Hᵀ A⁻¹, w ← w + K (y − ŷ), P ← P − K H P + Q, Q = q·I.
P is dense (n × n), so the kind is for small networks; it lives in the optimizer's
state, so checkpoints hold it and a resume is exact.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from nnspec.errors import RunError
from nnspec.losses.base import Logs, Term
from nnspec.train.optim import optimizer
from nnspec.train.optim_eager import eager


class EKF(torch.optim.Optimizer):
    """The global EKF over every parameter; ``measure`` hands it a batch's residuals first."""

    def __init__(self, params, p0: float, q: float, r: float):
        super().__init__(params, {"p0": p0, "q": q, "r": r})
        self.pending: tuple[Tensor, Tensor] | None = None  # (residuals (m,), H (m, n))

    def state_shapes(self, param: Tensor) -> dict[str, torch.Size]:
        """P (n × n) sits in the first parameter's state (for the checkpoint checks)."""
        params = self.flat()
        n = sum(p.numel() for p in params)
        return {"P": torch.Size([n, n])} if param is params[0] else {}

    def flat(self) -> list[nn.Parameter]:
        return [p for group in self.param_groups for p in group["params"]]

    def measure(self, residuals: Tensor) -> None:
        """Residuals ŷ − y (m,), with their graph: their Jacobian rows are taken here."""
        params = self.flat()
        eye = torch.eye(len(residuals), dtype=residuals.dtype, device=residuals.device)
        rows = torch.autograd.grad(residuals, params, eye, is_grads_batched=True)
        jacobian = torch.cat([row.reshape(len(residuals), -1) for row in rows], dim=1)
        self.pending = (residuals.detach(), jacobian)  # (m,), (m, n)

    @torch.no_grad()
    def step(self, closure=None) -> None:
        if self.pending is None:  # validate keeps ekf to phases whose terms measure
            raise RuntimeError("EKF.step needs measure() first: its phase computed no residuals")
        residuals, h = self.pending
        self.pending = None
        group, params = self.param_groups[0], self.flat()
        state = self.state[params[0]]
        if "P" not in state:  # P = p0·I, made on the first step (as torch's optimizers do)
            state["P"] = group["p0"] * torch.eye(h.shape[1], dtype=h.dtype, device=h.device)
        p = state["P"]
        ph = p @ h.T  # (n, m)
        a = h @ ph + group["r"] * torch.eye(h.shape[0], dtype=h.dtype, device=h.device)
        gain = torch.linalg.solve(a, ph.T).T  # K = P Hᵀ A⁻¹, (n, m)
        delta = gain @ -residuals  # K (y − ŷ)
        state["P"] = (
            p - gain @ ph.T + group["q"] * torch.eye(len(p), dtype=p.dtype, device=p.device)
        )
        for param, part in zip(params, delta.split([q.numel() for q in params]), strict=True):
            param.add_(part.view_as(param))


@optimizer("ekf")
def build_ekf(params, options: dict) -> EKF:
    return eager(EKF)(params, options["p0"], options["q"], options["r"])


def kalman_term(loss, part: str | None, stepper) -> Term:
    """The term of an EKF update: the loss's residuals, measured by the filter (no backward)."""
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1:
        raise RunError(  # known only once torchrun has launched the processes
            "optimizer 'ekf' cannot train data-parallel: each process would filter its "
            "own batches into its own covariance; run it in one process"
        )

    def run(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        residuals = loss.residuals(x, y).reshape(-1)  # (m,)
        stepper.optimizer.measure(residuals)
        value = residuals.detach().pow(2).mean()
        return value, {"loss": value}

    return run
