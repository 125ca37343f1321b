"""Static checks of a normalised spec: references, phases, shapes and wiring.

Each check returns the errors it finds; ``check`` runs them all and returns
the per-network static shapes for ``show`` and ``diff``.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.consistency import check_data_and_evaluation, check_sums
from nnspec.spec.kind_checks import check_kinds
from nnspec.spec.located import LocDict
from nnspec.spec.normalize import Reference
from nnspec.spec.phases import check_phases
from nnspec.spec.references import check_reference
from nnspec.spec.shapes import NetworkShape
from nnspec.spec.wiring import check_wiring, data_shape, network_shapes


def check(spec: LocDict, refs: list[Reference]) -> tuple[dict[str, NetworkShape], list[SpecError]]:
    """Run every static check; shapes are only inferred once references resolve."""
    errors = [e for e in (check_reference(spec, r) for r in refs) if e is not None]
    errors += check_sums(spec)
    if errors:
        return {}, errors
    errors += check_phases(spec)
    errors += check_data_and_evaluation(spec)
    x_shape, data_errors = data_shape(spec)
    errors += data_errors + check_kinds(spec)
    shapes, shape_errors = network_shapes(spec, x_shape)
    errors += shape_errors
    if not shape_errors:
        errors += check_wiring(spec, shapes, x_shape)
    return shapes, errors


__all__ = ["REGISTRY", "check"]
