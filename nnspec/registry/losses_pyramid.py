"""The Laplacian-pyramid GAN (Denton et al. 2015): one conditional GAN per pyramid level.

Each level is its own ``laplacian_gan`` loss. The coarsest draws a low-resolution image
from noise; every finer level names its ``coarser`` one and generates the residual
between its image and the upsampled coarser image, conditioned on the latter. Sampling
the finest generator runs the chain from the coarsest level up.
"""

from __future__ import annotations

from math import prod

from nnspec.errors import SpecError
from nnspec.registry.core import declare
from nnspec.registry.info import LossInfo
from nnspec.registry.layer_rules import fmt
from nnspec.registry.losses import MINIMAX
from nnspec.registry.params import Int, Nested, Param, Ref


def pyramid(ctx) -> list[SpecError]:
    """The level's image size, its coarser level, and its G and D against both."""
    x, scale = ctx.data.x, ctx.loss["scale"]
    if x is None:
        return []
    errors = _level_size(ctx, x, scale) + _coarser_level(ctx, scale)
    if errors:
        return errors
    channels, h, w = x[0], x[1] // scale, x[2] // scale
    conditioned = ctx.loss["coarser"] is not None
    ((_, noise),) = ctx.loss["noise"].items()
    if noise.get("size") is None:
        return []  # a corruption given as the prior: kind_checks reports it
    level = (channels, h, w)
    takes = noise["size"] + (prod(level) if conditioned else 0)
    why = "it takes the noise" + (" and the upsampled coarser image" if conditioned else "")
    errors += ctx.expect("generator", "input", (takes,), why)
    errors += _holds(ctx, "generator", "output", level, "it generates one level's image")
    judged = (2 * channels, h, w) if conditioned else level
    errors += _holds(ctx, "discriminator", "input", judged, _judged_why(conditioned))
    return errors + ctx.expect("discriminator", "output", (1,), "it outputs one score per sample")


def _judged_why(conditioned: bool) -> str:
    if conditioned:
        return "it takes the residual and the upsampled coarser image, stacked as channels"
    return "it takes the level's image"


def _level_size(ctx, x: tuple, scale: int) -> list[SpecError]:
    """Image data whose sides this level's scale (and its coarser level's) divide."""
    where = (f"losses.{ctx.name}", ctx.spec["losses"].where(ctx.name))
    if scale & (scale - 1):
        message = f"scale {scale} is not a power of two"
        at = (f"losses.{ctx.name}.scale", ctx.loss.where("scale"))
        return [SpecError(message, *at, "1, 2, 4, 8 or another power of two", str(scale))]
    if len(x) != 3:
        message = f"loss '{ctx.name}' builds a Laplacian pyramid of images"
        return [SpecError(message, *where, "(channels, height, width)", fmt(x))]
    step = scale * (2 if ctx.loss["coarser"] is not None else 1)
    if x[1] % step or x[2] % step:
        message = f"the data's {x[1]}×{x[2]} images cannot be halved down to this level"
        return [SpecError(message, *where, f"sides divisible by {step}", fmt(x))]
    return []


def _coarser_level(ctx, scale: int) -> list[SpecError]:
    """The coarser level is a laplacian_gan loss at twice this level's scale."""
    name = ctx.loss["coarser"]
    if name is None:
        return []
    other = ctx.spec["losses"][name]
    path, loc = f"losses.{ctx.name}.coarser", ctx.loss.where("coarser")
    if other["type"] != ctx.loss["type"]:
        message = f"loss '{name}' is not a level of a Laplacian pyramid"
        received = f"'{name}' ({other['type']})"
        return [SpecError(message, path, loc, f"a {ctx.loss['type']} loss", received)]
    if other["scale"] != 2 * scale:
        message = f"loss '{name}' is the coarser level of '{ctx.name}' (scale {scale})"
        return [SpecError(message, path, loc, f"scale {2 * scale}", f"scale {other['scale']}")]
    return []


def _holds(ctx, param: str, end: str, want: tuple, why: str) -> list[SpecError]:
    """Like ``expect``, but a flat end holding as many values fits too (an MLP)."""
    got = ctx.shape(param, end)
    if got is None or prod(got) == prod(want):
        return []
    return ctx.expect(param, end, want, why)


declare(
    "loss",
    "laplacian_gan",
    "One level of a Laplacian-pyramid GAN: a minimax game on the level's residual.",
    Param("generator", Ref("network"), doc="maps noise (and the coarser image) to the level"),
    Param("noise", Nested("noise", role="prior"), doc="the level's latent prior, e.g. {normal: 8}"),
    *MINIMAX,
    Param("scale", Int(1), 1, "the level's images are the data's shrunk by this power of two"),
    Param(
        "coarser",
        Ref("loss"),
        None,
        "the next coarser level's laplacian_gan loss (scale × 2); unset at the coarsest level",
    ),
    terms=("discriminator", "generator"),
    info=LossInfo(
        pyramid,
        trains={"discriminator": ("discriminator",), "generator": ("generator",)},
        samples="generator",
        roles={"sampler": "generator"},
    ),
)
