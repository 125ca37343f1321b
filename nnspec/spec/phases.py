"""Static checks of the schedule: phase lengths, optimizers and what they train."""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.located import LocDict
from nnspec.spec.references import term_networks

STACKS = ("rbm_stack", "autoencoder_stack")


def phase_kind(phase: LocDict) -> str:
    """The phase kind key of a normalised schedule item."""
    return next(k for k in phase if REGISTRY.get("phase", k) is not None)


def check_phases(spec: LocDict) -> list[SpecError]:
    errors = _named_optimizers(spec)
    for i, phase in enumerate(spec["schedule"]):
        path = f"schedule[{i}]"
        kind = phase_kind(phase)
        errors += _length(phase, kind, path, spec["schedule"].where(i))
        body = phase[kind]
        if kind == "train":
            errors += _optimizer_fits(
                spec, body["loss"], body["optimizer"], f"{path}.train", body.where("optimizer")
            )
        elif kind == "alternate":
            for j, step in enumerate(body["cycle"]):
                errors += _optimizer_fits(
                    spec,
                    step["loss"],
                    step["optimizer"],
                    f"{path}.alternate.cycle[{j}]",
                    step.where("optimizer"),
                )
        elif kind in ("layerwise", "store"):
            errors += _network_kind(spec, body, kind, path)
    return errors


def _named_optimizers(spec: LocDict) -> list[SpecError]:
    return [
        SpecError(
            f"optimizer '{name}' must say which networks it updates",
            f"optimizers.{name}",
            opt.loc,
            expected="params: [a network name, ...]",
        )
        for name, opt in spec["optimizers"].items()
        if opt.get("params") is None
    ]


def _length(phase: LocDict, kind: str, path: str, loc) -> list[SpecError]:
    given = [k for k in ("steps", "epochs") if phase.get(k) is not None]
    if REGISTRY.get("phase", kind).extra["length"]:
        if len(given) == 1:
            return []
        return [
            SpecError(
                f"a '{kind}' phase needs its length: steps or epochs",
                path,
                loc,
                expected="exactly one of steps, epochs",
                received=", ".join(given) or "neither",
            )
        ]
    return [
        SpecError(
            f"a '{kind}' phase sets its own length; remove '{k}'", f"{path}.{k}", phase.where(k)
        )
        for k in given
    ]


def _optimizer_fits(spec: LocDict, term: str, optimizer, path: str, loc) -> list[SpecError]:
    if isinstance(optimizer, str):
        name, updates = f"optimizer '{optimizer}'", spec["optimizers"][optimizer]["params"]
    else:  # inline: it updates the networks of its loss unless its params say otherwise
        name, updates = "the inline optimizer", optimizer["params"]
    if not updates:
        return []  # a named one without params is reported once, by _named_optimizers
    trained = term_networks(spec, term)
    if set(updates) & set(trained):
        return []
    return [
        SpecError(
            f"{name} updates {', '.join(updates)}, none of which loss term '{term}' trains",
            path,
            loc,
            expected=f"an optimizer over {' or '.join(trained)}",
        )
    ]


def _network_kind(spec: LocDict, body: LocDict, kind: str, path: str) -> list[SpecError]:
    key = "stack" if kind == "layerwise" else "network"
    wanted = STACKS if kind == "layerwise" else ("hopfield",)
    network = spec["networks"][body[key]]
    actual = next(iter(network))
    if actual in wanted:
        return []
    return [
        SpecError(
            f"a '{kind}' phase needs a {' or '.join(wanted)} network",
            f"{path}.{kind}.{key}",
            body.where(key),
            expected=" or ".join(wanted),
            received=f"'{body[key]}', a {actual} network",
        )
    ]
