"""Max and average pooling over (C, L) or (C, H, W) inputs; no parameters to learn."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.layer_rules import IntTuple, fmt, need_rank, per_axis, spread, window_out
from nnspec.registry.params import Int, Param

UNFLATTEN_FIRST = "add unflatten or reshape before it"


def _params(dims: int) -> tuple[Param, ...]:
    size = Int(min=1) if dims == 1 else IntTuple(dims)
    offset = Int(min=0) if dims == 1 else IntTuple(dims, min=0)
    return (
        Param("kernel", size, doc="window size along each spatial axis"),
        Param("stride", size, None, "step between windows; null means the kernel size"),
        Param(
            "padding",
            offset,
            per_axis(0, dims),
            "implicit padding on both sides, at most half the kernel",
        ),
    )


def _pool_shape(layer: str, dims: int):
    form = "(C, L)" if dims == 1 else "(C, H, W)"

    def rule(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
        need_rank(layer, shape, (dims + 1,), form, UNFLATTEN_FIRST)
        kernel, padding = spread(params["kernel"], dims), spread(params["padding"], dims)
        if any(2 * p > k for p, k in zip(padding, kernel, strict=True)):
            raise ShapeMismatch(
                f"{layer} padding must be at most half its kernel",
                expected=f"padding of at most half of {fmt(kernel)}",
                received=fmt(padding),
            )
        return (shape[0], *window_out(layer, shape[1:], params, dims))

    return rule


def _no_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    return 0


for _op, _what in (("max", "maximum"), ("avg", "mean")):
    for _dims in (1, 2):
        _name = f"{_op}pool{_dims}d"
        declare(
            "layer",
            _name,
            f"{_dims}-D pooling: the {_what} over each window, per channel.",
            *_params(_dims),
            main="kernel",
            shape=_pool_shape(_name, _dims),
            count=_no_count,
        )
