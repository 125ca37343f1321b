"""Static checks of the schedule: phase lengths, optimizers and what they train."""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.check.full_batch import check_full_batch
from nnspec.spec.check.graph_parts import check_shared_updates
from nnspec.spec.check.kind_checks import constraints
from nnspec.spec.located import LocDict
from nnspec.words import a


def phase_kind(phase: LocDict) -> str:
    """The phase kind key of a normalised schedule item."""
    return next(k for k in phase if REGISTRY.get("phase", k) is not None)


def check_phases(spec: LocDict) -> list[SpecError]:
    """Each phase's length, then the static check its kind declares (``PhaseInfo.check``)."""
    errors = _named_optimizers(spec)
    for i, phase in enumerate(spec["schedule"]):
        path = f"schedule[{i}]"
        kind = phase_kind(phase)
        errors += _length(phase, kind, path, spec["schedule"].where(i))
        errors += _accumulate(phase, kind, path)
        errors += REGISTRY.get("phase", kind).info.check(spec, phase[kind], f"{path}.{kind}")
        errors += constraints(kind, "phase", phase[kind], f"{path}.{kind}")
        errors += check_shared_updates(spec, phase, phase[kind], path)
        errors += check_full_batch(spec, phase, kind, path)
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
    if REGISTRY.get("phase", kind).info.length:
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


def _accumulate(phase: LocDict, kind: str, path: str) -> list[SpecError]:
    """Only a phase kind whose ``PhaseInfo`` says so averages gradients over batches."""
    if phase["accumulate"] == 1 or REGISTRY.get("phase", kind).info.accumulates:
        return []
    able = REGISTRY.having("phase", "accumulates")
    return [
        SpecError(
            f"{a(kind)} phase cannot accumulate gradients: each of its updates takes one batch",
            f"{path}.accumulate",
            phase.where("accumulate"),
            expected=f"accumulate: 1, or {' or '.join(repr(k) for k in able)} phases",
            received=f"accumulate: {phase['accumulate']}",
        )
    ]
