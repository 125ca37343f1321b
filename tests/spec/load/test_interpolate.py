"""``vars``, ``$name`` and ``$(expr)``: typed substitution, escapes, cycles and messages."""

from __future__ import annotations

import pytest

from nnspec.errors import SpecError
from nnspec.spec.load.interpolate import interpolate
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
vars: {width: 32, classes: 10, label: mlp}
name: $label-w$width
data:
  dataset: digits
networks:
  mlp:
    layers: [{linear: $(width * 2)}, relu, {linear: $classes}]
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam, lr: 1.0e-3}}
    epochs: 2
"""


def substituted(text: str) -> dict:
    return plain(interpolate(load_text(text, "t.yaml")))


def test_a_whole_expression_keeps_its_type() -> None:
    out = substituted("vars: {n: 3, lr: 1.0e-3}\na: $n\nb: $lr\nc: [$n, $(n * 2)]\n")
    assert out["a"] == 3 and type(out["a"]) is int
    assert out["b"] == 0.001
    assert out["c"] == [3, 6]


def test_an_expression_inside_a_string_is_formatted() -> None:
    assert substituted("vars: {n: 3}\na: run-$n-of-$(n + 1)\n")["a"] == "run-3-of-4"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("cost $$n is $n", "cost $n is 3"),
        ("$$$n", "$3"),
        ("$$(n)", "$(n)"),
        ("$${n}", "${n}"),
        ("$$", "$"),
    ],
)
def test_a_doubled_dollar_writes_a_literal(written: str, value: str) -> None:
    assert substituted(f"vars: {{n: 3}}\na: {written}\n")["a"] == value


@pytest.mark.parametrize("written", ["costs $5", "$", "5$", "a $ b", "$-1", "$.n", "US$ 3"])
def test_a_dollar_before_anything_else_is_itself(written: str) -> None:
    spec = interpolate(load_text(f"vars: {{n: 3}}\na: {written}\n", "t.yaml"))
    assert spec["a"] == written
    assert spec.where("a").origin == "file"  # nothing was substituted


@pytest.mark.parametrize(
    ("written", "value"),
    [("w$(n)x", "w3x"), ("$n.5", "3.5"), ("$n_$n", None), ("$(n)$(n)", "33"), ("[$n]", "[3]")],
)
def test_a_name_ends_at_the_first_character_that_cannot_continue_it(written, value) -> None:
    if value is None:  # '$n_' is the var 'n_'
        with pytest.raises(SpecError, match="unknown var 'n_'"):
            substituted(f"vars: {{n: 3}}\na: '{written}'\n")
    else:
        assert substituted(f"vars: {{n: 3}}\na: '{written}'\n")["a"] == value


@pytest.mark.parametrize("quote", ["'", '"'])
def test_quoted_scalars_interpolate_like_plain_ones(quote: str) -> None:
    text = (
        f"vars: {{n: 3}}\na: {quote}$n{quote}\nb: {quote}$(n * 2){quote}\nc: {quote}n=$n{quote}\n"
    )
    assert substituted(text) == {"vars": {"n": 3}, "a": 3, "b": 6, "c": "n=3"}


def test_flow_collections_hold_the_forms_as_plain_scalars() -> None:
    text = (
        "vars: {n: 3, a: 1}\n"
        "l: [$n, $(2 * n), {linear: $(n + 1)}, {normal: $n}]\n"
        "m: {x: \"$(max(a, n))\", y: ['$(min(a, n))']}\n"
    )
    out = substituted(text)
    assert out["l"] == [3, 6, {"linear": 4}, {"normal": 3}]
    assert out["m"] == {"x": 3, "y": [1]}


def test_a_whole_layer_and_a_list_are_substituted_whole() -> None:
    text = (
        "vars: {block: {linear: {out: 8}}, shape: [1, 28]}\nlayers: [$block, relu]\ninput: $shape\n"
    )
    out = substituted(text)
    assert out["layers"] == [{"linear": {"out": 8}}, "relu"]
    assert out["input"] == [1, 28]


def test_vars_reach_values_at_every_depth() -> None:
    text = "vars: {n: 3}\na: {b: {c: [{d: [$n]}]}}\n"
    assert substituted(text)["a"] == {"b": {"c": [{"d": [3]}]}}


def test_vars_may_use_vars_in_any_order() -> None:
    out = substituted("vars: {a: $(b * 2), b: $(c + 1), c: 1}\nx: $a\n")
    assert out["x"] == 4
    assert out["vars"] == {"a": 4, "b": 2, "c": 1}


def test_substituted_values_are_located_at_their_use_with_origin_var() -> None:
    spec = interpolate(load_text("vars: {n: 3}\na: $n\nb: 4\n", "t.yaml"))
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
    text = edit(SPEC, "$classes", "$clases")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: cannot substitute '$clases': unknown var 'clases' "
        "(at networks.mlp.layers[2].linear); did you mean 'classes'?"
    )


def test_unknown_vars_in_an_expression_suggest_too(errors_of, edit) -> None:
    text = edit(SPEC, "$(width * 2)", "$(widht * 2)")
    assert errors_of(text) == (
        "spec.yaml:8:23: error: cannot substitute '$(widht * 2)': unknown var 'widht' "
        "(at networks.mlp.layers[0].linear); did you mean 'width'?"
    )


def test_var_cycles_are_reported(errors_of, edit) -> None:
    text = edit(SPEC, "{width: 32,", "{width: $height, height: $(width + 1),")
    assert errors_of(text) == (
        "spec.yaml:2:15: error: vars refer to each other in a cycle: width -> height -> width "
        "(at vars.width)"
    )


def test_a_var_that_refers_to_itself(errors_of, edit) -> None:
    text = edit(SPEC, "{width: 32,", "{width: $width,")
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
    text = edit(SPEC, "$classes", "$(__import__('os'))")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: cannot substitute '$(__import__('os'))': unknown function "
        "'__import__'; allowed: min, max, int, round, abs (at networks.mlp.layers[2].linear)"
    )


def test_a_substituted_value_is_validated_like_a_written_one(errors_of, edit) -> None:
    text = edit(SPEC, "$classes", "$(classes - 20)")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: -10 is out of range (at networks.mlp.layers[2].linear.out)\n"
        "  expected: an integer >= 1\n"
        "  received: -10 (an integer)"
    )


def chain_of_vars(length: int) -> str:
    chain = ", ".join(f"v{i}: $v{i + 1}" for i in range(length))
    return f"vars: {{{chain}, v{length}: 5}}\na: $v0\n"


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
    # A comma ends a plain scalar in a flow collection: such an expression is quoted.
    text = edit(SPEC, "$classes", '"$(max(classes, 2))"')
    layers = resolve(write_spec(text)).tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers[2] == {"linear": {"out": 10, "bias": True}}


def test_commas_in_a_flow_mapping_value(write_spec, edit) -> None:
    text = edit(SPEC, "{linear: $classes}", "{linear: {out: '$(max(classes, 2))', bias: false}}")
    layers = resolve(write_spec(text)).tree["networks"]["mlp"]["sequential"]["layers"]
    assert layers[2] == {"linear": {"out": 10, "bias": False}}


def test_an_unquoted_comma_in_a_flow_collection_says_to_quote(errors_of, edit) -> None:
    # YAML reads '{linear: $(max(classes, 2))}' as {linear: '$(max(classes', '2))': null}.
    text = edit(SPEC, "$classes", "$(max(classes, 2))")
    assert errors_of(text) == (
        "spec.yaml:8:53: error: '$(max(classes' opens '$(' without its closing ')' "
        "(at networks.mlp.layers[2].linear); if it stands in [...] or {...}, "
        'a comma there ends an unquoted value: quote it, as in "$(max(a, b))"'
    )


def test_a_version_one_form_is_refused_with_its_version_two_spelling(errors_of, edit) -> None:
    text = edit(SPEC, "name: $label-w$width", "name: ${label}-w${width}")
    assert errors_of(text) == (
        "spec.yaml:3:7: error: the version-1 form '${label}' is not read by version 2 (at name); "
        "write '$label', or run 'nnspec upgrade spec.yaml --in-place'"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [("${n}", "$n"), ("${ n }", "$n"), ("${n}x", "$(n)"), ("${n * 2}", "$(n * 2)")],
)
def test_the_spelling_offered_for_a_version_one_form(old: str, new: str) -> None:
    with pytest.raises(SpecError) as info:
        substituted(f"vars: {{n: 3}}\na: a{old}\n")
    assert info.value.hint == f"write '{new}', or run 'nnspec upgrade t.yaml --in-place'"


def test_a_version_one_form_in_set_offers_only_the_spelling(errors_of) -> None:
    assert errors_of(SPEC, "--set", "name=${label}") == (
        "<command line>: error: the version-1 form '${label}' is not read by version 2 (at name); "
        "write '$label'"
    )


def test_an_unclosed_expression_is_located(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "name: $label-w$width", "name: w$(width + 1")) == (
        "spec.yaml:3:7: error: '$(width + 1' opens '$(' without its closing ')' (at name); "
        "if it stands in [...] or {...}, a comma there ends an unquoted value: "
        'quote it, as in "$(max(a, b))"'
    )
