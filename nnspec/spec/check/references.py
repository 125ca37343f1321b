"""Resolving names between sections: networks, losses, loss terms, optimizers."""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import quoted
from nnspec.spec.check.shapes import graph_body
from nnspec.spec.located import LocDict
from nnspec.spec.normalize import Reference

SECTION_OF = {"network": "networks", "loss": "losses", "optimizer": "optimizers"}


def term_names(spec: LocDict) -> list[str]:
    """Every name a phase may minimise: termless losses, and ``loss.term``."""
    names = []
    for name, loss in spec["losses"].items():
        terms = REGISTRY.get("loss", loss["type"]).terms
        names += [f"{name}.{t}" for t in terms] if terms else [name]
    return names


def check_reference(spec: LocDict, ref: Reference) -> SpecError | None:
    """A located error if ``ref`` names nothing of its kind, else None."""
    if ref.target == "term":
        return _check_term(spec, ref)
    known = list(spec[SECTION_OF[ref.target]])
    parts = graph_parts(spec) if ref.target == "network" else []
    if ref.name in known + parts:
        return None
    expected = f"one of the {SECTION_OF[ref.target]}: {', '.join(known) or 'none'}"
    return SpecError(
        f"unknown {ref.target} {quoted(ref.name)}",
        ref.path,
        ref.location,
        hint=did_you_mean(ref.name, known + parts),
        expected=expected + (f"; or a graph's node: {', '.join(parts)}" if parts else ""),
    )


def graph_parts(spec: LocDict) -> list[str]:
    """``NET.NODE`` for every node of every graph network: a loss reads its output there,
    an optimizer trains its parameters."""
    return [
        f"{name}.{node}"
        for name, network in spec["networks"].items()
        if graph_body(network) is not None
        for node in graph_body(network)["nodes"]
    ]


def _check_term(spec: LocDict, ref: Reference) -> SpecError | None:
    known = term_names(spec)
    if ref.name in known:
        return None
    losses = spec["losses"]
    if ref.name in losses:
        terms = [t for t in known if t.startswith(ref.name + ".")]
        return SpecError(
            f"loss '{ref.name}' has several terms; name the one to minimise",
            ref.path,
            ref.location,
            expected=" or ".join(terms),
            received=f"'{ref.name}'",
        )
    return SpecError(
        f"unknown loss term {quoted(ref.name)}",
        ref.path,
        ref.location,
        hint=did_you_mean(ref.name, known),
        expected=f"one of: {', '.join(known) or 'none'}",
    )


def term_networks(spec: LocDict, term: str) -> list[str]:
    """The networks whose parameters a loss term trains."""
    loss_name, _, part = term.partition(".")
    loss = spec["losses"][loss_name]
    kind = REGISTRY.get("loss", loss["type"])
    if kind.info.sums:
        return sorted({n for t in loss["terms"] for n in term_networks(spec, t["loss"])})
    if part:
        return [loss[p] for p in kind.info.trains[part]]
    refs = [p for p in kind.params if getattr(p.type, "target", None) == "network"]
    names: list[str] = []
    for param in refs:
        value = loss[param.name]
        names += value if isinstance(value, list) else [value]
    return names
