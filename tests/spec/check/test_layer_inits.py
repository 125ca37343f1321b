"""Inits per layer kind: their normalised form and the located errors of validate."""

from __future__ import annotations

import pytest

from nnspec.spec.pipeline import resolve

MLP = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  mlp:
    layers: [{linear: 32}, relu, batch_norm, {residual: {layers: [{linear: 32}]}}, {linear: 10}]
    init: INIT
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    epochs: 2
"""


def test_an_init_per_layer_kind_normalises_each_scheme(write_spec, edit) -> None:
    text = edit(MLP, "INIT", "{linear: {normal: 0.02}, batchnorm: {normal: {mean: 1, std: 0.02}}}")
    init = resolve(write_spec(text)).plain()["networks"]["mlp"]["sequential"]["init"]
    assert init == {
        "linear": {"normal": {"mean": 0.0, "std": 0.02, "bias": False}},
        "batch_norm": {"normal": {"mean": 1, "std": 0.02, "bias": False}},
    }


@pytest.mark.parametrize(
    ("init", "expected"),
    [
        (
            "{linaer: xavier}",
            "spec.yaml:6:12: error: unknown init or layer kind 'linaer' (at networks.mlp.init); "
            "did you mean 'linear'?\n"
            "  expected: an init for the whole network, or layer kinds mapped to one",
        ),
        (
            "{conv2d: xavier}",
            "spec.yaml:6:12: error: init names layer kind 'conv2d', which network 'mlp' does not "
            "have (at networks.mlp.init.conv2d)\n"
            "  expected: one of batch_norm, linear, relu, residual\n  received: 'conv2d'",
        ),
        (
            "{batch_norm: orthogonal}",
            "spec.yaml:6:24: error: init 'orthogonal' draws matrices, but a batch_norm's scale is "
            "a vector (at networks.mlp.init.batch_norm)\n"
            "  expected: one of normal, uniform, zeros\n  received: 'orthogonal'",
        ),
        (
            "{linear: {uniform: {low: 1, high: 0}}}",
            "spec.yaml:6:45: error: init 'uniform': high must be above low "
            "(at networks.mlp.init.linear.uniform.high)\n"
            "  expected: high > low = 1.0\n  received: 0.0",
        ),
    ],
    ids=["misspelt-kind", "absent-kind", "matrix-init-on-a-norm", "constraint"],
)
def test_inits_per_layer_kind_are_checked(errors_of, edit, init, expected) -> None:
    assert errors_of(edit(MLP, "INIT", init)) == expected


def test_the_schema_takes_both_forms_of_init(edit) -> None:
    from jsonschema import Draft202012Validator

    from nnspec.spec.load.yaml_file import load_text
    from nnspec.spec.located import plain
    from nnspec.spec.schema import build_schema

    validator = Draft202012Validator(build_schema())
    for init in ("{normal: 0.02}", "{linear: {normal: 0.02}, batch_norm: {normal: {mean: 1}}}"):
        data = plain(load_text(edit(MLP, "INIT", init), "t.yaml"))
        assert list(validator.iter_errors(data)) == [], init
