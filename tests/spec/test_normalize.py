"""Normalisation: one canonical form per kind, defaults filled, and each naming or type mistake."""

from __future__ import annotations

import pytest

from nnspec.registry import REGISTRY
from nnspec.registry.params import Ref
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
data:
  dataset: digits
  batch_size: 32
networks:
  mlp:
    layers:
      - {linear: 32, name: hidden}
      - relu
      - {dropout: {p: 0.2}}
      - linear: {out: 10, bias: false}
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: adam, params: [mlp], lr: 1.0e-3}
schedule:
  - train: {loss: xent, optimizer: opt}
    epochs: 2
"""


@pytest.fixture
def tree(write_spec):
    return resolve(write_spec(SPEC)).tree


def test_every_written_form_of_a_layer_becomes_one_form(tree) -> None:
    layers = tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers == [
        {"linear": {"out": 32, "bias": True}, "name": "hidden"},
        {"relu": {}},
        {"dropout": {"p": 0.2}},
        {"linear": {"out": 10, "bias": False}},
    ]


def test_typed_entries_get_every_parameter(tree) -> None:
    opt = tree["optimizers"]["opt"]
    assert list(opt) == ["type", *REGISTRY.get("optimizer", "adam").param_names]
    assert (opt["type"], opt["lr"], opt["params"]) == ("adam", 0.001, ["mlp"])


def test_defaults_are_marked_as_defaults(tree) -> None:
    data = tree["data"]
    assert data["shuffle"] is True
    assert data.where("shuffle").origin == "default"
    assert str(data.where("shuffle")) == "<default>"
    assert data.where("batch_size").origin == "file"
    assert tree["name"] == "spec"


def test_a_single_item_may_stand_for_a_list(write_spec) -> None:
    text = SPEC.replace("params: [mlp]", "params: mlp")
    assert resolve(write_spec(text)).tree["optimizers"]["opt"]["params"] == ["mlp"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("optimizers:", "optimisers:", "spec.yaml:14:1: error: unknown section 'optimisers' "
         "(at <top>); did you mean 'optimizers'?"),
        ("dataset: digits", "dataset: digts", "spec.yaml:3:12: error: unknown dataset 'digts' "
         "(at data.dataset); did you mean 'digits'?"),
        ("- relu", "- rleu", "spec.yaml:9:9: error: unknown layer 'rleu' "
         "(at networks.mlp.layers[1]); did you mean 'relu'?"),
        ("type: adam", "type: adamm", "spec.yaml:15:15: error: unknown optimizer 'adamm' "
         "(at optimizers.opt.type); did you mean 'adam'?"),
        ("type: cross_entropy", "type: crossentropy", "spec.yaml:13:16: error: unknown loss "
         "'crossentropy' (at losses.xent.type); did you mean 'cross_entropy'?"),
        ("- train:", "- trian:", "spec.yaml:17:5: error: unknown phase 'trian' (at schedule[0]); "
         "did you mean 'train'?"),
        ("bias: false", "bais: false", "spec.yaml:11:27: error: unknown parameter of linear 'bais' "
         "(at networks.mlp.layers[3].linear); did you mean 'bias'?"),
    ],
)  # fmt: skip
def test_misspelt_names_suggest_the_closest(errors_of, edit, old, new, expected) -> None:
    assert errors_of(edit(SPEC, old, new)) == expected


def test_an_optimizer_without_momentum_takes_no_momentum_schedule(errors_of, edit) -> None:
    schedule = "type: adagrad, momentum_schedule: [{epoch: 5, momentum: 0.9}]"
    assert errors_of(edit(SPEC, "type: adam", schedule)) == (
        "spec.yaml:15:24: error: unknown parameter of optimizer adagrad 'momentum_schedule' "
        "(at optimizers.opt); did you mean 'schedule'?"
    )


def test_an_unknown_name_without_a_close_match_lists_the_choices(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "type: adam", "type: qq")) == (
        "spec.yaml:15:15: error: unknown optimizer 'qq' (at optimizers.opt.type)\n"
        "  expected: one of adadelta, adagrad, adam, adamw, ekf, lbfgs, momentum, nesterov, "
        "rmsprop, sgd"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("batch_size: 32", "batch_size: 32.5", "spec.yaml:4:15: error: expected an integer >= 1 "
         "and <= 1000000 (at data.batch_size)\n  expected: an integer >= 1 and <= 1000000\n"
         "  received: 32.5 (a number)"),
        ("bias: false", "bias: no", "spec.yaml:11:33: error: expected true or false "
         "(at networks.mlp.layers[3].linear.bias)\n  expected: true or false\n"
         "  received: 'no' (a string)"),
        ("params: [mlp]", "params: {a: 1}", "spec.yaml:15:29: error: expected the name of a "
         "network (at optimizers.opt.params)\n  expected: the name of a network\n"
         "  received: a mapping"),
        ("- relu", "- {relu: 3}", "spec.yaml:9:16: error: layer 'relu' takes its parameters as a "
         "mapping (at networks.mlp.layers[1].relu)\n  expected: a mapping of nothing\n"
         "  received: 3 (an integer)"),
        ("type: cross_entropy, ", "", "spec.yaml:13:9: error: expected a loss with a 'type' "
         "(at losses.xent)\n  expected: a mapping such as {type: acgan, ...}\n"
         "  received: a mapping"),
    ],
)  # fmt: skip
def test_wrong_types(errors_of, edit, old, new, expected) -> None:
    assert errors_of(edit(SPEC, old, new)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{linear: 32, name: hidden}", "{linear: -32}", "spec.yaml:8:18: error: -32 is out of "
         "range (at networks.mlp.layers[0].linear.out)\n  expected: an integer >= 1\n"
         "  received: -32 (an integer)"),
        ("epochs: 2", "epochs: 0", "spec.yaml:18:13: error: 0 is out of range "
         "(at schedule[0].epochs)\n  expected: an integer >= 1\n  received: 0 (an integer)"),
        ("{p: 0.2}", "{p: 1.5}", "spec.yaml:10:23: error: 1.5 is out of range "
         "(at networks.mlp.layers[2].dropout.p)\n  expected: a number >= 0 and <= 1\n"
         "  received: 1.5 (a number)"),
        ("lr: 1.0e-3", "lr: 0.0", "spec.yaml:15:40: error: 0.0 is out of range "
         "(at optimizers.opt.lr)\n  expected: a number > 0\n  received: 0.0 (a number)"),
        ("lr: 1.0e-3", "lr: .nan", "spec.yaml:15:40: error: nan is not a finite number "
         "(at optimizers.opt.lr)\n  expected: a number > 0\n  received: nan (a number)"),
    ],
)  # fmt: skip
def test_negative_and_out_of_range_values(errors_of, edit, old, new, expected) -> None:
    assert errors_of(edit(SPEC, old, new)) == expected


def test_a_huge_integer_is_received_as_its_number_of_digits(errors_of, edit) -> None:
    huge = "1" + "0" * 40
    assert errors_of(edit(SPEC, "batch_size: 32", f"batch_size: {huge}")) == (
        f"spec.yaml:4:15: error: {huge} is out of range (at data.batch_size)\n"
        "  expected: an integer >= 1 and <= 1000000\n"
        "  received: an integer of 41 digits (an integer)"
    )


def test_a_seed_too_large_for_torch_is_refused(write_spec, cli) -> None:
    result = cli("validate", write_spec(SPEC.replace("nnspec: 2\n", f"nnspec: 2\nseed: {2**64}\n")))
    assert result.exit_code == 1


def test_a_missing_section_and_its_misspelling_are_both_reported(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "schedule:", "schedul:")) == (
        "spec.yaml:1:1: error: missing required key 'schedule' (at <top>)\n"
        "  expected: a list of at least 1 of phase: one phase kind (train, alternate, "
        "layerwise, ...) and its length\n"
        "spec.yaml:16:1: error: unknown section 'schedul' (at <top>); did you mean 'schedule'?"
    )


def test_every_mistake_is_reported_at_once_in_file_order(errors_of) -> None:
    text = (
        SPEC.replace("type: adam", "type: adamm")
        .replace("- relu", "- rleu")
        .replace("batch_size: 32", "batch_size: -1")
    )
    lines = [line for line in errors_of(text).splitlines() if not line.startswith("  ")]
    assert [line.split(": error")[0] for line in lines] == [
        "spec.yaml:4:15",
        "spec.yaml:9:9",
        "spec.yaml:15:15",
    ]


def test_two_kinds_in_one_layer_item(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "{linear: 32, name: hidden}", "{linear: 32, dropout: 0.1}")) == (
        "spec.yaml:8:9: error: expected a layer (at networks.mlp.layers[0])\n"
        "  expected: a layer name, or a mapping with exactly one layer name\n"
        "  received: a mapping"
    )


def test_absent_sections_get_their_defaults(tree) -> None:
    assert tree["run"]["device"] == "auto"
    assert tree["outputs"]["checkpoints"]["mode"] == "max"
    assert tree["data"]["split"] == {"val": 0.0, "test": 0.0, "order": "nnspec"}


def test_a_reference_to_an_optimizer_reads_with_its_article() -> None:
    # "the name of a optimizer" was a typo the messages carried
    assert Ref("optimizer").describe() == "the name of an optimizer"
    assert Ref("network").describe() == "the name of a network"
