"""What a graph node applies from elsewhere: a whole network (``network: G``), or the
layers of another graph's node (``share: D.trunk``), the very same parameters."""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import Shape, did_you_mean
from nnspec.spec.check.shapes import (
    NetworkShape,
    StaticEnv,
    graph_body,
    sequential_shape,
    takes_labels,
)
from nnspec.spec.located import LocDict


def applied(
    net: str, node: str, spec: LocDict, shape: Shape, env: StaticEnv, path: str
) -> NetworkShape:
    """The static shape of what ``network:`` or ``share:`` names, fed ``shape``."""
    if spec["network"] is not None:
        return _whole(net, node, spec, env, path)
    return _shared(net, node, spec, shape, env, path)


def _whole(net: str, node: str, spec: LocDict, env: StaticEnv, path: str) -> NetworkShape:
    from nnspec.spec.check.section_shapes import DataShape, network_shape

    target = spec["network"]
    visiting: set = env.__dict__.setdefault("visiting", set())
    if target == net or target in visiting:
        raise SpecError(
            f"node '{node}' of network '{net}' applies network '{target}', which applies "
            f"'{net}' back",
            f"{path}.network",
            spec.where("network"),
            expected="networks that do not apply each other in a circle",
        )
    other = graph_body(env.networks[target])
    if takes_labels(env.networks[target]) or (other is not None and len(other["outputs"]) > 1):
        raise SpecError(
            f"node '{node}' of network '{net}' applies network '{target}', which takes "
            "labels or gives several outputs",
            f"{path}.network",
            spec.where("network"),
            expected="a network of one input and one output, or share: NET.NODE",
        )
    added = {net, target} - visiting
    visiting |= added
    try:
        # validate knows the data's shape; the compiler, each network's input shape
        x = getattr(env, "data_x", None) or getattr(env, "input_shapes", {}).get(target)
        data = DataShape(x, None)
        return network_shape(target, env.networks[target], data, env)
    finally:
        visiting -= added


def _shared(
    net: str, node: str, spec: LocDict, shape: Shape, env: StaticEnv, path: str
) -> NetworkShape:
    owner, _, name = spec["share"].partition(".")
    body = graph_body(env.networks.get(owner))
    nodes = body["nodes"] if body is not None else {}
    known = [
        f"{n}.{k}"
        for n, b in env.networks.items()
        if graph_body(b) is not None and n != net
        for k, v in graph_body(b)["nodes"].items()
        if v["layers"]
    ]
    if owner == net or name not in nodes or not nodes[name]["layers"]:
        raise SpecError(
            f"node '{node}' of network '{net}' shares '{spec['share']}', which is no other "
            "graph's node with layers",
            f"{path}.share",
            spec.where("share"),
            hint=did_you_mean(spec["share"], known),
            expected="NET.NODE, a node with layers in another graph: "
            + (", ".join(known) or "none"),
        )
    return sequential_shape(spec["share"], nodes[name], shape, env, f"{path}.share")
