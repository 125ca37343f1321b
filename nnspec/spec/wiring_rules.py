"""Per-loss wiring rules: which shapes a loss kind requires of its networks and data."""

from __future__ import annotations

from collections.abc import Callable
from math import prod

from nnspec.errors import SpecError


def _classes(ctx) -> int:
    return ctx.data.classes or 0


def _noise_size(ctx) -> int | None:
    ((_, params),) = ctx.loss["noise"].items()
    return params.get("size")


def _not_a_prior(ctx) -> list[SpecError]:
    """A corruption (gaussian, masking, ...) given where a GAN draws its latent noise."""
    ((kind, _),) = ctx.loss["noise"].items()
    return [
        SpecError(
            f"a GAN draws its latent noise from a prior, but '{kind}' corrupts inputs",
            f"losses.{ctx.name}.noise",
            ctx.loss.where("noise"),
            expected="normal or uniform noise with a size, e.g. {normal: 32}",
            received=f"{kind} noise",
        )
    ]


def gan(ctx) -> list[SpecError]:
    if _noise_size(ctx) is None:
        return _not_a_prior(ctx)
    judge = "critic" if "critic" in ctx.loss else "discriminator"
    cond = _classes(ctx) if ctx.loss["conditional"] else 0
    codes = ctx.loss.get("codes", 0) if ctx.loss["type"] == "infogan" else 0
    errors = ctx.expect(
        "generator",
        "input",
        (_noise_size(ctx) + cond + codes,),
        "it takes the noise"
        + (" and the one-hot labels" if cond else "")
        + (" and the code" if codes else ""),
    )
    errors += ctx.meet("generator", judge, extra=cond)
    errors += ctx.expect(judge, "output", (1,), f"a {judge} outputs one score per sample")
    if not cond:
        errors += ctx.expect(judge, "input", ctx.data.x, "it takes the data's examples")
    return errors


def elbo(ctx) -> list[SpecError]:
    cond = _classes(ctx) if ctx.loss["conditional"] else 0
    latent = ctx.loss["latent"]
    x = ctx.data.x
    errors = ctx.expect(
        "encoder",
        "output",
        (2 * latent,),
        f"it outputs the mean and log-variance of {latent} latents",
    )
    errors += ctx.expect(
        "decoder",
        "input",
        (latent + cond,),
        "it takes a latent sample" + (" and the one-hot labels" if cond else ""),
    )
    if x is not None:
        errors += ctx.expect(
            "encoder", "input", (prod(x) + cond,) if cond else x, "it takes the data's examples"
        )
        errors += ctx.expect("decoder", "output", x, "it reconstructs the data's examples")
    return errors


def supervised(ctx) -> list[SpecError]:
    errors = ctx.expect("model", "input", ctx.data.x, "it takes the data's examples")
    if ctx.loss["type"] == "cross_entropy" and ctx.data.classes:
        out = ctx.shape("model", "output")
        if out is not None and out[-1] != ctx.data.classes:
            errors += ctx.expect(
                "model",
                "output",
                (*out[:-1], ctx.data.classes),
                f"it scores the data's {ctx.data.classes} classes",
            )
    if ctx.loss.get("target") == "x":
        errors += ctx.expect("model", "output", ctx.data.x, "it reconstructs the input")
    return errors


def reconstruction(ctx) -> list[SpecError]:
    errors = ctx.expect(
        "encoder",
        "input",
        _flat(ctx) if _stacked(ctx) else ctx.data.x,
        "it takes the data's examples",
    )
    if _stacked(ctx):
        return errors  # a stack decodes level by level during layer-wise pretraining
    errors += ctx.meet("encoder", "decoder")
    errors += ctx.expect("decoder", "output", ctx.data.x, "it reconstructs the data's examples")
    return errors


def _stacked(ctx) -> bool:
    return ctx.shapes[ctx.loss["encoder"]].kind == "autoencoder_stack"


def _flat(ctx) -> tuple | None:
    return None if ctx.data.x is None else (prod(ctx.data.x),)


def cd(ctx) -> list[SpecError]:
    kind = ctx.shapes[ctx.loss["model"]].kind
    if kind not in ("rbm", "rbm_stack"):
        return [
            SpecError(
                "contrastive divergence trains an rbm or rbm_stack",
                f"losses.{ctx.name}.model",
                ctx.loss.where("model"),
                expected="an rbm or rbm_stack network",
                received=f"'{ctx.loss['model']}', a {kind} network",
            )
        ]
    return ctx.expect("model", "input", _flat(ctx), "its visible units take the data")


def lipschitz(ctx) -> list[SpecError]:
    given = [k for k, v in ctx.loss["lipschitz"].items() if v is not None]
    if len(given) == 1:
        return gan(ctx)
    return [
        SpecError(
            "a Wasserstein critic needs exactly one Lipschitz constraint",
            f"losses.{ctx.name}.lipschitz",
            ctx.loss.where("lipschitz"),
            expected="one of clip, gradient_penalty",
            received=", ".join(given) or "neither",
        )
    ]


RULES: dict[str, Callable] = {
    "minimax": gan,
    "wasserstein": lipschitz,
    "infogan": gan,
    "elbo": elbo,
    "cross_entropy": supervised,
    "nll": supervised,
    "mse": supervised,
    "bce": supervised,
    "reconstruction": reconstruction,
    "cd": cd,
}
