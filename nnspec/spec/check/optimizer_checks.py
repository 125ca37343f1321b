"""Static checks of every optimizer, named or inline: its schedule's constraints, and
that its ``groups`` have layers to find roles in."""

from __future__ import annotations

from collections.abc import Iterator

from nnspec.errors import SpecError
from nnspec.spec.check.kind_checks import constraints
from nnspec.spec.check.references import term_networks
from nnspec.spec.check.schedule_checks import phase_kind
from nnspec.spec.located import LocDict
from nnspec.words import a


def each_optimizer(spec: LocDict) -> Iterator[tuple[str, LocDict, list[str]]]:
    """Every optimizer with its path and the networks it updates: named, then inline."""
    for name, options in spec["optimizers"].items():
        yield f"optimizers.{name}", options, list(options.get("params") or [])
    for i, phase in enumerate(spec["schedule"]):
        kind = phase_kind(phase)
        body = phase[kind]
        options = body.get("optimizer") if isinstance(body, dict) else None
        if isinstance(options, dict):
            # A phase without a loss (wake_sleep) trains the networks its optimizer lists.
            trained = term_networks(spec, body["loss"]) if "loss" in body else []
            networks = options.get("params") or trained
            yield f"schedule[{i}].{kind}.optimizer", options, list(networks)


def check_optimizers(spec: LocDict) -> list[SpecError]:
    errors = []
    for path, options, networks in each_optimizer(spec):
        schedule = options.get("schedule")
        if isinstance(schedule, dict):
            ((kind, params),) = schedule.items()
            errors += constraints(kind, "lr_schedule", params, f"{path}.schedule.{kind}")
        if options.get("groups") is not None:
            errors += _groups_need_layers(spec, path, options, networks)
    return errors


def _groups_need_layers(
    spec: LocDict, path: str, options: LocDict, networks: list[str]
) -> list[SpecError]:
    """Roles are declared per layer kind: a network of its own kind (an RBM) has none."""
    kinds = {name: next(iter(spec["networks"][name])) for name in networks}
    without = [f"'{n}', {a(kind)} network" for n, kind in kinds.items() if kind != "sequential"]
    if not without:
        return []
    return [
        SpecError(
            "groups set parameters apart by the roles their layers declare, "
            f"but {', '.join(without)} has no layers",
            f"{path}.groups",
            options.where("groups"),
            expected="an optimizer over sequential networks (layers: [...])",
            received=", ".join(without),
        )
    ]
