"""The Boltzmann machine and DBM declarations: counts, shapes, and located errors for misuse."""

from __future__ import annotations

import pytest

from nnspec.registry import REGISTRY

SPEC = """\
nnspec: 2
data: {dataset: {bars_and_stripes: {side: 3}}}
networks:
  bm: {boltzmann_machine: {visible: 9, hidden: 2}}
  deep: {dbm: {visible: 9, hidden: [4, 3]}}
losses:
  bm: {type: boltzmann, model: bm}
  deep: {type: mean_field, model: deep}
schedule:
  - train: {loss: bm, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {splits: [train], metrics: [{exact_log_likelihood: {network: bm}}]}
"""
LAYERWISE = "  - layerwise: {stack: %s, loss: %s, optimizer: {type: sgd, lr: 0.1}, epochs: 1}"
TRAIN = "  - train: {loss: bm, optimizer: {type: sgd, lr: 0.1}}\n    steps: 1"


def test_the_spec_is_valid(cli, write_spec) -> None:
    assert cli("validate", write_spec(SPEC)).exit_code == 0


@pytest.mark.parametrize(
    ("kind", "body", "count", "output"),
    [
        ("boltzmann_machine", {"visible": 9, "hidden": 3}, 12 * 11 // 2 + 12, (3,)),
        ("dbm", {"visible": 9, "hidden": [4, 3]}, 9 * 4 + 4 * 3 + 16, (3,)),
    ],
)
def test_static_counts_and_shapes_are_the_built_modules(kind, body, count, output) -> None:
    import torch

    from nnspec.nn.networks import NETWORK_BUILDERS

    decl = REGISTRY.get("network", kind)
    params = {p.name: p.default for p in decl.params} | body
    assert decl.count(params, (9,), None) == count
    assert tuple(decl.shape(params, (9,), None)) == output
    module = NETWORK_BUILDERS[kind](params)
    assert sum(p.numel() for p in module.parameters()) == count
    assert tuple(module(torch.zeros(2, 9)).shape[1:]) == output


def test_a_boltzmann_loss_trains_a_boltzmann_machine(errors_of, edit) -> None:
    text = edit(SPEC, "bm: {type: boltzmann, model: bm}", "bm: {type: boltzmann, model: deep}")
    assert errors_of(text) == (
        "spec.yaml:7:32: error: loss 'bm' (boltzmann) trains a boltzmann_machine network "
        "(at losses.bm.model)\n"
        "  expected: a boltzmann_machine network\n"
        "  received: 'deep', a dbm network"
    )


def test_a_mean_field_loss_trains_a_dbm(errors_of, edit) -> None:
    text = edit(SPEC, "type: mean_field, model: deep", "type: mean_field, model: bm")
    assert errors_of(text) == (
        "spec.yaml:8:35: error: loss 'deep' (mean_field) trains a dbm network "
        "(at losses.deep.model)\n"
        "  expected: a dbm network\n"
        "  received: 'bm', a boltzmann_machine network"
    )


def test_contrastive_divergence_refuses_a_dbm(errors_of, edit) -> None:
    text = edit(SPEC, "type: mean_field, model: deep", "type: cd, model: deep")
    assert errors_of(text) == (
        "spec.yaml:8:27: error: contrastive divergence trains a dbn or rbm or rbm_stack "
        "(at losses.deep.model)\n"
        "  expected: a dbn or rbm or rbm_stack network\n"
        "  received: 'deep', a dbm network"
    )


def test_the_visible_units_take_the_data(errors_of, edit) -> None:
    text = edit(SPEC, "visible: 9, hidden: 2", "visible: 8, hidden: 2")
    assert errors_of(text) == (
        "spec.yaml:4:7: error: network 'bm' input (8) does not fit: its visible units take the "
        "data (at networks.bm)\n"
        "  expected: (9)\n"
        "  received: (8)"
    )


def test_a_likelihood_metric_must_be_told_which_boltzmann_machine(errors_of, edit) -> None:
    text = edit(SPEC, "{exact_log_likelihood: {network: bm}}", "ais_log_likelihood")
    assert errors_of(text) == (
        "spec.yaml:12:39: error: metric 'ais_log_likelihood' scores a network of kind "
        "boltzmann_machine or dbm, and the spec has 2: name one (at evaluate.metrics[0])\n"
        "  expected: network: one of bm, deep\n"
        "  received: no network"
    )


def test_an_rbm_metric_refuses_a_dbm(errors_of, edit) -> None:
    text = edit(SPEC, "{exact_log_likelihood: {network: bm}}", "{free_energy: {network: deep}}")
    assert errors_of(text) == (
        "spec.yaml:12:63: error: metric 'free_energy' scores a network of kind rbm; 'deep' is "
        "of kind dbm (at evaluate.metrics[0].free_energy.network)\n"
        "  expected: a network of kind rbm\n"
        "  received: 'deep' (dbm)"
    )


def test_only_a_stack_is_pretrained_layerwise(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, TRAIN, LAYERWISE % ("bm", "bm"))) == (
        "spec.yaml:10:24: error: a 'layerwise' phase needs an autoencoder_stack or dbm or dbn "
        "or rbm_stack network (at schedule[0].layerwise.stack)\n"
        "  expected: autoencoder_stack or dbm or dbn or rbm_stack\n"
        "  received: 'bm', a boltzmann_machine network"
    )


def test_a_dbm_is_pretrained_by_its_mean_field_loss(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, TRAIN, LAYERWISE % ("deep", "bm"))) == (
        "spec.yaml:10:36: error: loss 'bm' cannot pretrain 'deep' level by level "
        "(at schedule[0].layerwise.loss)\n"
        "  expected: a cd or contractive or mean_field or reconstruction loss of network 'deep'\n"
        "  received: a boltzmann loss"
    )


def test_a_dbm_pretrained_layerwise_is_valid(cli, write_spec, edit) -> None:
    text = edit(SPEC, TRAIN, LAYERWISE % ("deep", "deep"))
    assert cli("validate", write_spec(text)).exit_code == 0


def test_a_boltzmann_machine_cannot_be_unrolled(errors_of, edit) -> None:
    text = edit(
        SPEC, "  bm: {boltzmann", "  clf: {layers: [{unroll: bm}, {linear: 2}]}\n  bm: {boltzmann"
    )
    assert errors_of(text) == (
        "spec.yaml:4:18: error: layer 'unroll' cannot take input of shape (9): unroll needs an "
        "autoencoder_stack, dbm, dbn, rbm or rbm_stack; 'bm' is a boltzmann_machine network "
        "(at networks.clf.layers[0])\n"
        "  expected: one of autoencoder_stack, dbm, dbn, rbm, rbm_stack\n"
        "  received: boltzmann_machine"
    )
