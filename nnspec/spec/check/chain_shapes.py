"""A network that samples itself (an RBM, a DBN, an autoencoder stack) must draw the data's shape.

Its samples are pictured and scored against the data's examples (``outputs.samples``, the
sampling metrics), so its visible units must be one per value of an example. A loss that
trains it checks that too, but a sampled network may have no such loss.
"""

from __future__ import annotations

from math import prod

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.measure_rules import static_shapes
from nnspec.spec.check.shapes import format_shape
from nnspec.spec.located import LocDict


def check_chain_shapes(spec: LocDict) -> list[SpecError]:
    errors = []
    for name in _self_sampled(spec):
        errors += _fits(spec, name)
    return errors


def _self_sampled(spec: LocDict) -> list[str]:
    """The networks of a sampleable kind that outputs.samples or a sampling metric names."""
    named = [spec["outputs"]["samples"]["network"]] if spec["outputs"]["samples"] else []
    for entry in spec["evaluate"]["metrics"]:
        ((kind, params),) = entry.items()
        if REGISTRY.get("metric", kind).info.needs_sampleable and params.get("network"):
            named.append(params["network"])
    kinds = REGISTRY.having("network", "sampleable")
    nets = spec["networks"]
    return [n for n in dict.fromkeys(named) if n in nets and next(iter(nets[n])) in kinds]


def _fits(spec: LocDict, name: str) -> list[SpecError]:
    from nnspec.spec.check.section_shapes import data_shape  # it loads the registry's rules

    shapes = static_shapes(spec, [name])
    data, errors = data_shape(spec) if shapes is not None else (None, [])
    if shapes is None or errors or data.x is None or shapes[name].input is None:
        return []  # an unknown shape, which the sections' own checks report
    want, got = (prod(data.x),), tuple(shapes[name].input)
    if prod(got) == want[0]:
        return []
    return [
        SpecError(
            f"network '{name}' input {format_shape(got)} does not fit: it samples itself, "
            "and its samples are the data's examples",
            f"networks.{name}",
            spec["networks"][name].loc,
            expected=format_shape(want),
            received=format_shape(got),
        )
    ]
