"""Shapes across sections: the data's shape, every network's, and how losses join them.

A generator's output must fit its discriminator's input, an encoder's output
must hold a VAE's mean and log-variance, a classifier must take the data.
Each mismatch names both places, with their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import Shape, ShapeMismatch
from nnspec.spec.check.kind_checks import misplaced
from nnspec.spec.check.shapes import NetworkShape, StaticEnv, format_shape, sequential_shape
from nnspec.spec.located import LocDict


@dataclass
class DataShape:
    """The shape of one example and the number of classes, where known statically."""

    x: Shape | None
    classes: int | None
    y: Shape | None = None  # a target's shape, where the dataset declares it


def data_shape(spec: LocDict) -> tuple[DataShape, list[SpecError]]:
    """The data's example shape after transforms, from the dataset's declared info."""
    data = spec["data"]
    ((name, params),) = data["dataset"].items()
    info = REGISTRY.get("dataset", name).info.shapes(params)
    x, classes, y = _tuple(info.get("x")), info.get("classes"), _tuple(info.get("y"))
    for i, transform in enumerate(data["transforms"]):
        ((tname, tparams),) = transform.items()
        decl = REGISTRY.get("transform", tname)
        if decl.info.target == "y":
            y = None  # a transform of the targets: their shape is no longer the dataset's
        if decl.info.target != "x" or x is None:
            continue
        try:
            x = tuple(decl.shape(tparams, x, None))
        except ShapeMismatch as exc:
            error = SpecError(
                f"transform '{tname}' cannot take data of shape {format_shape(x)}: {exc}",
                f"data.transforms[{i}]",
                data["transforms"].where(i),
                exc.expected,
                exc.received,
            )
            return DataShape(None, classes), [error]
    return DataShape(x, classes, y), []


def _tuple(shape: object) -> Shape | None:
    return tuple(shape) if shape is not None else None


def network_shapes(spec: LocDict, data: DataShape) -> tuple[dict[str, NetworkShape], list]:
    """Every network's static shapes; a sequential one without ``input`` takes the data's."""
    networks = spec["networks"]
    env = StaticEnv({n: body for n, body in networks.items()})
    env.data_x = data.x  # a graph node applying a network without input feeds it the data's
    shapes, errors = {}, []
    for name, network in networks.items():
        try:
            shapes[name] = network_shape(name, network, data, env)
            _within_limits(name, shapes[name], network.loc)
        except SpecError as exc:
            errors.append(exc)
    return shapes, errors


# A spec that asks for more than this is refused statically, not by running out of memory.
MAX_PARAMS = 2_000_000_000
MAX_ACTIVATIONS = 500_000_000


def _within_limits(name: str, shape: NetworkShape, loc) -> None:
    if shape.params > MAX_PARAMS:
        raise SpecError(
            f"network '{name}' has {shape.params:,} parameters "
            f"({shape.params * 4 / 2**30:,.0f} GiB as float32)",
            f"networks.{name}",
            loc,
            expected=f"at most {MAX_PARAMS:,} parameters",
        )
    for row in shape.rows:
        if prod(row.shape) > MAX_ACTIVATIONS:
            raise SpecError(
                f"layer {row.index} of network '{name}' outputs {prod(row.shape):,} "
                "values per example",
                f"networks.{name}.layers[{row.index}]",
                loc,
                expected=f"at most {MAX_ACTIVATIONS:,} values per example",
            )


def network_shape(name: str, network: LocDict, data: DataShape, env: StaticEnv) -> NetworkShape:
    """One network's static shapes, by its kind's rule."""
    ((kind, body),) = network.items()
    decl = REGISTRY.get("network", kind)
    if decl.info.infer is not None:
        return decl.info.infer(name, body, data.x, env, f"networks.{name}.{kind}")
    if kind != "sequential":
        x = (body.get("visible") or body.get("size"),)
        return NetworkShape(
            name, kind, x, tuple(decl.shape(body, x, env)), decl.count(body, x, env)
        )
    x = tuple(body["input"]) if body["input"] is not None else data.x
    if x is None:
        raise SpecError(
            f"network '{name}' needs an input shape: the data's is only known at run time",
            f"networks.{name}",
            body.loc,
            expected="input: [a shape]",
        )
    return sequential_shape(name, body, x, env, f"networks.{name}")


def check_wiring(spec: LocDict, shapes: dict[str, NetworkShape], data: DataShape) -> list:
    """Check every loss's networks against each other and against the data."""
    errors = []
    for name, loss in spec["losses"].items():
        rule = REGISTRY.get("loss", loss["type"]).info.wiring
        if rule is not None and not misplaced(loss, f"losses.{name}"):  # reported by check_kinds
            errors += rule(_Ctx(spec, shapes, data, name, loss))
    return errors


@dataclass
class _Ctx:
    """What a wiring rule needs: the spec, the shapes, the data and the loss at hand."""

    spec: LocDict
    shapes: dict[str, NetworkShape]
    data: DataShape
    name: str
    loss: LocDict

    def shape(self, param: str, end: str) -> Shape | None:
        name, _, output = self.loss[param].partition(".")  # D.real_fake: one of D's outputs
        net = self.shapes[name]
        return net.input if end == "input" else net.end(output or None)

    def expect(self, param: str, end: str, want: Shape | None, why: str) -> list[SpecError]:
        """An error at the network if its ``end`` shape is not ``want``."""
        got = self.shape(param, end)
        if want is None or got is None or tuple(got) == tuple(want):
            return []
        net = self.loss[param]
        where = self.spec["networks"][net.partition(".")[0]].loc
        return [
            SpecError(
                f"network '{net}' {end} {format_shape(got)} does not fit: {why}",
                f"networks.{net}",
                where,
                expected=format_shape(want),
                received=format_shape(got),
            )
        ]

    def meet(self, out_param: str, in_param: str, extra: int = 0) -> list[SpecError]:
        """An error naming both lines if one network's output does not fit the other's input."""
        out_net, in_net = self.loss[out_param], self.loss[in_param]
        out, inp = self.shape(out_param, "output"), self.shape(in_param, "input")
        want = _widen(out, extra)
        if (
            out is None
            or inp is None
            or want == tuple(inp)
            or (prod(want) == prod(inp) and not extra)
        ):
            return []
        nets = self.spec["networks"]
        return [
            SpecError(
                f"the {out_param} '{out_net}' outputs {format_shape(out)} (line "
                f"{_line(nets, out_net)}) but the {in_param} '{in_net}' takes "
                f"{format_shape(inp)} (line {_line(nets, in_net)})",
                f"losses.{self.name}",
                self.spec["losses"].where(self.name),
                expected=f"{in_net}'s input to be {format_shape(want)}",
                received=format_shape(inp),
            )
        ]


def _line(networks: LocDict, ref: str) -> int:
    return networks[ref.partition(".")[0]].loc.line  # D.real_fake is written in D


def _widen(shape: Shape | None, extra: int) -> Shape | None:
    if shape is None or not extra:
        return shape
    return (prod(shape) + extra,)
