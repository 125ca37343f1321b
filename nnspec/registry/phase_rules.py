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
from nnspec.registry.layerwise_rules import summed_levels
from nnspec.registry.measure_rules import measured, writes_gradients
from nnspec.words import a

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
    errors += writes_gradients(spec, body["optimizer"], path, body.where("optimizer"), "layerwise")
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
    if not updates:  # a named one without params is reported once, by check_phases
        return [] if isinstance(optimizer, str) else measured(spec, term, optimizer, path, loc)
    trained = term_networks(spec, term)
    if set(updates) & set(trained):
        return measured(spec, term, optimizer, path, loc)
    if {p for n in updates for p in parts(spec, n)} & {p for n in trained for p in parts(spec, n)}:
        # D updates the nodes of D.real_fake, D.q_code those of D.trunk
        return measured(spec, term, optimizer, path, loc)
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
            f"a '{phase}' phase needs {a(wanted)} network",
            f"{path}.{key}",
            body.where(key),
            expected=wanted,
            received=f"'{body[key]}', {a(actual)} network",
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
    if REGISTRY.get("loss", loss["type"]).info.sums:
        return summed_levels(spec, body, path, loss)
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
    """Optimizer steps: ``steps``, or enough for ``epochs`` passes (``accumulate`` batches each)."""
    if entry["steps"] is not None:
        return entry["steps"]
    return math.ceil(entry["epochs"] * per_epoch / entry.get("accumulate", 1))


def steps_train(spec, entry: Entry, per_epoch: int) -> dict[str, int]:
    optimizer = entry["train"]["optimizer"]
    if not isinstance(optimizer, str):
        return {}  # an inline optimizer is built for its phase alone
    return {optimizer: length(entry, per_epoch)}


def reads_examples(spec, cycle) -> list[bool]:
    """Which items of a cycle draw a batch of examples (a generator step does not)."""
    from nnspec.spec.check.draws import term_draws  # the spec side loads the registry

    return [term_draws(spec, item["loss"]) == "examples" for item in cycle]


def cycles_of(spec, entry: Entry, per_epoch: int) -> int:
    """Cycles of an alternate phase: its ``steps``, or the fewest cycles whose steps
    that read examples draw ``epochs`` passes of batches (warm-up cycles counted)."""
    if entry["steps"] is not None:
        return entry["steps"]
    cycle = entry["alternate"]["cycle"]
    reads = reads_examples(spec, cycle)
    return cycles_for(cycle, reads, entry["epochs"] * per_epoch)


def cycles_for(cycle, reads: list[bool], batches: int) -> int:
    """The fewest cycles that draw ``batches`` batches; one per batch if none draws any."""
    each = sum(c["repeat"] for c, r in zip(cycle, reads, strict=True) if r)
    warm_each = sum(
        c["warmup_repeat"] or c["repeat"] for c, r in zip(cycle, reads, strict=True) if r
    )
    if each == 0:
        return batches
    warm = max(c["warmup_cycles"] for c in cycle)
    if batches <= warm * warm_each:
        return math.ceil(batches / warm_each)
    return warm + math.ceil((batches - warm * warm_each) / each)


def item_updates(item: Entry, cycles: int) -> int:
    """How many updates one cycle item makes over ``cycles`` cycles, warm-up included."""
    warm = min(cycles, item["warmup_cycles"])
    return warm * (item["warmup_repeat"] or item["repeat"]) + (cycles - warm) * item["repeat"]


def steps_alternate(spec, entry: Entry, per_epoch: int) -> dict[str, int]:
    cycles = cycles_of(spec, entry, per_epoch)
    steps: dict[str, int] = {}
    for item in entry["alternate"]["cycle"]:
        steps[item["optimizer"]] = steps.get(item["optimizer"], 0) + item_updates(item, cycles)
    return steps


def steps_layerwise(spec, entry: Entry, per_epoch: int) -> dict[str, int]:
    return {}  # each level gets an optimizer of its own, spanning that level's epochs


def steps_store(spec, entry: Entry, per_epoch: int) -> dict[str, int]:
    return {}  # a Hebbian store steps no optimizer
