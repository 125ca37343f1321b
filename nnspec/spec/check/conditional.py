"""``conditional: true`` as shorthand for the graph form.

A loss's conditioned networks (its ``LossInfo.conditions``) that are sequential become
graphs with a label input: ``[x flattened, one-hot y]`` (or ``[z, one-hot y]``) feeds
the same layers, which the loss then calls with the batch's labels. The expansion runs
after the checks, so any mistake is still reported in the user's own terms.
"""

from __future__ import annotations

from nnspec.errors import DEFAULT_LOCATION
from nnspec.registry import REGISTRY
from nnspec.registry.graph import conditioned
from nnspec.spec.check.section_shapes import DataShape
from nnspec.spec.located import LocDict


def expand_conditional(tree: LocDict, data: DataShape) -> bool:
    """Rewrite every conditional loss's sequential networks as graphs; True if any was."""
    changed = False
    networks, done = tree["networks"], {}
    for loss in tree["losses"].values():
        if not loss.get("conditional") or data.classes is None or data.x is None:
            continue
        plan = REGISTRY.get("loss", loss["type"]).info.conditions
        nets = {param: networks[loss[param]] for param in plan}
        if not all(_expandable(nets[p], role, done.get(loss[p])) for p, role in plan.items()):
            continue
        for param, role in plan.items():
            name = loss[param]
            if name not in done:
                done[name] = role
                _replace(networks, name, _graph(networks[name], role, data))
        loss.put("conditional", False, loss.where_key("conditional"), loss.where("conditional"))
        changed = True
    return changed


def _expandable(network: LocDict, role: str, done: str | None) -> bool:
    body = network.get("sequential")
    if done is not None:
        return done == role  # one network conditioned twice the same way
    if body is None:
        return False  # not sequential: the loss keeps conditioning
    return body["input"] is not None if role == "latent" else True


def _graph(network: LocDict, role: str, data: DataShape) -> dict:
    body = network["sequential"]
    shape = [body["input"][0] - data.classes] if role == "latent" else list(data.x)
    # The graph applies init to its one node of layers, as the sequential form to its
    # layers: the same draws, in the same order (tests/nn/test_conditional_graph.py).
    return conditioned(body["layers"], role, shape, data.classes, body["init"])


def _replace(networks: LocDict, name: str, graph: dict) -> None:
    located = LocDict(loc=networks[name].loc)
    ((kind, body),) = graph.items()
    located.put(kind, _located(body, networks[name].loc), DEFAULT_LOCATION, networks[name].loc)
    networks.put(name, located, networks.where_key(name), networks.where(name))


def _located(value: object, loc) -> object:
    """Plain mappings as LocDicts at the network's line (layers keep their own)."""
    if isinstance(value, LocDict) or not isinstance(value, dict):
        return value
    out = LocDict(loc=loc)
    for key, item in value.items():
        out.put(key, _located(item, loc), loc, loc)
    return out
