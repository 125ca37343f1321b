"""Pure helpers shared by the layers' static shape and parameter-count rules.

Torch-free: the same arithmetic the torch modules do (output sizes of
convolutions and pools, products of shapes), so the checker can infer shapes
and counts without building anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from nnspec.registry.core import Shape, ShapeMismatch
from nnspec.registry.params import Invalid, ParamType


def fmt(shape: Shape | list[int]) -> str:
    """A shape as users read it in every message and table: ``(64)``, ``(1, 8, 8)``.

    One formatter for all of them, so a shape reads the same wherever it is printed
    (Python's ``(64,)`` is a tuple's spelling, not a shape's)."""
    return "(" + ", ".join(map(str, shape)) + ")"


def need_rank(
    layer: str, shape: Shape, ranks: tuple[int, ...], form: str, advice: str = ""
) -> None:
    """Raise ``ShapeMismatch`` unless the input has one of ``ranks`` dimensions.

    ``form`` names the accepted layouts, e.g. ``(C, H, W)``; ``advice`` is appended
    to the message to say how to fix the spec.
    """
    if len(shape) not in ranks:
        message = f"{layer} needs a {form} input" + (f"; {advice}" if advice else "")
        raise ShapeMismatch(message, expected=f"a {form} input", received=fmt(shape))


def spread(value: Any, n: int) -> tuple[int, ...]:
    """An int or a list of ints as an n-tuple (``3`` -> ``(3, 3)``)."""
    if isinstance(value, int):
        return (value,) * n
    values = tuple(value)
    return values * n if len(values) == 1 else values


def per_axis(value: int, dims: int) -> int | list[int]:
    """A default as its normalised form: an int for 1-D layers, a list for 2-D ones."""
    return value if dims == 1 else [value] * dims


def conv_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Output length of a convolution or pool along one axis (torch's floor mode)."""
    return (size + 2 * padding - kernel) // stride + 1


def window_out(layer: str, spatial: Shape, params: dict, dims: int) -> Shape:
    """Spatial output of a sliding window (conv or pool); stride ``None`` means kernel."""
    kernel = spread(params["kernel"], dims)
    stride = spread(params["stride"] if params.get("stride") is not None else kernel, dims)
    padding = spread(params["padding"], dims)
    padded = tuple(s + 2 * p for s, p in zip(spatial, padding, strict=True))
    if any(k > s for k, s in zip(kernel, padded, strict=True)):
        raise ShapeMismatch(
            f"{layer} kernel {fmt(kernel)} is larger than its padded input {fmt(padded)}",
            expected=f"a spatial size of at least {fmt(kernel)} after padding",
            received=fmt(spatial),
        )
    return tuple(
        conv_size(s, k, st, p) for s, k, st, p in zip(spatial, kernel, stride, padding, strict=True)
    )


def numel(shape: Shape | list[int]) -> int:
    """The number of elements of one sample of this shape."""
    return math.prod(shape)


@dataclass(frozen=True)
class IntTuple(ParamType):
    """One positive integer for every axis, or one integer for all (``3`` or ``[3, 5]``).

    Normalises to a list of ``length`` integers, so ``kernel: 3`` and
    ``kernel: [3, 3]`` resolve (and diff) the same.
    """

    length: int = 2
    min: int = 1

    def describe(self) -> str:
        return f"an integer >= {self.min} or a list of {self.length} such integers"

    def check(self, value: Any) -> list[int]:
        items = value if isinstance(value, list) else [value]
        if len(items) == 1:
            items = items * self.length
        valid = all(isinstance(v, int) and not isinstance(v, bool) for v in items)
        if len(items) != self.length or not valid:
            raise Invalid(self.describe(), value)
        if any(v < self.min for v in items):
            raise Invalid(self.describe(), value, f"{value} is out of range")
        return list(items)

    def schema(self) -> dict:
        one = {"type": "integer", "minimum": self.min}
        many = {"type": "array", "items": one, "minItems": 1, "maxItems": self.length}
        return {"anyOf": [one, many]}
