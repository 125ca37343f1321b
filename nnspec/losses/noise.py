"""Noise kinds: latent priors to sample and input corruptions to apply.

Every draw takes the run's seeded ``torch.Generator`` so runs are deterministic.
A noise entry is the normalised one-key form ``{"salt_pepper": {"p": 0.2, ...}}``.
Masking and salt-and-pepper touch exactly ``round(p·D)`` of each example's D
values, chosen afresh per example, as in Vincent et al. (2010) ("a fraction ν of
the elements, chosen at random for each example"); Gaussian corruption adds
N(0, std²) to every value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import torch
from torch import Tensor

from nnspec.plugins import registrar
from nnspec.registry import REGISTRY
from nnspec.spec.typed import Application


def normal(
    params: dict,
    shape: tuple[int, ...],
    generator: torch.Generator,
    dtype: torch.dtype = torch.float32,
) -> Tensor:
    """z ~ N(0, I) of ``shape``."""
    return torch.randn(shape, generator=generator, device=generator.device, dtype=dtype)


def uniform(
    params: dict,
    shape: tuple[int, ...],
    generator: torch.Generator,
    dtype: torch.dtype = torch.float32,
) -> Tensor:
    """z ~ U(low, high) of ``shape``."""
    u = torch.rand(shape, generator=generator, device=generator.device, dtype=dtype)
    return params["low"] + (params["high"] - params["low"]) * u


def gaussian(params: dict, x: Tensor, generator: torch.Generator) -> Tensor:
    """x + N(0, std²) on every value."""
    noise = torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    return x + params["std"] * noise


def chosen(x: Tensor, p: float, generator: torch.Generator) -> Tensor:
    """A boolean mask selecting exactly round(p·D) of each example's D values."""
    flat = x.reshape(len(x), -1)  # (B, D)
    count = round(p * flat.shape[1])
    keys = torch.rand(flat.shape, generator=generator, device=x.device)  # (B, D)
    picked = keys.topk(count, dim=1).indices  # (B, count): uniform without replacement
    mask = torch.zeros(flat.shape, dtype=torch.bool, device=x.device)
    return mask.scatter_(1, picked, True).reshape(x.shape)


def masking(params: dict, x: Tensor, generator: torch.Generator) -> Tensor:
    """x with a fraction p of each example's values set to zero."""
    return x.masked_fill(chosen(x, params["p"], generator), 0.0)


def salt_pepper(params: dict, x: Tensor, generator: torch.Generator) -> Tensor:
    """x with a fraction p of each example's values set to low or high by a fair coin."""
    mask = chosen(x, params["p"], generator)
    coin = torch.rand(x.shape, generator=generator, device=x.device) < 0.5
    salted = torch.where(coin, params["high"], params["low"]).to(x.dtype)
    return torch.where(mask, salted, x)


PRIORS: dict[str, Callable[..., Tensor]] = {"normal": normal, "uniform": uniform}
CORRUPTIONS: dict[str, Callable[[dict, Tensor, torch.Generator], Tensor]] = {
    "gaussian": gaussian,
    "masking": masking,
    "salt_pepper": salt_pepper,
}


def noise(name: str) -> Callable[[Callable], Callable]:
    """A plugin's torch side: ``@noise("name")`` files a declared noise kind by its role.

    A prior is ``(params, shape, generator, dtype) -> z``; a corruption is
    ``(params, x, generator) -> x``.
    """
    kind = REGISTRY.get("noise", name)
    if kind is None:
        raise ValueError(f"noise {name!r} is implemented but not declared")
    table = PRIORS if kind.info.role == "prior" else CORRUPTIONS
    return registrar(table, "noise")(name)


def _entry(noise: dict, table: dict, role: str) -> tuple[Callable, Mapping]:
    applied = Application.of(noise)
    assert applied.kind in table, (
        f"validate admits noise '{applied.kind}' only where a {role} belongs"
    )
    return table[applied.kind], applied.params


def prior_size(noise: dict) -> int:
    """The latent size of a prior entry."""
    _, params = _entry(noise, PRIORS, "latent prior")
    return params["size"]


def sample_prior(
    noise: dict, n: int, generator: torch.Generator, dtype: torch.dtype = torch.float32
) -> Tensor:
    """n latent vectors from a prior entry such as ``{"normal": {"size": 2}}``."""
    fn, params = _entry(noise, PRIORS, "latent prior")
    return fn(params, (n, params["size"]), generator, dtype)  # (n, Z)


def corrupt(noise: dict | None, x: Tensor, generator: torch.Generator) -> Tensor:
    """x corrupted by a corruption entry; ``None`` leaves x as it is."""
    if noise is None:
        return x
    fn, params = _entry(noise, CORRUPTIONS, "corruption")
    return fn(params, x, generator)
