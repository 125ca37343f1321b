"""Blocks built from nested layer lists: residual connections and repetition."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.layer_rules import fmt
from nnspec.registry.params import Bool, Int, Nested, Param


def _stride(size: int, target: int) -> int | None:
    """The stride that takes a 1x1 convolution from ``size`` to ``target`` positions."""
    return next((s for s in range(1, size + 1) if (size - 1) // s + 1 == target), None)


def shortcut_plan(shape: Shape, out: Shape) -> tuple[str, tuple[int, ...]]:
    """How a projection shortcut maps ``shape`` to ``out``: ``linear`` or ``conv`` + strides.

    Shared by the shape rule, the count rule and the torch builder so all three
    agree. Vectors and (T, F) sequences get a bias-free linear map on the last
    dimension; (C, L) and (C, H, W) maps get a bias-free strided 1x1 convolution
    as in ResNet.
    """
    shape, out = tuple(shape), tuple(out)
    if len(shape) == len(out) == 1 or (len(shape) == len(out) == 2 and shape[0] == out[0]):
        return "linear", ()
    strides = tuple(_stride(s, t) for s, t in zip(shape[1:], out[1:], strict=False))
    if len(shape) != len(out) or len(shape) not in (2, 3) or None in strides:
        raise ShapeMismatch(
            f"residual cannot project its input {fmt(shape)} to the branch's output {fmt(out)}",
            expected="a branch output a linear map or strided 1x1 convolution can reach",
            received=fmt(out),
        )
    return "conv", strides


def residual_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    out = tuple(env.chain(params["layers"], tuple(shape)))
    if params["projection"]:
        shortcut_plan(shape, out)
    elif out != tuple(shape):
        raise ShapeMismatch(
            f"residual branch changes the shape from {fmt(shape)} to {fmt(out)}; "
            "set projection: true for a learned shortcut",
            expected=fmt(shape),
            received=fmt(out),
        )
    return out


def residual_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    out = residual_shape(params, shape, env)
    branch = env.chain_count(params["layers"], tuple(shape))
    if not params["projection"]:
        return branch
    kind, _ = shortcut_plan(shape, out)
    return branch + (shape[-1] * out[-1] if kind == "linear" else shape[0] * out[0])


declare(
    "layer",
    "residual",
    "Residual block (He et al. 2016): output F(x) + x, or F(x) + Px with a learned projection P.",
    Param("layers", Nested("layer", many=True), doc="the branch F, a list of layers"),
    Param("projection", Bool(), False, "learn a shortcut P for when F changes the shape"),
    main="layers",
    shape=residual_shape,
    count=residual_count,
)


def repeat_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    shape = tuple(shape)
    for _ in range(params["times"]):
        shape = tuple(env.chain(params["layers"], shape))
    return shape


def repeat_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    total, shape = 0, tuple(shape)
    for _ in range(params["times"]):
        total += env.chain_count(params["layers"], shape)
        shape = tuple(env.chain(params["layers"], shape))
    return total


declare(
    "layer",
    "repeat",
    "The nested layer list applied `times` times in sequence, each copy with its own parameters.",
    Param("times", Int(min=1, max=1000), doc="number of copies"),
    Param("layers", Nested("layer", many=True), doc="the layers to repeat"),
    shape=repeat_shape,
    count=repeat_count,
)
