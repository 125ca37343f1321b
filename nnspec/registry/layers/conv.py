"""Convolutions: conv1d over (C, L), conv2d and its transpose over (C, H, W)."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.layer_rules import (
    IntTuple,
    fmt,
    need_rank,
    numel,
    per_axis,
    spread,
    window_out,
)
from nnspec.registry.params import Bool, Int, Param

UNFLATTEN_FIRST = "add unflatten or reshape before it"


def _common(dims: int) -> tuple[Param, ...]:
    size = Int(min=1) if dims == 1 else IntTuple(dims)
    offset = Int(min=0) if dims == 1 else IntTuple(dims, min=0)
    return (
        Param("out", Int(min=1), doc="number of output channels"),
        Param("kernel", size, per_axis(3, dims), "kernel size along each spatial axis"),
        Param("stride", size, per_axis(1, dims), "step between kernel positions"),
        Param("padding", offset, per_axis(0, dims), "zeros added on both sides of each axis"),
        Param("bias", Bool(), True, "add a learned bias per output channel"),
    )


def _conv_shape(layer: str, dims: int):
    form = "(C, L)" if dims == 1 else "(C, H, W)"

    def rule(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
        need_rank(layer, shape, (dims + 1,), form, UNFLATTEN_FIRST)
        return (params["out"], *window_out(layer, shape[1:], params, dims))

    return rule


def _conv_count(layer: str, dims: int):
    shape_rule = _conv_shape(layer, dims)

    def rule(params: dict, shape: Shape, env: ShapeEnv) -> int:
        shape_rule(params, shape, env)
        weights = shape[0] * params["out"] * numel(spread(params["kernel"], dims))
        return weights + params["out"] * int(params["bias"])

    return rule


for _dims in (1, 2):
    declare(
        "layer",
        f"conv{_dims}d",
        f"{_dims}-D convolution over a {'(C, L)' if _dims == 1 else '(C, H, W)'} input.",
        *_common(_dims),
        main="out",
        shape=_conv_shape(f"conv{_dims}d", _dims),
        count=_conv_count(f"conv{_dims}d", _dims),
        aliases=("conv",) if _dims == 2 else (),
    )


def transpose_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    need_rank("conv_transpose2d", shape, (3,), "(C, H, W)", UNFLATTEN_FIRST)
    kernel, stride = spread(params["kernel"], 2), spread(params["stride"], 2)
    padding, extra = spread(params["padding"], 2), spread(params["output_padding"], 2)
    if any(e >= s for e, s in zip(extra, stride, strict=True)):
        raise ShapeMismatch(
            "conv_transpose2d output_padding must be smaller than its stride",
            expected=f"output_padding below {fmt(stride)}",
            received=fmt(extra),
        )
    out = tuple(
        (size - 1) * s - 2 * p + k + e
        for size, k, s, p, e in zip(shape[1:], kernel, stride, padding, extra, strict=True)
    )
    if min(out) < 1:
        raise ShapeMismatch(
            "conv_transpose2d padding removes the whole output",
            expected="padding small enough to leave an output",
            received=f"{fmt(shape)} with padding {fmt(padding)}",
        )
    return (params["out"], *out)


def transpose_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    transpose_shape(params, shape, env)
    weights = shape[0] * params["out"] * numel(spread(params["kernel"], 2))
    return weights + params["out"] * int(params["bias"])


declare(
    "layer",
    "conv_transpose2d",
    "Transposed 2-D convolution, the upsampling layer of DCGAN generators.",
    *_common(2),
    Param("output_padding", IntTuple(2, min=0), [0, 0], "extra rows/columns added on one side"),
    main="out",
    shape=transpose_shape,
    count=transpose_count,
    aliases=("deconv2d",),
)
