"""Checks that read the kinds' info objects: what each kind needs of the spec around it.

Noise must play the role its parameter asks for (a latent prior, a corruption);
cross-parameter constraints declared with a kind must hold; a loss that reads
labels needs labelled data; what metrics need is in ``metric_checks``. Each error
is located at the value that breaks it.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.datasets import dataset_info
from nnspec.registry.info import ROLE_WORDS
from nnspec.registry.params import Nested
from nnspec.spec.check.metric_checks import metric_needs, unlabelled
from nnspec.spec.located import LocDict


def check_kinds(spec: LocDict) -> list[SpecError]:
    labelled = dataset_info(spec["data"]["dataset"])["y"] is not None
    errors = []
    for name, loss in spec["losses"].items():
        errors += misplaced(loss, f"losses.{name}") + _loss_labels(spec, name, loss, labelled)
    errors += _init_constraints(spec) + _dataset_constraints(spec)
    for i, entry in enumerate(spec["evaluate"]["metrics"]):
        errors += metric_needs(spec, entry, f"evaluate.metrics[{i}]", labelled)
    return errors


def misplaced(loss: LocDict, path: str) -> list[SpecError]:
    """Nested kinds whose info role is not the one their parameter accepts."""
    errors = []
    for param in REGISTRY.get("loss", loss["type"]).params:
        value = loss.get(param.name)
        if isinstance(param.type, Nested) and param.type.role and isinstance(value, dict):
            ((kind, params),) = value.items()
            info = REGISTRY.get(param.type.category, kind).info
            if info.role != param.type.role:
                errors.append(
                    _wrong_role(
                        param.type, kind, info.role, f"{path}.{param.name}", loss.where(param.name)
                    )
                )
            else:
                errors += constraints(
                    kind, param.type.category, params, f"{path}.{param.name}.{kind}"
                )
    return errors


def _wrong_role(ptype: Nested, kind: str, role: str, path: str, loc) -> SpecError:
    fitting = [k.name for k in REGISTRY.kinds(ptype.category) if k.info.role == ptype.role]
    return SpecError(
        f"{ptype.category} '{kind}' is a {ROLE_WORDS.get(role, role)}, "
        f"not a {ROLE_WORDS.get(ptype.role, ptype.role)}",
        path,
        loc,
        expected=f"one of {', '.join(fitting)}",
        received=f"'{kind}'",
    )


def constraints(kind: str, category: str, params: LocDict, path: str) -> list[SpecError]:
    """The cross-parameter constraints declared with a kind, located at the parameter."""
    errors = []
    for rule in REGISTRY.get(category, kind).info.constraints:
        broken = rule(params)
        if broken is not None:
            errors.append(
                SpecError(
                    f"{category} '{kind}': {broken.message}",
                    f"{path}.{broken.param}",
                    params.where(broken.param),
                    expected=broken.expected,
                    received=broken.received,
                )
            )
    return errors


def _init_constraints(spec: LocDict) -> list[SpecError]:
    errors = []
    for name, network in spec["networks"].items():
        kind, body = next(iter(network.items()))
        init = body.get("init")
        if not isinstance(init, dict):
            continue
        # a sequential network is written without its kind's key; a graph under graph:
        path = f"networks.{name}{'' if kind == 'sequential' else f'.{kind}'}.init"
        if REGISTRY.get("init", next(iter(init))) is not None:  # one init for every layer
            errors += _one_init(init, path)
            continue
        errors += _unused_kinds(name, body, init, path)
        for layer_kind, applied in init.items():
            errors += _one_init(applied, f"{path}.{layer_kind}")
            errors += _draws_vectors(layer_kind, applied, f"{path}.{layer_kind}", init)
    return errors


def _draws_vectors(layer_kind: str, applied: LocDict, path: str, init: LocDict) -> list[SpecError]:
    """A normalisation's scale is a vector: a scheme that needs a fan cannot draw it."""
    init_kind = next(iter(applied))
    roles = set(REGISTRY.get("layer", layer_kind).info.roles.values())
    if roles != {"norm"} or not REGISTRY.get("init", init_kind).info.matrices:
        return []
    fitting = [k.name for k in REGISTRY.kinds("init") if not k.info.matrices]
    return [
        SpecError(
            f"init '{init_kind}' draws matrices, but a {layer_kind}'s scale is a vector",
            path,
            init.where(layer_kind),
            expected="one of " + ", ".join(fitting),
            received=f"'{init_kind}'",
        )
    ]


def _one_init(init: LocDict, path: str) -> list[SpecError]:
    ((init_kind, params),) = init.items()
    return constraints(init_kind, "init", params, f"{path}.{init_kind}")


def _unused_kinds(name: str, body: LocDict, init: LocDict, path: str) -> list[SpecError]:
    """Each layer kind an init names must be one the network has, nested blocks included."""
    present = set().union(*(layer_kinds(layers) for layers in _layer_lists(body)))
    return [
        SpecError(
            f"init names layer kind '{kind}', which network '{name}' does not have",
            f"{path}.{kind}",
            init.where_key(kind),
            expected="one of " + ", ".join(sorted(present)),
            received=f"'{kind}'",
        )
        for kind in init
        if kind not in present
    ]


def _layer_lists(body: LocDict) -> list[list]:
    """A network's own layer lists: its ``layers``, or each graph node's (not the layers of
    another network a node applies or shares, which that network's init covers)."""
    if "layers" in body:
        return [body["layers"]]
    nodes = body.get("nodes") or {}
    return [
        node["layers"] for node in nodes.values() if isinstance(node, dict) and node.get("layers")
    ]


def layer_kinds(layers: list) -> set[str]:
    """The kinds of ``layers`` and of every layer list nested in them (residual, repeat)."""
    kinds = set()
    for layer in layers:
        kind = next(k for k in layer if k != "name")
        kinds.add(kind)
        for param in REGISTRY.get("layer", kind).params:
            if isinstance(param.type, Nested) and param.type.category == "layer":
                kinds |= layer_kinds(layer[kind][param.name])
    return kinds


def _dataset_constraints(spec: LocDict) -> list[SpecError]:
    errors = []
    for part in ("dataset", "val", "test"):
        given = spec["data"].get(part)
        if isinstance(given, dict):
            ((kind, params),) = given.items()
            errors += constraints(kind, "dataset", params, f"data.{part}.{kind}")
    return errors


def _loss_labels(spec: LocDict, name: str, loss: LocDict, labelled: bool) -> list[SpecError]:
    if labelled or not REGISTRY.get("loss", loss["type"]).info.needs_labels(loss):
        return []
    return [
        SpecError(
            f"loss '{name}' needs labels, but the data have none",
            f"losses.{name}",
            spec["losses"].where(name),
            expected="a dataset with labels",
            received=unlabelled(spec),
        )
    ]
