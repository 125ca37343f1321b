"""The planners of the registered phase kinds, named by their ``PhaseInfo.planner``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnspec.optim import build_stepper, network_params
from nnspec.registry.phase_rules import cycles_of
from nnspec.train.plan import Plan, Update, alternate_total, cycle_item

if TYPE_CHECKING:
    from nnspec.train.session import Session

SMOKE_UPDATES = 3


def _length(entry: dict, session: Session) -> int:
    if entry["steps"] is not None:
        return entry["steps"]
    return entry["epochs"] * len(session.stream)


def _cap(total: int, session: Session) -> int:
    return min(total, SMOKE_UPDATES) if session.rt.smoke else total


def _inline(session: Session, label: str, options: dict, term: str, total: int) -> str:
    """Build an optimizer written inline in a phase; returns its stepper key."""
    if isinstance(options, str):
        return options
    names = options["params"] or sorted(session.trains(term))
    key = f"{label}.optimizer"
    params = network_params(session.rt.networks, names)
    session.steppers[key] = build_stepper(options, params, names, total)
    return key


def plan_train(entry: dict, label: str, session: Session) -> Plan:
    body = entry["train"]
    total = _cap(_length(entry, session), session)
    key = _inline(session, label, body["optimizer"], body["loss"], total)
    update = session.update_for(body["loss"], key)
    return Plan(label, "train", total, lambda i: update, len(session.stream))


def plan_alternate(entry: dict, label: str, session: Session) -> Plan:
    cycle = entry["alternate"]["cycle"]
    cycles = cycles_of(entry, len(session.stream))
    total = _cap(alternate_total(cycle, cycles), session)
    updates = [session.update_for(c["loss"], c["optimizer"]) for c in cycle]
    return Plan(
        label, "alternate", total, lambda i: updates[cycle_item(cycle, i)], len(session.stream)
    )


def plan_layerwise(entry: dict, label: str, session: Session) -> Plan:
    body = entry["layerwise"]
    loss = session.losses[body["loss"]]
    levels = loss.levels()
    options = body["optimizer"]
    if isinstance(options, str):  # a named optimizer's settings, one instance per level
        options = session.rt.spec["optimizers"][options]
    per_level = _cap(body["epochs"] * len(session.stream), session)
    updates = []
    for level in range(levels):
        key = f"{label}.layer{level}"
        params = loss.level_params(level)
        session.steppers[key] = build_stepper(options, params, [body["stack"]], per_level)
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


def plan_store(entry: dict, label: str, session: Session) -> Plan:
    network = session.rt.network(entry["store"]["network"])
    x = session.rt.train_x

    def store() -> None:
        network.store(x)

    update = Update("store", lambda x, y: (None, {}), None, frozenset(), action=store)
    return Plan(label, "store", 1, lambda i: update, 1)
