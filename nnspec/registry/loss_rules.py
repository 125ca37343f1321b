"""The losses' static rules: which shapes a loss requires of its networks and data.

Each rule is named by its loss's ``LossInfo(wiring=...)`` in ``nnspec.registry.losses``
and takes the wiring context of ``nnspec.spec.check.section_shapes``. Facts about network kinds
come from their ``NetworkInfo``, never from their names.
"""

from __future__ import annotations

from math import prod

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY
from nnspec.registry.last_layer import last_layer, layers_outputting
from nnspec.registry.layer_rules import fmt
from nnspec.words import a


def _classes(ctx) -> int:
    return ctx.data.classes or 0


def _noise_size(ctx) -> int | None:
    ((_, params),) = ctx.loss["noise"].items()
    return params.get("size")


def gan(ctx) -> list[SpecError]:
    if _noise_size(ctx) is None:
        return []  # a corruption given as the prior: kind_checks reports it
    judge = "critic" if "critic" in ctx.loss else "discriminator"
    cond = _classes(ctx) if ctx.loss["conditional"] else 0
    codes = ctx.loss.get("codes", 0)  # InfoGAN's code is appended to the noise
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
    if ctx.loss.get("target") == "x":
        errors += ctx.expect("model", "output", ctx.data.x, "it reconstructs the input")
    elif ctx.loss.get("target") == "y":
        errors += _one_value_per_target(ctx)
    return errors


def _one_value_per_target(ctx) -> list[SpecError]:
    """The output holds one value per target (per class label, for classified data)."""
    y = ctx.data.y if ctx.data.y is not None else (() if ctx.data.classes else None)
    out = ctx.shape("model", "output")
    if y is None or out is None or prod(out) == prod(y):
        return []
    kind = a(ctx.loss["type"])
    if not ctx.data.classes:
        why = f"{kind} loss compares the output with each example's target"
    elif y:
        why = f"{kind} loss compares one value with each of an example's {prod(y)} class labels"
    else:
        why = f"{kind} loss compares one value with each example's class label"
    return ctx.expect("model", "output", y or (1,), why + _scored(ctx))


def _scored(ctx) -> str:
    return " (cross_entropy scores the classes)" if ctx.data.classes else ""


def class_scores(ctx) -> list[SpecError]:
    """A supervised rule that also wants one score per class of the data."""
    errors = supervised(ctx)
    out, classes, y = ctx.shape("model", "output"), ctx.data.classes, ctx.data.y
    if out is None:
        return errors
    if not classes:
        return errors + _scores_per_target(ctx, out, y)
    if y and tuple(out) != (*y, classes):
        # one row of class scores per label: a sequence's labels need (T, classes)
        why = f"it scores the data's {classes} classes for each of the {prod(y)} labels"
        return errors + ctx.expect("model", "output", (*y, classes), why)
    if out[-1] != classes:
        want = (*out[:-1], classes)
        errors += ctx.expect("model", "output", want, f"it scores the data's {classes} classes")
    return errors


def _scores_per_target(ctx, out: tuple, y: tuple | None) -> list[SpecError]:
    """With the class count unknown, one row of scores (the last axis) per declared target."""
    if y is None or tuple(out[:-1]) == tuple(y):
        return []
    why = (
        f"it scores classes for each example's target of shape {fmt(y)} (for real-valued "
        "targets, use an mse loss)"
    )
    return ctx.expect("model", "output", (*y, out[-1]), why)


def _encodes_data(ctx) -> list[SpecError]:
    """The encoder takes the data's examples (a stack's visible units, flattened)."""
    want = flat_input(ctx) if _stacked(ctx) else ctx.data.x
    return ctx.expect("encoder", "input", want, "it takes the data's examples")


def reconstruction(ctx) -> list[SpecError]:
    errors = _encodes_data(ctx)
    if _stacked(ctx):  # a stack decodes level by level
        return errors + (_autoencoders(ctx) or _decodes_itself(ctx))
    errors += ctx.meet("encoder", "decoder")
    errors += ctx.expect("decoder", "output", ctx.data.x, "it reconstructs the data's examples")
    return errors


def network_info(ctx, param: str):
    """The NetworkInfo of the network a loss parameter names."""
    return REGISTRY.get("network", ctx.shapes[ctx.loss[param]].kind).info


def _stacked(ctx) -> bool:
    return network_info(ctx, "encoder").stackable


def contractive(ctx) -> list[SpecError]:
    """The encoder takes the data; a stack's levels must be autoencoders (each encodes)."""
    return _encodes_data(ctx) + (_autoencoders(ctx) if _stacked(ctx) else [])


def _autoencoders(ctx) -> list[SpecError]:
    """A stack that an autoencoder loss reads level by level must be made of autoencoders."""
    if network_info(ctx, "encoder").decodes:
        return []
    kind = ctx.shapes[ctx.loss["encoder"]].kind
    wanted = " or ".join(REGISTRY.having("network", "decodes"))
    return [
        SpecError(
            f"{a(ctx.loss['type'])} loss reads a stack level by level as autoencoders, "
            f"but the levels of {a(kind)} have no encoder and decoder of their own",
            f"losses.{ctx.name}.encoder",
            ctx.loss.where("encoder"),
            expected=f"{a(wanted)} network, or a network of layers",
            received=f"'{ctx.loss['encoder']}', {a(kind)} network",
        )
    ]


def _decodes_itself(ctx) -> list[SpecError]:
    if ctx.loss["decoder"] == ctx.loss["encoder"]:
        return []
    return [
        SpecError(
            f"the stack '{ctx.loss['encoder']}' decodes itself",
            f"losses.{ctx.name}.decoder",
            ctx.loss.where("decoder"),
            expected=f"decoder: {ctx.loss['encoder']}",
            received=f"'{ctx.loss['decoder']}'",
        )
    ]


def flat_input(ctx) -> tuple | None:
    """One example's values as a vector: what an energy model's visible units take."""
    return None if ctx.data.x is None else (prod(ctx.data.x),)


def visible_units(ctx) -> list[SpecError]:
    """The loss's model must have one visible unit per value of an example."""
    return ctx.expect("model", "input", flat_input(ctx), "its visible units take the data")


def cd(ctx) -> list[SpecError]:
    kind = ctx.shapes[ctx.loss["model"]].kind
    if not network_info(ctx, "model").rbms:
        wanted = " or ".join(REGISTRY.having("network", "rbms"))
        return [
            SpecError(
                f"contrastive divergence trains {a(wanted)}",
                f"losses.{ctx.name}.model",
                ctx.loss.where("model"),
                expected=f"{a(wanted)} network",
                received=f"'{ctx.loss['model']}', {a(kind)} network",
            )
        ]
    return visible_units(ctx)


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


def weights(ctx) -> list[SpecError]:
    """A weight cost penalises networks that have parameters to penalise."""
    names = (
        ctx.loss["networks"] if isinstance(ctx.loss["networks"], list) else [ctx.loss["networks"]]
    )
    empty = [n for n in names if _own_params(ctx, n) == 0]
    if not empty:
        return []
    return [
        SpecError(
            f"loss '{ctx.name}' penalises weights, but {', '.join(map(repr, empty))} "
            f"{'has' if len(empty) == 1 else 'have'} none",
            f"losses.{ctx.name}.networks",
            ctx.loss.where("networks"),
            expected="networks with weights",
            received=", ".join(
                f"'{n}' ({ctx.shapes[n.partition('.')[0]].kind}, 0 parameters)" for n in empty
            ),
        )
    ]


def _own_params(ctx, name: str) -> int:
    """The parameters a network or ``NET.NODE`` stands for (the node and the nodes it reads)."""
    from nnspec.spec.check.graph_parts import parts  # the spec side loads the registry

    if "." not in name:
        return ctx.shapes[name].params
    total = 0
    for found in parts(ctx.spec, name):
        owner, _, node = found.partition(".")
        shape = ctx.shapes[owner]
        total += shape.graph.nodes[node].params if node and shape.graph else shape.params
    return total


def log_probabilities(ctx) -> list[SpecError]:
    """``nll`` reads log-probabilities: the model must end in a layer that outputs them."""
    errors = supervised(ctx)
    layer = last_layer(ctx, ctx.loss["model"])
    if layer is None or layer.outputs == "log_probabilities":
        return errors  # another network kind: supervised() judges its shapes
    what = "outputs probabilities" if layer.outputs == "probabilities" else "does not output them"
    fitting = layers_outputting("log_probabilities")
    message = (
        f"loss '{ctx.name}' is an nll loss, which reads log-probabilities, but network "
        f"'{ctx.loss['model']}' ends in {layer.kind}, which {what}"
    )
    expected = f"{fitting} as the last layer, or a cross_entropy loss on raw scores"
    return [*errors, layer.error(message, expected)]
