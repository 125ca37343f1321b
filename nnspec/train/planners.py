"""The planners of the registered phase kinds, named by their ``PhaseInfo.planner``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from nnspec.registry.phase_rules import cycles_of, length, reads_examples
from nnspec.spec.typed import Declared, Phase
from nnspec.train.cycles import CycleCounter
from nnspec.train.optim import build_stepper, network_params, network_roles
from nnspec.train.plan import Plan, Update, alternate_total, cycle_item

if TYPE_CHECKING:
    from nnspec.train.session import Session

SMOKE_UPDATES = 3


def _length(phase: Phase, session: Session) -> int:
    return length(phase.entry, len(session.stream))  # validate requires steps or epochs


def _cap(total: int, session: Session) -> int:
    return min(total, SMOKE_UPDATES) if session.rt.smoke else total


def _inline(session: Session, label: str, options: str | dict, term: str, total: int) -> str:
    """Build an optimizer written inline in a phase; returns its stepper key."""
    if isinstance(options, str):
        return options
    optimizer = Declared.of(options)
    names = optimizer.params["params"] or sorted(session.trains(term))
    key = f"{label}.optimizer"
    params = network_params(session.rt.networks, names)
    per_epoch = len(session.stream)  # a train phase steps once per batch
    roles = network_roles(session.rt.networks, names) if optimizer.params.get("groups") else None
    session.steppers[key] = build_stepper(optimizer.plain(), params, names, total, per_epoch, roles)
    return key


def plan_train(phase: Phase, label: str, session: Session) -> Plan:
    body = phase.params
    total = _cap(_length(phase, session), session)
    key = _inline(session, label, body["optimizer"], body["loss"], total)
    update = replace(session.update_for(body["loss"], key), accumulate=phase.accumulate)
    return Plan(label, "train", total, lambda i: update, len(session.stream) / phase.accumulate)


def plan_alternate(phase: Phase, label: str, session: Session) -> Plan:
    cycle, spec = phase.params["cycle"], session.rt.spec.plain()
    cycles = cycles_of(spec, phase.entry, len(session.stream))
    total = _cap(alternate_total(cycle, cycles), session)
    updates = [session.update_for(c["loss"], c["optimizer"]) for c in cycle]
    counter = CycleCounter.of(cycle, cycles, reads_examples(spec, cycle))
    return Plan(
        label,
        "alternate",
        total,
        lambda i: updates[cycle_item(cycle, i)],
        len(session.stream),
        counter,
    )


def plan_layerwise(phase: Phase, label: str, session: Session) -> Plan:
    body = phase.params
    loss = session.losses[body["loss"]]
    levels = loss.levels()
    options = body["optimizer"]
    if isinstance(options, str):  # a named optimizer's settings, one instance per level
        options = session.rt.spec.optimizers[options].plain()
    per_level = _cap(body["epochs"] * len(session.stream), session)
    updates = []
    for level in range(levels):
        key = f"{label}.layer{level}"
        params = loss.level_params(level)
        session.steppers[key] = build_stepper(
            options, params, [body["stack"]], per_level, len(session.stream)
        )
        term = loss.level_term(level, body["input"])
        updates.append(
            Update(
                f"{body['loss']}.layer{level}",
                term,
                key,
                frozenset([body["stack"]]),
                backward=not loss.writes_gradients,
            )
        )
    return Plan(
        label,
        "layerwise",
        per_level * levels,
        lambda i: updates[i // per_level],
        len(session.stream),
    )


def plan_store(phase: Phase, label: str, session: Session) -> Plan:
    network = session.rt.network(phase.params["network"])
    x = session.rt.train_x

    def store() -> None:
        network.store(x)

    update = Update("store", lambda x, y: (None, {}), None, frozenset(), action=store)
    return Plan(label, "store", 1, lambda i: update, 1)
