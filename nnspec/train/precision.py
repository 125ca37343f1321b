"""Mixed precision: ``run.precision`` as autocast around each term, and fp16's grad scaler.

bf16 keeps float32's exponent range, so it needs no loss scaling; fp16 does: each
optimizer gets its own ``GradScaler`` (a discriminator's overflow must not shrink the
generator's scale), and its state goes into checkpoints, so a resume continues with the
same scale. Backward runs outside autocast, as torch recommends; evaluation stays float32.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import torch

from nnspec.errors import RunError

DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


@dataclass
class Precision:
    """How terms run (``autocast``) and how an update backpropagates and steps."""

    dtype: torch.dtype | None = None  # None: float32 throughout
    device_type: str = "cpu"
    scalers: dict[str, torch.amp.GradScaler] = field(default_factory=dict)  # fp16 only

    @classmethod
    def of(cls, name: str, device: torch.device, keys: Iterable[str]) -> Precision:
        if name == "fp32":
            return cls()
        dtype = DTYPES[name]
        supported(name, dtype, device.type)
        scalers = {k: torch.amp.GradScaler(device.type) for k in keys} if name == "fp16" else {}
        return cls(dtype, device.type, scalers)

    def autocast(self) -> AbstractContextManager:
        if self.dtype is None:
            return nullcontext()
        return torch.autocast(self.device_type, dtype=self.dtype)

    def backward(self, loss: torch.Tensor, key: str) -> None:
        scaler = self.scalers.get(key)
        (loss if scaler is None else scaler.scale(loss)).backward()

    def step(self, stepper, key: str, scaled: bool) -> None:
        """``stepper.step()``; under fp16 the gradients are unscaled first (so clipping sees
        true values) and an update with an overflowed gradient is skipped, as torch's
        ``GradScaler.step`` skips it. ``scaled``: the gradients came through ``backward``."""
        scaler = self.scalers.get(key) if scaled else None
        if scaler is None:
            stepper.step()
            return
        scaler.unscale_(stepper.optimizer)
        grads = [p.grad for p in stepper.params if p.grad is not None]
        if not grads or bool(torch.isfinite(torch.nn.utils.get_total_norm(grads))):
            stepper.step()
        scaler.update()

    def state_dict(self) -> dict:
        return {key: scaler.state_dict() for key, scaler in self.scalers.items()}

    def load_state_dict(self, state: dict) -> None:
        for key, scaler in self.scalers.items():
            if key in state:  # a checkpoint of another precision starts from a fresh scale
                scaler.load_state_dict(state[key])


def supported(name: str, dtype: torch.dtype, device_type: str) -> None:
    """Refuse a precision this torch cannot autocast on this device, saying what to use."""
    try:
        with torch.autocast(device_type, dtype=dtype):
            probe = torch.ones(2, 2, device=device_type) @ torch.ones(2, 2, device=device_type)
    except (RuntimeError, ValueError) as exc:
        raise RunError(
            f"run.precision: {name} needs autocast to {dtype} on {device_type}, which torch "
            f"{torch.__version__} cannot do here ({str(exc).splitlines()[0]}); use fp32"
            + (" or bf16" if name == "fp16" else "")
        ) from None
    if probe.dtype != dtype:
        raise RunError(
            f"run.precision: torch {torch.__version__} does not autocast to {dtype} on "
            f"{device_type}; use fp32" + (" or bf16" if name == "fp16" else "")
        )
