"""Safe, located loading: YAML 1.2 scalars, locations, and the exact message for each bad file."""

from __future__ import annotations

import itertools
import math
import re
import time
from pathlib import Path

import pytest

from nnspec.errors import Location, SpecError
from nnspec.spec.load import load_text

MLP = """\
nnspec: 1
name: mlp
data:
  dataset: digits
  batch_size: 32
networks:
  mlp:
    layers: [{linear: 32}, relu, {dropout: 0.2}, {linear: 10}]
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: adam, params: [mlp], lr: 1.0e-3}
schedule:
  - train: {loss: xent, optimizer: opt}
    epochs: 2
"""
LOCATED = re.compile(r"^spec\.yaml:\d+:\d+: error: ")


def scalar(text: str) -> object:
    return load_text(f"a: {text}\n", "t.yaml")["a"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1e-3", 0.001),
        ("1.0e-3", 0.001),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("0x10", 16),
        ("0o10", 8),
        ("010", 10),
        ("+1", 1),
        ("no", "no"),
        ("yes", "yes"),
        ("off", "off"),
        ("on", "on"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("'1'", "1"),
        ('"true"', "true"),
        ("!!float 1", 1.0),
        ("!!int 7", 7),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core_rules(text: str, expected: object) -> None:
    value = scalar(text)
    assert type(value) is type(expected)
    assert value == expected


def test_infinities_are_floats() -> None:
    assert scalar(".inf") == math.inf
    assert scalar("-.inf") == -math.inf
    assert math.isnan(scalar(".nan"))


def test_every_value_keeps_its_line_and_column() -> None:
    spec = load_text(MLP, "t.yaml")
    assert spec["data"].where("batch_size") == Location("t.yaml", 5, 15)
    assert spec["data"].where_key("batch_size") == Location("t.yaml", 5, 3)
    layers = spec["networks"]["mlp"]["layers"]
    assert layers.where(1) == Location("t.yaml", 8, 28)
    assert spec["schedule"].where(0) == Location("t.yaml", 14, 5)


def test_a_byte_order_mark_is_accepted(write_spec, cli) -> None:
    result = cli("validate", write_spec(b"\xef\xbb\xbf" + MLP.encode()))
    assert result.exit_code == 0, result.output
    assert result.stdout == "spec.yaml: ok\n"


def test_duplicate_keys_name_both_lines(errors_of) -> None:
    text = MLP.replace("name: mlp\n", "name: mlp\nname: other\n")
    assert errors_of(text) == (
        "spec.yaml:3:1: error: duplicate key 'name' (first defined at line 2); "
        "remove one of the two"
    )


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!<tag:yaml.org,2002:python/object/apply:os.system>",
    ],
)
def test_python_tags_are_refused_and_nothing_runs(errors_of, tag: str) -> None:
    text = f'nnspec: 1\nname: {tag} ["touch pwned"]\n'
    full = "tag:yaml.org,2002:python/object/" + tag.split("python/object/")[1].rstrip(">")
    assert errors_of(text) == (
        f"spec.yaml:2:7: error: the tag '{full}' is not allowed; specs hold plain data only\n"
        "  expected: a string, number, boolean, null, list or mapping\n"
        f"  received: a value tagged {full}"
    )
    assert not Path("pwned").exists()


def test_python_name_tag_is_refused(errors_of) -> None:
    out = errors_of("nnspec: 1\nname: !!python/name:os.system ''\n")
    assert out.startswith(
        "spec.yaml:2:7: error: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"
    )


def test_local_tags_are_refused(errors_of) -> None:
    assert errors_of("nnspec: 1\nname: !foo x\n") == (
        "spec.yaml:2:7: error: the tag '!foo' is not allowed; specs hold plain data only\n"
        "  expected: a string, number, boolean, null, list or mapping\n"
        "  received: a value tagged !foo"
    )


def test_tab_indentation(errors_of) -> None:
    assert errors_of("nnspec: 1\ndata:\n\tdataset: digits\n") == (
        "spec.yaml:3:1: error: a tab is used for indentation; YAML indents with spaces only\n"
        "  expected: spaces\n"
        "  received: a tab character"
    )


def test_invalid_utf8_is_located(errors_of) -> None:
    assert errors_of(b"nnspec: 1\nname: ab\xff\xfecd\n") == (
        "spec.yaml:2:9: error: the file is not valid UTF-8\n"
        "  expected: UTF-8 text\n"
        "  received: byte 0xff"
    )


def test_binary_file(errors_of) -> None:
    assert errors_of(b"\x7fELF\x02\x01\x01\x00\x00\x00") == (
        "spec.yaml:1:1: error: this is a binary file, not a YAML spec\n"
        "  expected: UTF-8 text\n"
        "  received: binary data (NUL bytes)"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_files(errors_of, text: str) -> None:
    assert errors_of(text) == (
        "spec.yaml:1:1: error: the spec is empty\n"
        "  expected: a mapping of sections (nnspec, data, networks, ...)\n"
        "  received: an empty document"
    )


@pytest.mark.xfail(
    strict=True, reason="bug: '---' alone says 'top level must be a mapping, received: None'"
)
def test_an_explicit_empty_document_is_empty(errors_of) -> None:
    assert errors_of("---\n").startswith("spec.yaml:1:1: error: the spec is empty")


@pytest.mark.xfail(
    strict=True, reason="bug: yaml_rules ignores an explicit !!str on a plain scalar"
)
def test_an_explicit_str_tag_keeps_a_string() -> None:
    assert scalar("!!str 1") == "1"


def test_a_list_at_the_top(errors_of) -> None:
    assert errors_of("- nnspec: 1\n- data: {}\n") == (
        "spec.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections\n"
        "  received: a list"
    )


def test_a_scalar_at_the_top(errors_of) -> None:
    assert errors_of("just a string\n") == (
        "spec.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections\n"
        "  received: 'just a string'"
    )


def alias_bomb(levels: int = 10) -> str:
    """The billion-laughs document: each level is nine references to the one before."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"[:levels]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bombs_are_refused_quickly(errors_of) -> None:
    start = time.perf_counter()
    out = errors_of(alias_bomb())
    assert time.perf_counter() - start < 5.0  # a second in practice; generous for CI
    assert out == (
        "spec.yaml:1:64: error: the spec expands to too many values; aliases are nested too "
        "deeply\n"
        "  expected: at most 200000 values\n"
        "  received: an alias expansion beyond that (an alias bomb?)"
    )


def test_merge_keys_are_refused(errors_of) -> None:
    assert errors_of("nnspec: 1\n<<: {seed: 1}\n") == (
        "spec.yaml:2:1: error: merge keys ('<<') are not supported; "
        "use 'extends:' to inherit from another spec"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nnspec: 1\ndata: [1, 2\nx: 1\n",
         "spec.yaml:3:2: error: invalid YAML: expected ',' or ']', but got ':'"),
        ("nnspec: 1\n  bad: indent\n",
         "spec.yaml:2:6: error: invalid YAML: mapping values are not allowed here"),
        ("nnspec: 1\nseed: *nope\n",
         "spec.yaml:2:7: error: invalid YAML: found undefined alias 'nope'"),
        ("nnspec: 1\n---\nseed: 1\n",
         "spec.yaml:2:1: error: invalid YAML: but found another document"),
    ],
)  # fmt: skip
def test_yaml_syntax_errors_are_located(errors_of, text: str, expected: str) -> None:
    assert errors_of(text) == expected


@pytest.mark.parametrize(("key", "received"), [("3", "3"), ("[a, b]", None), ("~", "None")])
def test_keys_must_be_names(errors_of, key: str, received: str | None) -> None:
    out = errors_of(f"nnspec: 1\n? {key}\n: 1\n")
    assert out.startswith("spec.yaml:2:3: error: a mapping key must be a")
    if received is not None:
        assert out.endswith(f"  received: {received}")


def test_a_missing_file_is_a_usage_error(write_spec, cli) -> None:
    write_spec(MLP)
    result = cli("validate", "nothere.yaml")
    assert result.exit_code == 2
    assert result.stderr == "no such spec file: nothere.yaml\n"
    assert result.stdout == ""


def test_a_huge_file_is_refused(errors_of) -> None:
    out = errors_of("#" * 5_000_001)
    assert out == "spec.yaml:1:1: error: the file is too large for a spec (5000001 bytes)"


def test_load_text_raises_spec_errors() -> None:
    with pytest.raises(SpecError) as info:
        load_text("a: [1\n", "t.yaml")
    assert info.value.location.file == "t.yaml"


# Crashes found while writing these tests: each gives exit 3 (an internal error with a
# traceback) instead of a located message. They are bugs in nnspec/spec/load.py and
# yaml_rules.py; the tests assert the behaviour a user should get.
CRASHES = {
    "recursive alias (RecursionError)": "nnspec: 1\nseed: &r [*r]\n",
    "!!int on a non-number (ValueError)": "nnspec: 1\nseed: !!int abc\n",
    "!!float on a non-number (ValueError)": "nnspec: 1\nseed: !!float abc\n",
    "5000-digit integer (int max str digits)": "nnspec: 1\nseed: " + "9" * 5000 + "\n",
    "1000 nested lists (RecursionError)": "nnspec: 1\nseed: " + "[" * 1000 + "]" * 1000 + "\n",
}


@pytest.mark.xfail(strict=True, reason="bug: exit 3 with a traceback, see CRASHES")
@pytest.mark.parametrize("text", CRASHES.values(), ids=CRASHES.keys())
def test_hostile_yaml_gives_a_located_error(write_spec, cli, text: str) -> None:
    result = cli("validate", write_spec(text))
    assert result.exit_code == 1, result.output[-300:]
    assert LOCATED.match(result.stdout)
