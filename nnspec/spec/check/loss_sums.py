"""A weighted ``sum`` loss must not contain itself, directly or through other sums."""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.located import LocDict


def check_sums(spec: LocDict) -> list[SpecError]:
    """A ``sum`` loss may not include itself, directly or through other sums."""
    losses = spec["losses"]
    errors = []
    for name, loss in losses.items():
        if _sums(loss) and name in _reachable(losses, name):
            errors.append(
                SpecError(
                    f"loss '{name}' includes itself",
                    f"losses.{name}.terms",
                    loss.where("terms"),
                    hint="a sum must add other losses",
                )
            )
    return errors


def _reachable(losses: dict, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        loss = losses.get(todo.pop())
        if loss is None or not _sums(loss):
            continue
        for entry in loss["terms"]:
            target = entry["loss"].partition(".")[0]
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _sums(loss: LocDict) -> bool:
    return REGISTRY.get("loss", loss["type"]).info.sums
