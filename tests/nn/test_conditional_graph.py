"""``conditional: true`` and the graph it stands for compile to the same modules; a
sequential network's weights (runs written before the shorthand expanded) load into it."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from nnspec.compiler import compile_networks
from nnspec.spec.pipeline import resolve
from tests.spec.check.test_conditional import GRAPHS, SHORTHAND


def _compiled(path) -> dict:
    resolved = resolve(path)
    torch.manual_seed(0)
    inputs = {name: shape.input for name, shape in resolved.shapes.items()}
    return compile_networks(resolved.typed.networks, inputs)


def test_both_forms_compile_to_the_same_modules(write_spec) -> None:
    short = _compiled(write_spec(SHORTHAND, "short.yaml"))
    graphs = _compiled(write_spec(GRAPHS, "graphs.yaml"))
    for name in ("G", "D"):
        assert str(short[name]) == str(graphs[name])
        a, b = short[name].state_dict(), graphs[name].state_dict()
        assert list(a) == list(b) and all(torch.equal(a[k], b[k]) for k in a)


def test_a_sequential_state_loads_into_the_conditioned_graph(write_spec, monkeypatch) -> None:
    path = write_spec(SHORTHAND, "short.yaml")
    graph = _compiled(path)["D"]
    monkeypatch.setattr("nnspec.spec.pipeline.expand_conditional", lambda tree, data: False)
    old = _compiled(path)["D"]  # as runs before the expansion saved it: a Sequential of 74
    assert isinstance(old, torch.nn.Sequential)
    graph.load_state_dict(old.state_dict())
    x, y = torch.rand(4, 64), torch.tensor([0, 3, 9, 3])
    assert torch.equal(graph(x, labels=y), old(torch.cat([x, F.one_hot(y, 10).float()], 1)))


def test_a_checkpoint_of_the_sequential_form_fits_the_graph(write_spec, monkeypatch) -> None:
    from nnspec.nn.graph import upgrade_payload
    from nnspec.train.checkpoint_check import check_tensors

    path = write_spec(SHORTHAND, "short.yaml")
    graphs = _compiled(path)
    monkeypatch.setattr("nnspec.spec.pipeline.expand_conditional", lambda tree, data: False)
    old = _compiled(path)
    payload = {"networks": {name: module.state_dict() for name, module in old.items()}}
    upgrade_payload(graphs, payload)
    for name, module in graphs.items():
        check_tensors(f"networks.{name}", payload["networks"][name], module.state_dict())
        module.load_state_dict(payload["networks"][name])
    z, y = torch.rand(3, 32), torch.tensor([1, 2, 3])
    assert torch.equal(
        graphs["G"](z, labels=y), old["G"](torch.cat([z, F.one_hot(y, 10).float()], 1))
    )


def test_a_network_with_init_expands_to_a_graph_with_the_same_weights(
    write_spec, monkeypatch
) -> None:
    # the graph applies the init to its one node of layers: the draws the sequential form makes
    text = SHORTHAND.replace(
        "layers: [{linear: 32}, relu, {linear: 64}]",
        "layers: [{linear: 32}, relu, {linear: 64}]\n    init: {normal: {std: 0.02}}",
    )
    path = write_spec(text, "short.yaml")
    graph = _compiled(path)["G"]
    assert type(graph).__name__ != "Sequential"  # expanded, init and all
    monkeypatch.setattr("nnspec.spec.pipeline.expand_conditional", lambda tree, data: False)
    old = _compiled(path)["G"]
    assert [p.std().item() < 0.05 for p in old.parameters() if p.dim() > 1] == [True, True]
    z, y = torch.rand(3, 32), torch.tensor([1, 2, 3])
    assert torch.equal(graph(z, labels=y), old(torch.cat([z, F.one_hot(y, 10).float()], 1)))
