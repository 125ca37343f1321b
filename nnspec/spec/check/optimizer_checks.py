"""Static checks of every optimizer, named or inline: its schedule's constraints."""

from __future__ import annotations

from collections.abc import Iterator

from nnspec.errors import SpecError
from nnspec.spec.check.kind_checks import constraints
from nnspec.spec.check.schedule_checks import phase_kind
from nnspec.spec.located import LocDict


def each_optimizer(spec: LocDict) -> Iterator[tuple[str, LocDict]]:
    """Every optimizer of the spec with its path: the named ones, then those inline in phases."""
    for name, options in spec["optimizers"].items():
        yield f"optimizers.{name}", options
    for i, phase in enumerate(spec["schedule"]):
        kind = phase_kind(phase)
        options = phase[kind].get("optimizer") if isinstance(phase[kind], dict) else None
        if isinstance(options, dict):
            yield f"schedule[{i}].{kind}.optimizer", options


def check_optimizers(spec: LocDict) -> list[SpecError]:
    errors = []
    for path, options in each_optimizer(spec):
        schedule = options.get("schedule")
        if isinstance(schedule, dict):
            ((kind, params),) = schedule.items()
            errors += constraints(kind, "lr_schedule", params, f"{path}.schedule.{kind}")
    return errors
