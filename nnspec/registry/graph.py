"""The ``graph`` network kind: named inputs, named nodes wired by ``from:``, named outputs.

A sequential network is the one-path graph; a graph says what a list cannot: several
inputs (examples and their labels), merges (``concat`` on an axis, ``add``,
``multiply``), labels broadcast to feature maps, skips across blocks, and several
heads on one trunk (``D.real_fake``, ``D.q_code``). Its static rule
(``nnspec.spec.check.graph``) infers every node's shape and parameter count.
"""

from nnspec.registry.core import declare
from nnspec.registry.info import NetworkInfo
from nnspec.registry.params import Choice, Int, ListOf, MapOf, Nested, Param, Ref, Str, Struct

MERGES = ("concat", "add", "multiply")

INPUT = Struct(
    (
        Param(
            "shape",
            ListOf(Int(1), min_len=1, scalar_ok=True),
            None,
            "shape without the batch dimension; omitted: the data's examples' shape",
        ),
        Param(
            "labels",
            Int(2),
            None,
            "a class-label input: the batch's labels, fed one-hot as this many values",
        ),
    )
)

NODE = Struct(
    (
        Param(
            "from",
            ListOf(Str(), min_len=1, scalar_ok=True),
            doc="the inputs or nodes this node reads; several need a merge",
        ),
        Param("merge", Choice(MERGES), None, "how several sources become one tensor"),
        Param("axis", Int(0), 0, "concat's axis, counted after the batch (0: features/channels)"),
        Param("layers", Nested("layer", many=True), [], "layers applied in order after the merge"),
        Param("network", Ref("network"), None, "another network applied after the merge"),
        Param(
            "share",
            Str(),
            None,
            "NET.NODE: reuse another graph's node, its very parameters, instead of layers",
        ),
        Param(
            "broadcast",
            Str(),
            None,
            "an input or node: tile this node's vector over that one's spatial positions",
        ),
    )
)

GRAPH = (
    Param(
        "inputs",
        MapOf(INPUT),
        doc="named inputs, each {shape: [...]} (the first may omit it: the data's shape) "
        "or {labels: classes} (the batch's labels, one-hot)",
    ),
    Param(
        "nodes",
        MapOf(NODE),
        doc="named nodes, each {from: a source or a list, merge: concat|add|multiply, "
        "axis: 0, then layers: [...] or network: NAME or share: NET.NODE, broadcast: NAME}",
    ),
    Param(
        "outputs",
        ListOf(Str(), min_len=1, scalar_ok=True),
        doc="the nodes the network returns; a loss names one as NET.NODE",
    ),
    Param(
        "init",
        Nested("init", by_layer=True),
        None,
        "weight initialisation for the layers of its nodes (not a network: or share: node's), "
        "one scheme or per layer kind: {linear: {normal: 0.02}}",
    ),
)


def _infer(name: str, body: dict, data_x: tuple | None, env: object, path: str) -> object:
    from nnspec.spec.check.graph import graph_shape  # the located checks live with the others

    return graph_shape(name, body, data_x, env, path)


def _output(p: dict, x: tuple, env: object) -> tuple:
    return _infer("graph", p, x, env, "graph").output  # the first output's shape


def _count(p: dict, x: tuple, env: object) -> int:
    return _infer("graph", p, x, env, "graph").params


declare(
    "network",
    "graph",
    "Named inputs ({shape} or {labels}), named nodes ({from, merge: concat|add|multiply, axis, "
    "layers | network | share, broadcast}) and named outputs.",
    *GRAPH,
    shape=_output,
    count=_count,
    info=NetworkInfo(infer=_infer),
)


def _defaults(fields: tuple[Param, ...], **given: object) -> dict:
    return {p.name: given.get(p.name, p.default) for p in fields}


def _flatten() -> dict:
    from nnspec.registry.core import REGISTRY

    kind = REGISTRY.get("layer", "flatten")
    return dict([(kind.name, _defaults(kind.params))])


def conditioned(
    layers: list, role: str, shape: list[int], classes: int, init: dict | None = None
) -> dict:
    """The graph ``conditional: true`` stands for: a sequential network's layers (and
    ``init``) reading [its input, one-hot labels] concatenated. ``role`` "latent": ``shape``
    is the code's, "data": the examples', flattened first when they are not vectors."""
    name = "z" if role == "latent" else "x"
    inputs = {
        name: _defaults(INPUT.fields, shape=shape),
        "y": _defaults(INPUT.fields, labels=classes),
    }
    nodes = {}
    if len(shape) > 1:
        nodes["flat"] = _defaults(NODE.fields, **{"from": [name], "layers": [_flatten()]})
        name = "flat"
    nodes["body"] = _defaults(
        NODE.fields, **{"from": [name, "y"], "merge": "concat", "layers": layers}
    )
    return dict([("graph", {"inputs": inputs, "nodes": nodes, "outputs": ["body"], "init": init})])
