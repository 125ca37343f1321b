"""The phases' static rules and step counts, named by their ``PhaseInfo`` declarations.

A check takes ``(spec, body, path)`` (the normalised spec, the phase's body, its spec
path) and returns its errors; a step count takes ``(entry, per_epoch)`` (the whole
schedule item, batches per epoch) and returns the steps of each named optimizer.
Network kinds are judged by their ``NetworkInfo``, never by their names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY

Entry = Mapping[str, Any]


def check_train(spec, body, path: str) -> list[SpecError]:
    return optimizer_fits(spec, body["loss"], body["optimizer"], path, body.where("optimizer"))


def check_alternate(spec, body, path: str) -> list[SpecError]:
    errors = []
    for j, step in enumerate(body["cycle"]):
        where = step.where("optimizer")
        errors += optimizer_fits(spec, step["loss"], step["optimizer"], f"{path}.cycle[{j}]", where)
    return errors


def check_layerwise(spec, body, path: str) -> list[SpecError]:
    errors = network_is(spec, body, "stack", "stackable", path)
    return errors or layerwise_loss(spec, body, path) + sampled_bits(spec, body, path)


def check_store(spec, body, path: str) -> list[SpecError]:
    return network_is(spec, body, "network", "hebbian", path)


def optimizer_fits(spec, term: str, optimizer, path: str, loc) -> list[SpecError]:
    """An optimizer must update a network that its loss term trains."""
    from nnspec.spec.check.graph_parts import parts  # the spec side loads the registry
    from nnspec.spec.check.references import term_networks

    if isinstance(optimizer, str):
        name, updates = f"optimizer '{optimizer}'", spec["optimizers"][optimizer]["params"]
    else:  # inline: it updates the networks of its loss unless its params say otherwise
        name, updates = "the inline optimizer", optimizer["params"]
    if not updates:
        return []  # a named one without params is reported once, by check_phases
    trained = term_networks(spec, term)
    if set(updates) & set(trained):
        return []
    if {p for n in updates for p in parts(spec, n)} & {p for n in trained for p in parts(spec, n)}:
        return []  # D updates the nodes of D.real_fake, D.q_code those of D.trunk
    return [
        SpecError(
            f"{name} updates {', '.join(updates)}, none of which loss term '{term}' trains",
            path,
            loc,
            expected=f"an optimizer over {' or '.join(trained)}",
        )
    ]


def network_is(spec, body, key: str, fact: str, path: str) -> list[SpecError]:
    """The network ``body[key]`` names must be of a kind with ``fact``."""
    network = spec["networks"][body[key]]
    actual = next(iter(network))
    if getattr(REGISTRY.get("network", actual).info, fact):
        return []
    wanted = " or ".join(REGISTRY.having("network", fact))
    phase = path.rsplit(".", 1)[-1]
    return [
        SpecError(
            f"a '{phase}' phase needs a {wanted} network",
            f"{path}.{key}",
            body.where(key),
            expected=wanted,
            received=f"'{body[key]}', a {actual} network",
        )
    ]


def sampled_bits(spec, body, path: str) -> list[SpecError]:
    """``input: sample`` draws each level's codes as bits: the stack's units must allow it."""
    ((kind, params),) = spec["networks"][body["stack"]].items()
    rule = REGISTRY.get("network", kind).info.bits
    broken = None if body["input"] != "sample" or rule is None else rule(params)
    if broken is None:
        return []
    return [
        SpecError(
            f"input: sample draws the codes of '{body['stack']}' as bits, but {broken.message}",
            f"{path}.input",
            body.where("input"),
            expected=f"input: mean, or {broken.expected}",
            received=broken.received,
        )
    ]


def layerwise_loss(spec, body, path: str) -> list[SpecError]:
    """The loss must pretrain level by level, and on the phase's stack."""
    loss = spec["losses"][body["loss"]]
    param = REGISTRY.get("loss", loss["type"]).info.layerwise
    if param is not None and loss[param] == body["stack"]:
        return []
    able = REGISTRY.having("loss", "layerwise")
    return [
        SpecError(
            f"loss '{body['loss']}' cannot pretrain '{body['stack']}' level by level",
            f"{path}.loss",
            body.where("loss"),
            expected=f"a {' or '.join(able)} loss of network '{body['stack']}'",
            received=f"a {loss['type']} loss"
            + (f" of network '{loss[param]}'" if param is not None else ""),
        )
    ]


def length(entry: Entry, per_epoch: int) -> int:
    return entry["steps"] or entry["epochs"] * per_epoch


def steps_train(entry: Entry, per_epoch: int) -> dict[str, int]:
    optimizer = entry["train"]["optimizer"]
    if not isinstance(optimizer, str):
        return {}  # an inline optimizer is built for its phase alone
    return {optimizer: length(entry, per_epoch)}


def cycles_of(entry: Entry, per_epoch: int) -> int:
    """Cycles of an alternate phase: its steps, or enough for ``epochs`` of the first item."""
    cycle = entry["alternate"]["cycle"]
    if entry["steps"] is not None:
        return entry["steps"]
    return math.ceil(entry["epochs"] * per_epoch / sum(c["repeat"] for c in cycle))


def item_updates(item: Entry, cycles: int) -> int:
    """How many updates one cycle item makes over ``cycles`` cycles, warm-up included."""
    warm = min(cycles, item["warmup_cycles"])
    return warm * (item["warmup_repeat"] or item["repeat"]) + (cycles - warm) * item["repeat"]


def steps_alternate(entry: Entry, per_epoch: int) -> dict[str, int]:
    cycles = cycles_of(entry, per_epoch)
    steps: dict[str, int] = {}
    for item in entry["alternate"]["cycle"]:
        steps[item["optimizer"]] = steps.get(item["optimizer"], 0) + item_updates(item, cycles)
    return steps


def steps_layerwise(entry: Entry, per_epoch: int) -> dict[str, int]:
    return {}  # each level gets an optimizer of its own, spanning that level's epochs


def steps_store(entry: Entry, per_epoch: int) -> dict[str, int]:
    return {}  # a Hebbian store steps no optimizer
