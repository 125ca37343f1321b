"""``nnspec upgrade``'s text rewrite: every version-1 form, with comments and layout kept."""

from __future__ import annotations

import pytest
import yaml

from nnspec.errors import SpecError
from nnspec.spec.load.upgrade import upgrade_text


def upgraded(body: str) -> str:
    """The version-2 text of a version-1 spec made of ``body`` (its stamp line dropped)."""
    text = upgrade_text(f"nnspec: 1\n{body}", "old.yaml")
    assert text is not None and text.startswith("nnspec: 2\n")
    return text.removeprefix("nnspec: 2\n")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("input: [${latent}]\n", "input: [$latent]\n"),  # flow list
        ("noise: {normal: ${latent}}\n", "noise: {normal: $latent}\n"),  # flow map
        ("width: ${width}\n", "width: $width\n"),  # block scalar
        ("width: ${ width }\n", "width: $width\n"),
        ("input: [${2 * latent}]\n", "input: [$(2 * latent)]\n"),  # expression
        ("out: ${max(a, b)}\n", "out: $(max(a, b))\n"),  # a comma is fine in block context
        ("l: [{linear: ${max(a, b)}}]\n", 'l: [{linear: "$(max(a, b))"}]\n'),  # not in flow
        ("name: run-${n}-of-${n + 1}\n", "name: run-$n-of-$(n + 1)\n"),  # embedded
        ("name: w${n}x\n", "name: w$(n)x\n"),  # a name followed by an identifier character
        ("name: w${n}_x\n", "name: w$(n)_x\n"),
        ("name: w${n}.x\n", "name: w$n.x\n"),
        ("name: cost $${n}\n", "name: cost $${n}\n"),  # version 1's escape reads the same
        ("l: [$${n}]\n", 'l: ["$${n}"]\n'),  # but its brace needs quotes in flow
        ("name: cost $x or $(y) or $$z\n", "name: cost $$x or $$(y) or $$$$z\n"),
        ("name: costs $5, $ and $-\n", "name: costs $5, $ and $-\n"),  # stay literal
        ("layers: [${block}, relu]\n", "layers: [$block, relu]\n"),  # a whole layer
        ("layers:\n  - ${block}\n  - relu\n", "layers:\n  - $block\n  - relu\n"),
        ("input: ${shape}\n", "input: $shape\n"),  # a list
        ("a: {b: {c: [{d: [${n}]}]}}\n", "a: {b: {c: [{d: [$n]}]}}\n"),  # every depth
        ("a:\n  b:\n    c:\n      - d: ${n}\n", "a:\n  b:\n    c:\n      - d: $n\n"),
        ("a: '${n}'\nb: \"x${n * 2}\"\n", "a: '$n'\nb: \"x$(n * 2)\"\n"),  # quoted
        ('a: ["${max(a, b)}"]\n', 'a: ["$(max(a, b))"]\n'),  # quoted already
        ("a: |\n  w=${n}\n  $x\n", "a: |\n  w=$n\n  $$x\n"),  # literal block
        ("${n}: ${n}\n", "${n}: $n\n"),  # keys are never substituted
    ],
)
def test_each_version_one_form(old: str, new: str) -> None:
    assert upgraded(old) == new


def test_the_upgraded_form_reads_as_the_same_value_in_yaml() -> None:
    body = "l: [{linear: ${max(a, b)}}, ${n}, '${n}']\nm: {k: ${2 * n}}\n"
    assert yaml.safe_load(upgraded(body)) == {
        "l": [{"linear": "$(max(a, b))"}, "$n", "$n"],
        "m": {"k": "$(2 * n)"},
    }


def test_comments_blank_lines_and_layout_are_kept() -> None:
    old = (
        "# a spec\n\nvars: {n: 3}   # the width\n\nnetworks:\n  m:\n"
        "    layers: [{linear: ${n}},   relu]  # two\n"
    )
    new = old.replace("${n}", "$n")
    assert upgraded(old) == new


def test_line_endings_are_kept() -> None:
    assert upgrade_text("nnspec: 1\r\na: [${n}]\r\n", "old.yaml") == "nnspec: 2\r\na: [$n]\r\n"


def test_an_alias_is_rewritten_once() -> None:
    assert upgraded("a: &w ${n}\nb: *w\n") == "a: &w $n\nb: *w\n"


def test_a_version_two_spec_is_left_alone() -> None:
    assert upgrade_text("nnspec: 2\na: [$n]\nb: $${x}\n", "new.yaml") is None


def test_a_spec_without_a_stamp_is_upgraded_if_it_holds_a_version_one_form() -> None:
    assert upgrade_text("a: [${n}]\n", "old.yaml") == "a: [$n]\n"
    assert upgrade_text("a: [$n]\n", "new.yaml") is None


@pytest.mark.parametrize(
    ("stamp", "received"),
    [
        ("3", "3 (an integer)"),
        ("'1'", "'1' (a string)"),
        ("true", "true (a boolean)"),
        ("[1]", None),
    ],
)
def test_only_version_one_is_upgraded(stamp: str, received: str | None) -> None:
    with pytest.raises(SpecError) as info:
        upgrade_text(f"nnspec: {stamp}\na: ${{n}}\n", "odd.yaml")
    assert info.value.render() == (
        "odd.yaml:1:9: error: nnspec upgrade rewrites version 1 to version 2 (at nnspec)\n"
        "  expected: nnspec: 1\n"
        f"  received: {received or 'a list or mapping'}"
    )


def test_text_that_version_one_could_not_read_is_a_located_yaml_error() -> None:
    with pytest.raises(SpecError) as info:
        upgrade_text("nnspec: 1\na: [1, {b\n", "bad.yaml")
    assert info.value.render().startswith("bad.yaml:3:1: error: invalid YAML: ")


def test_a_spec_that_is_not_a_mapping() -> None:
    with pytest.raises(SpecError) as info:
        upgrade_text("- ${n}\n", "list.yaml")
    assert info.value.render() == (
        "list.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections"
    )
