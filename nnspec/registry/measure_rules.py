"""What an optimizer that measures residuals (``OptimizerInfo.measures``, e.g. ``ekf``) needs.

Its loss must be a mean of squared residuals (``LossInfo.residuals``), and the networks
it updates must fit its ``max_params`` (a dense covariance grows as their square).
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY


def optimizer_kind(spec, optimizer) -> tuple[str, list[str] | None]:
    """The kind of a named or inline optimizer, and the networks its ``params`` name."""
    body = spec["optimizers"][optimizer] if isinstance(optimizer, str) else optimizer
    return body["type"], body["params"]


def measured(spec, term: str, optimizer, path: str, loc) -> list[SpecError]:
    kind, _ = optimizer_kind(spec, optimizer)
    info = REGISTRY.get("optimizer", kind).info
    if info.measures is None:
        return []
    loss_name = term.partition(".")[0]
    loss_kind = spec["losses"][loss_name]["type"]
    if not REGISTRY.get("loss", loss_kind).info.residuals:
        able = " or ".join(REGISTRY.having("loss", "residuals"))
        return [
            SpecError(
                f"optimizer '{kind}' takes the residuals of its loss's outputs, which "
                f"loss '{loss_name}' does not have",
                f"{path}.optimizer",
                loc,
                expected=f"a loss of residuals: {able}",
                received=f"a {loss_kind} loss",
            )
        ]
    return _size(spec, term, optimizer, info.max_params, path, loc)


def static_shapes(spec, names: list[str]) -> dict | None:
    """The named networks' static shapes, or None where the data or a shape is unknown.

    A phase's check runs even where the data or a network is unsound (the soundness
    pass judges only what the schedule names); their own checks report that, so here an
    unknown or malformed part only means there is nothing to count.
    """
    from nnspec.spec.check.section_shapes import data_shape, network_shapes

    data = spec.get("data")
    parts = [data.get("dataset"), *data.get("transforms", [])] if isinstance(data, dict) else []
    known = ("dataset",) + ("transform",) * (len(parts) - 1)
    if not parts or not all(_known(c, p) for c, p in zip(known, parts, strict=True)):
        return None
    try:
        shape, errors = data_shape(spec)
        chosen = {n: spec["networks"][n] for n in names}
        shapes, more = network_shapes({"networks": chosen}, shape)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a malformed layer or dataset, which the section's own checks report
    return None if errors or more or len(shapes) < len(names) else shapes


def _known(category: str, entry: object) -> bool:
    return (
        isinstance(entry, dict) and len(entry) == 1 and REGISTRY.get(category, *entry) is not None
    )


def _size(spec, term: str, optimizer, limit: int | None, path: str, loc) -> list[SpecError]:
    from nnspec.spec.check.references import term_networks

    kind, names = optimizer_kind(spec, optimizer)
    names = names or term_networks(spec, term)
    shapes = static_shapes(spec, names)
    if limit is None or shapes is None:
        return []
    count = sum(shapes[n].params for n in names)
    if count <= limit:
        return []
    return [
        SpecError(
            f"optimizer '{kind}' keeps a dense covariance of the parameters it updates, but "
            f"{_networks(names)} {'has' if len(names) == 1 else 'have'} {count:,}",
            f"{path}.optimizer",
            loc,
            expected=f"at most {limit:,} parameters",
            received=f"{count:,}",
        )
    ]


def _networks(names: list[str]) -> str:
    quoted = ", ".join(f"'{n}'" for n in names)
    return f"network {quoted}" if len(names) == 1 else f"networks {quoted}"


def writes_gradients(spec, optimizer, path: str, loc, phase: str) -> list[SpecError]:
    """A phase that computes gradients itself cannot feed an optimizer that measures."""
    kind, _ = optimizer_kind(spec, optimizer)
    if REGISTRY.get("optimizer", kind).info.measures is None:
        return []
    able = [k.name for k in REGISTRY.kinds("optimizer") if k.info.measures is None]
    return [
        SpecError(
            f"phase '{phase}' computes a gradient, but optimizer '{kind}' takes residuals instead",
            f"{path}.optimizer",
            loc,
            expected=f"a gradient optimizer ({', '.join(able[:3])}, ...)",
            received=f"'{kind}'",
        )
    ]
