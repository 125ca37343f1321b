"""A layerwise phase over a ``sum`` loss: each level minimises the weighted sum of its terms.

A stacked CAE (Rifai et al. 2011) trains each level on its reconstruction plus λ‖J_f‖²_F of
that level's encoder, written as a ``sum`` of a ``reconstruction`` and a ``contractive`` loss.
Each term must then pretrain the phase's stack level by level itself, and the stack must be
made of autoencoders (``NetworkInfo.decodes``): an RBM stack's ``cd`` writes its own gradients,
which a sum cannot weight.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY
from nnspec.words import a


def summed_levels(spec, body, path: str, loss) -> list[SpecError]:
    """A sum trains each level on the weighted sum of its terms' level terms (a stacked CAE:
    reconstruction + λ·contractive), which only a stack of autoencoders has."""
    kind = next(iter(spec["networks"][body["stack"]]))
    if not REGISTRY.get("network", kind).info.decodes:
        wanted = " or ".join(REGISTRY.having("network", "decodes"))
        return [
            SpecError(
                f"a layerwise phase sums the terms of loss '{body['loss']}' at each level "
                "only on a stack of autoencoders",
                f"{path}.stack",
                body.where("stack"),
                expected=f"{a(wanted)} network",
                received=f"'{body['stack']}', {a(kind)} network",
            )
        ]
    errors = []
    for j, entry in enumerate(loss["terms"]):
        errors += summed_level(spec, body, entry, f"losses.{body['loss']}.terms[{j}].loss")
    return errors


def summed_level(spec, body, entry, path: str) -> list[SpecError]:
    """One term of a sum in a layerwise phase: a whole loss that pretrains the phase's stack."""
    name, dot, term = entry["loss"].partition(".")
    part = spec["losses"].get(name)
    if part is None:
        return []  # an unknown loss, which the references check reports
    param = REGISTRY.get("loss", part["type"]).info.layerwise
    if not dot and param is not None and part[param] == body["stack"]:
        return []
    able = " or ".join(REGISTRY.having("loss", "layerwise"))
    received = f"term '{term}' of loss '{name}'" if dot else f"'{name}', {a(part['type'])} loss"
    if not dot and param is not None:
        received += f" of network '{part[param]}'"
    return [
        SpecError(
            f"loss '{body['loss']}' is summed at each level of '{body['stack']}', so each of "
            f"its terms must be a loss that pretrains '{body['stack']}' level by level",
            path,
            entry.where("loss"),
            expected=f"a {able} loss of network '{body['stack']}'",
            received=received,
        )
    ]
