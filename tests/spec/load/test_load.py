"""Safe, located loading: YAML 1.2 scalars, locations, and the exact message for each bad file."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from nnspec.errors import Location, SpecError
from nnspec.spec.load.yaml_file import load_text

MLP = """\
nnspec: 2
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
        ("!!int 0x1F", 31),
        ("!!str 1", "1"),
        ("!!str true", "true"),
        ("!!str ~", "~"),
        ("!!bool false", False),
        ("!!null null", None),
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
    text = f'nnspec: 2\nname: {tag} ["touch pwned"]\n'
    full = "tag:yaml.org,2002:python/object/" + tag.split("python/object/")[1].rstrip(">")
    assert errors_of(text) == (
        f"spec.yaml:2:7: error: the tag '{full}' is not allowed; specs hold plain data only\n"
        "  expected: a string, number, boolean, null, list or mapping\n"
        f"  received: a value tagged {full}"
    )
    assert not Path("pwned").exists()


def test_python_name_tag_is_refused(errors_of) -> None:
    out = errors_of("nnspec: 2\nname: !!python/name:os.system ''\n")
    assert out.startswith(
        "spec.yaml:2:7: error: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"
    )


def test_local_tags_are_refused(errors_of) -> None:
    assert errors_of("nnspec: 2\nname: !foo x\n") == (
        "spec.yaml:2:7: error: the tag '!foo' is not allowed; specs hold plain data only\n"
        "  expected: a string, number, boolean, null, list or mapping\n"
        "  received: a value tagged !foo"
    )


def test_tab_indentation(errors_of) -> None:
    assert errors_of("nnspec: 2\ndata:\n\tdataset: digits\n") == (
        "spec.yaml:3:1: error: a tab is used for indentation; YAML indents with spaces only\n"
        "  expected: spaces\n"
        "  received: a tab character"
    )


def test_invalid_utf8_is_located(errors_of) -> None:
    assert errors_of(b"nnspec: 2\nname: ab\xff\xfecd\n") == (
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


@pytest.mark.parametrize("text", ["---\n", "--- ~\n", "---\n...\n"])
def test_an_explicit_empty_document_is_empty(errors_of, text: str) -> None:
    assert errors_of(text) == (
        "spec.yaml:1:1: error: the spec is empty\n"
        "  expected: a mapping of sections (nnspec, data, networks, ...)\n"
        "  received: an empty document"
    )


def test_a_list_at_the_top(errors_of) -> None:
    assert errors_of("- nnspec: 2\n- data: {}\n") == (
        "spec.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections\n"
        "  received: a list"
    )


def test_a_scalar_at_the_top(errors_of) -> None:
    assert errors_of("just a string\n") == (
        "spec.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections\n"
        "  received: 'just a string' (a string)"
    )


def alias_bomb(levels: int = 10) -> str:
    """The billion-laughs document: each level is nine references to the one before."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"[:levels]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bombs_are_refused_before_they_expand(errors_of) -> None:
    out = errors_of(alias_bomb())  # 9¹⁰ values if expanded: the test would not finish
    assert out == (
        "spec.yaml:1:64: error: the spec expands to too many values; aliases are nested too "
        "deeply\n"
        "  expected: at most 200000 values\n"
        "  received: an alias expansion beyond that (an alias bomb?)"
    )


def test_merge_keys_are_refused(errors_of) -> None:
    assert errors_of("nnspec: 2\n<<: {seed: 1}\n") == (
        "spec.yaml:2:1: error: merge keys ('<<') are not supported; "
        "use 'extends:' to inherit from another spec"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nnspec: 2\ndata: [1, 2\nx: 1\n",
         "spec.yaml:3:2: error: invalid YAML: expected ',' or ']', but got ':'"),
        ("nnspec: 2\n  bad: indent\n",
         "spec.yaml:2:6: error: invalid YAML: mapping values are not allowed here"),
        ("nnspec: 2\nseed: *nope\n",
         "spec.yaml:2:7: error: invalid YAML: found undefined alias 'nope'"),
        ("nnspec: 2\n---\nseed: 1\n",
         "spec.yaml:2:1: error: invalid YAML: but found another document"),
    ],
)  # fmt: skip
def test_yaml_syntax_errors_are_located(errors_of, text: str, expected: str) -> None:
    assert errors_of(text) == expected


@pytest.mark.parametrize(
    ("key", "received"),
    [
        ("3", "3 (an integer)"),
        ("~", "null"),
        ("true", "true (a boolean)"),
        ("1.5", "1.5 (a number)"),
    ],
)
def test_keys_must_be_names(errors_of, key: str, received: str) -> None:
    assert errors_of(f"nnspec: 2\n? {key}\n: 1\n") == (
        "spec.yaml:2:3: error: a mapping key must be a name\n"
        "  expected: a string key\n"
        f"  received: {received}"
    )


def test_a_list_as_a_key(errors_of) -> None:
    assert errors_of("nnspec: 2\n? [a, b]\n: 1\n") == (
        "spec.yaml:2:3: error: a mapping key must be a plain name\n"
        "  received: a list or mapping as a key"
    )


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


# Each of these once crashed with exit 3 (an internal error with a traceback).
HOSTILE = {
    "recursive alias in a list": (
        "nnspec: 2\nseed: &r [*r]\n",
        "spec.yaml:2:7: error: an alias refers to a value that contains it; "
        "aliases must not be recursive",
    ),
    "recursive alias in a mapping": (
        "nnspec: 2\nseed: &r {a: *r}\n",
        "spec.yaml:2:7: error: an alias refers to a value that contains it; "
        "aliases must not be recursive",
    ),
    "!!int on a non-number": (
        "nnspec: 2\nseed: !!int abc\n",
        "spec.yaml:2:7: error: 'abc' is not a valid int",
    ),
    "!!float on a non-number": (
        "nnspec: 2\nseed: !!float abc\n",
        "spec.yaml:2:7: error: 'abc' is not a valid float",
    ),
    "!!bool on a YAML 1.1 boolean": (
        "nnspec: 2\nseed: !!bool yes\n",
        "spec.yaml:2:7: error: 'yes' is not a valid bool",
    ),
    "5000-digit integer": (
        "nnspec: 2\nseed: " + "9" * 5000 + "\n",
        "spec.yaml:2:7: error: an integer of 5000 digits is too large",
    ),
    "70 nested lists": (
        "nnspec: 2\nseed: " + "[" * 70 + "]" * 70 + "\n",
        "spec.yaml:2:70: error: the spec is nested too deeply\n"
        "  expected: at most 64 levels of nesting",
    ),
    "1000 nested lists (too deep for the YAML parser itself)": (
        "nnspec: 2\nseed: " + "[" * 1000 + "]" * 1000 + "\n",
        "spec.yaml:1:1: error: the spec is nested too deeply\n"
        "  expected: at most 64 levels of nesting",
    ),
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_yaml_gives_a_located_error(errors_of, text: str, expected: str) -> None:
    assert errors_of(text) == expected


def test_a_100_digit_integer_is_still_read() -> None:
    assert scalar("9" * 100) == int("9" * 100)
