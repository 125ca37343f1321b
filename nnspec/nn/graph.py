"""The torch side of the ``graph`` network kind: a ``ModuleDict`` of nodes run in order.

``Graph.forward(x, ..., labels=y)`` takes its non-label inputs positionally, in the
order the spec declares them, and the batch's integer labels for its label inputs
(one-hot inside, so the module stands alone). It returns the one output's tensor,
or a dict of outputs by name; ``OutputView`` picks one, for ``D.real_fake``.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.nn.init import apply_network_init
from nnspec.nn.networks import network


class GraphNode(nn.Module):
    """Merge the sources, apply the body, broadcast a vector over another node's positions."""

    def __init__(
        self,
        sources: list[str],
        merge: str | None,
        axis: int,
        body: nn.Module,
        broadcast: str | None,
    ) -> None:
        super().__init__()
        self.sources, self.merge, self.axis, self.broadcast = sources, merge, axis, broadcast
        self.body = body

    def forward(self, xs: list[Tensor], over: Tensor | None) -> Tensor:
        if self.merge == "concat":
            x = torch.cat(xs, dim=self.axis + 1)  # axis counted after the batch
        elif self.merge == "add":
            x = torch.stack(xs).sum(0)
        elif self.merge == "multiply":
            x = math.prod(xs[1:], start=xs[0])
        else:
            x = xs[0]
        x = self.body(x)
        if over is None:
            return x
        view = x.reshape(*x.shape, *(1,) * (over.dim() - 2))  # (B, C, 1, ...)
        return view.expand(-1, -1, *over.shape[2:])  # (B, C, *over's positions)


class Graph(nn.Module):
    """Named inputs, nodes in a topological order, named outputs."""

    def __init__(
        self,
        inputs: list[str],
        labels: dict[str, int],
        order: list[str],
        nodes: dict[str, GraphNode],
        outputs: list[str],
    ) -> None:
        super().__init__()
        self.inputs, self.labels, self.order, self.outputs = inputs, labels, order, outputs
        self.nodes = nn.ModuleDict(nodes)
        self.register_load_state_dict_pre_hook(_from_sequential)

    @property
    def takes_labels(self) -> bool:
        return bool(self.labels)

    def upstream(self, node: str) -> list[str]:
        """``node`` and every node it reads, directly or not, in run order."""
        needed, todo = set(), [node]
        while todo:
            name = todo.pop()
            if name in self.nodes and name not in needed:
                needed.add(name)
                spec = self.nodes[name]
                todo += spec.sources + ([spec.broadcast] if spec.broadcast else [])
        return [n for n in self.order if n in needed]

    def forward(self, *xs: Tensor, labels: Tensor | None = None) -> Tensor | dict[str, Tensor]:
        values = self.run(*xs, labels=labels)
        if len(self.outputs) == 1:
            return values[self.outputs[0]]
        return {name: values[name] for name in self.outputs}

    def run(self, *xs: Tensor, labels: Tensor | None = None) -> dict[str, Tensor]:
        """Every input's and node's value, by name."""
        values = dict(zip([n for n in self.inputs if n not in self.labels], xs, strict=True))
        for name, classes in self.labels.items():
            if labels is None:
                raise ValueError(f"input '{name}' takes the batch's labels: pass labels=")
            hot = F.one_hot(labels.long(), classes)  # (B, classes)
            values[name] = hot.to(xs[0].dtype if xs else torch.get_default_dtype())
        for name in self.order:
            node = self.nodes[name]
            over = values[node.broadcast] if node.broadcast is not None else None
            values[name] = node([values[s] for s in node.sources], over)
        return values


def _from_sequential(module: Graph, state: dict, prefix: str, *args: object) -> None:
    """``load_state_dict`` of a sequential network's weights into its expanded graph."""
    own = {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}
    moved = sequential_state(module, own)
    if moved is not own:
        for key in own:
            del state[prefix + key]
        state.update({prefix + k: v for k, v in moved.items()})


def sequential_state(module: nn.Module, state: object) -> object:
    """A sequential network's saved weights as the graph ``conditional: true`` made of it
    (runs written before the shorthand expanded): its layers are the output node's. Any
    other state is returned as it is."""
    if not isinstance(module, Graph) or not isinstance(state, dict) or not state:
        return state
    if any(str(k).startswith("nodes.") for k in state):
        return state
    return {f"nodes.{module.outputs[0]}.body.{k}": v for k, v in state.items()}


def upgrade_payload(networks: dict[str, nn.Module], payload: dict) -> None:
    """Rewrite, in place, a checkpoint's sequential states of networks now graphs."""
    saved = payload.get("networks")
    if isinstance(saved, dict):
        for name, module in networks.items():
            if name in saved:
                saved[name] = sequential_state(module, saved[name])


class OutputView(nn.Module):
    """One named output of a graph (``D.q_code``), callable like a network of its own."""

    def __init__(self, graph: Graph, output: str) -> None:
        super().__init__()
        self.graph, self.output = graph, output

    @property
    def takes_labels(self) -> bool:
        return self.graph.takes_labels

    def forward(self, *xs: Tensor, labels: Tensor | None = None) -> Tensor:
        return self.graph.run(*xs, labels=labels)[self.output]


@network("graph")
def build_graph(name: str, body: dict, env) -> Graph:
    """Compile a graph from its static shapes (``env``: the compiler's ``BuildEnv``)."""
    from nnspec.spec.check.graph import graph_shape

    shape = graph_shape(
        name, body, env.input_shapes.get(name), env.static, f"networks.{name}.graph"
    )
    graph = shape.graph
    nodes = {}
    for node in graph.order:
        spec = body["nodes"][node]
        nodes[node] = GraphNode(
            list(spec["from"]),
            spec["merge"],
            spec["axis"],
            _body(spec, graph.nodes[node].merged, env),
            spec["broadcast"],
        )
    if body.get("init") is not None:  # only its own layers: network: and share: nodes keep theirs
        for node in graph.order:
            if body["nodes"][node]["layers"]:
                apply_network_init(nodes[node].body, body["init"])
    return Graph(list(graph.inputs), graph.labels, graph.order, nodes, graph.outputs)


def _body(spec: dict, shape: tuple, env) -> nn.Module:
    if spec["layers"]:
        return env.chain(spec["layers"], shape)
    if spec["network"] is not None:
        return env.network(spec["network"])  # the same module: its parameters are shared
    if spec["share"] is not None:
        owner, _, node = spec["share"].partition(".")
        return env.network(owner).nodes[node].body
    return nn.Identity()


build_graph.takes_env = True  # the compiler passes its BuildEnv: nodes build layers and networks


def part(networks: dict[str, nn.Module], name: str) -> nn.Module:
    """The module a name stands for: a network, or ``NET.NODE``: the nodes of graph NET
    that compute NODE (it and every node it reads), as a loss's output or an optimizer's
    parameters."""
    owner, _, node = name.partition(".")
    if not node:
        return networks[owner]
    graph = networks[owner]
    return nn.ModuleList([graph.nodes[n] for n in graph.upstream(node)])
