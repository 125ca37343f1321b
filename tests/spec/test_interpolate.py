"""``vars`` and ``${...}``: typed substitution, formatting, escapes, cycles and their messages."""

from __future__ import annotations

import pytest

from nnspec.errors import SpecError
from nnspec.spec.interpolate import interpolate
from nnspec.spec.load import load_text
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 1
vars: {width: 32, classes: 10, label: mlp}
name: ${label}-w${width}
data:
  dataset: digits
networks:
  mlp:
    layers: [{linear: ${width * 2}}, relu, {linear: ${classes}}]
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam, lr: 1.0e-3}}
    epochs: 2
"""


def substituted(text: str) -> dict:
    return plain(interpolate(load_text(text, "t.yaml")))


def test_a_whole_expression_keeps_its_type() -> None:
    out = substituted("vars: {n: 3, lr: 1.0e-3}\na: ${n}\nb: ${lr}\nc: [${n}, ${n * 2}]\n")
    assert out["a"] == 3 and type(out["a"]) is int
    assert out["b"] == 0.001
    assert out["c"] == [3, 6]


def test_an_expression_inside_a_string_is_formatted() -> None:
    assert substituted("vars: {n: 3}\na: run-${n}-of-${n + 1}\n")["a"] == "run-3-of-4"


def test_a_doubled_dollar_writes_a_literal() -> None:
    assert substituted("vars: {n: 3}\na: cost $${n} is ${n}\n")["a"] == "cost ${n} is 3"


def test_vars_may_use_vars_in_any_order() -> None:
    out = substituted("vars: {a: ${b * 2}, b: ${c + 1}, c: 1}\nx: ${a}\n")
    assert out["x"] == 4
    assert out["vars"] == {"a": 4, "b": 2, "c": 1}


def test_substituted_values_are_located_at_their_use_with_origin_var() -> None:
    spec = interpolate(load_text("vars: {n: 3}\na: ${n}\nb: 4\n", "t.yaml"))
    assert spec.where("a").origin == "var"
    assert (spec.where("a").line, spec.where("a").column) == (2, 4)
    assert spec.where("b").origin == "file"


def test_a_spec_resolves_with_its_vars(write_spec) -> None:
    tree = resolve(write_spec(SPEC)).tree
    assert tree["name"] == "mlp-w32"
    layers = tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers[0] == {"linear": {"out": 64, "bias": True}}
    assert layers[2] == {"linear": {"out": 10, "bias": True}}
    assert layers.where(0).origin == "file"  # the layer mapping itself was written
    assert layers[0]["linear"].where("out").origin == "var"


def test_unknown_vars_suggest_the_closest(errors_of, edit) -> None:
    text = edit(SPEC, "${classes}", "${clases}")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: cannot substitute '${clases}': unknown var 'clases' "
        "(at networks.mlp.layers[2].linear); did you mean 'classes'?"
    )


def test_unknown_vars_in_an_expression_suggest_too(errors_of, edit) -> None:
    text = edit(SPEC, "${width * 2}", "${widht * 2}")
    assert errors_of(text) == (
        "spec.yaml:8:23: error: cannot substitute '${widht * 2}': unknown var 'widht' "
        "(at networks.mlp.layers[0].linear); did you mean 'width'?"
    )


def test_var_cycles_are_reported(errors_of, edit) -> None:
    text = edit(SPEC, "{width: 32,", "{width: '${height}', height: '${width + 1}',")
    assert errors_of(text) == (
        "spec.yaml:2:15: error: vars refer to each other in a cycle: width -> height -> width "
        "(at vars.width)"
    )


def test_a_var_that_refers_to_itself(errors_of, edit) -> None:
    text = edit(SPEC, "{width: 32,", "{width: '${width}',")
    assert errors_of(text) == (
        "spec.yaml:2:15: error: vars refer to each other in a cycle: width -> width (at vars.width)"
    )


def test_vars_must_be_a_mapping() -> None:
    with pytest.raises(SpecError) as info:
        interpolate(load_text("vars: [1, 2]\na: 1\n", "t.yaml"))
    assert info.value.render() == (
        "t.yaml:1:7: error: 'vars' must be a mapping of names to values (at vars)\n"
        "  received: a list"
    )


def test_unsafe_expressions_are_refused(errors_of, edit) -> None:
    text = edit(SPEC, "${classes}", "${__import__('os')}")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: cannot substitute '${__import__('os')}': unknown function "
        "'__import__'; allowed: min, max, int, round, abs (at networks.mlp.layers[2].linear)"
    )


def test_a_substituted_value_is_validated_like_a_written_one(errors_of, edit) -> None:
    text = edit(SPEC, "${classes}", "${classes - 20}")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: -10 is out of range (at networks.mlp.layers[2].linear.out)\n"
        "  expected: an integer >= 1\n"
        "  received: -10 (an integer)"
    )


def chain_of_vars(length: int) -> str:
    chain = ", ".join(f"v{i}: '${{v{i + 1}}}'" for i in range(length))
    return f"vars: {{{chain}, v{length}: 5}}\na: ${{v0}}\n"


def test_a_chain_of_a_hundred_vars_resolves() -> None:
    assert substituted(chain_of_vars(100))["a"] == 5


def test_a_chain_of_vars_too_long_to_follow_is_a_located_error() -> None:
    # Once a RecursionError (exit 3); the limit is Python's stack, somewhere above 150.
    with pytest.raises(SpecError) as info:
        substituted(chain_of_vars(1200))
    assert info.value.render() == (
        "t.yaml:1:7: error: vars refer to vars too deeply (at vars)\n"
        "  expected: chains of at most a few hundred vars"
    )


def test_a_function_of_two_arguments_inside_a_flow_list(write_spec, edit) -> None:
    # The comma of ${max(a, b)} once split the flow list: "received ${max(width".
    text = edit(SPEC, "${classes}", "${max(classes, 2)}")
    layers = resolve(write_spec(text)).tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers[2] == {"linear": {"out": 10, "bias": True}}


def test_commas_in_a_flow_mapping_value(write_spec, edit) -> None:
    text = edit(SPEC, "{linear: ${classes}}", "{linear: {out: ${max(classes, 2)}, bias: false}}")
    layers = resolve(write_spec(text)).tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers[2] == {"linear": {"out": 10, "bias": False}}
