"""Size limits hold before the work: values are counted while parsing, bytes before reading."""

from __future__ import annotations

import os

import pytest
import yaml

from nnspec.spec.load import yaml_file as load
from nnspec.spec.load import yaml_rules
from nnspec.spec.load.yaml_file import load_text

TOO_MANY = (
    "spec.yaml:1:599999: error: the spec has more than 200000 values\n"
    "  expected: at most 200000 values (numbers, strings, lists and mappings)"
)


def flat_list(size: int) -> str:
    """``[0, 0, ...]`` of about ``size`` bytes."""
    return "[" + "0, " * ((size - 2) // 3) + "0]"


def test_a_five_megabyte_list_is_refused_at_the_value_limit(errors_of) -> None:
    text = flat_list(4_999_990)
    assert 4_999_000 < len(text) < 5_000_000
    assert errors_of(text) == TOO_MANY  # once took 106 s and 1.5 GB, and blamed aliases


def test_without_libyaml_the_composer_stops_at_the_same_value(
    errors_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    for module in (load, yaml_rules):
        monkeypatch.setattr(module, "MAX_VALUES", 1000)
    composed = []
    real = yaml_rules.ComposeLoader.compose_node

    def compose_node(self, parent, index):
        composed.append(1)
        return real(self, parent, index)

    monkeypatch.setattr(yaml_rules.ComposeLoader, "compose_node", compose_node)
    assert errors_of(flat_list(100_000)) == (
        "spec.yaml:1:2999: error: the spec has more than 1000 values\n"
        "  expected: at most 1000 values (numbers, strings, lists and mappings)"
    )
    assert len(composed) == 1001  # not one node past the limit


def test_aliases_alone_count_as_an_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (load, yaml_rules):
        monkeypatch.setattr(module, "MAX_VALUES", 50)
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(load.SpecError) as caught:
        load_text(text, "t.yaml")
    assert caught.value.message == (
        "the spec expands to too many values; aliases are nested too deeply"
    )


def test_a_huge_file_is_refused_before_it_is_read(
    write_spec, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_spec("")
    os.truncate("spec.yaml", 6_000_000_000)  # sparse: no disk used, but minutes to read

    def never(*args: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr("nnspec.spec.load.readfile.os.open", never)
    result = cli("validate", "spec.yaml")
    assert (result.exit_code, result.stdout) == (
        1,
        "spec.yaml:1:1: error: the file is too large for a spec (6000000000 bytes)\n",
    )


def test_a_huge_parent_is_refused_at_its_extends_line(write_spec, errors_of) -> None:
    write_spec("", "big.yaml")
    os.truncate("big.yaml", 5_000_001)
    assert errors_of("extends: big.yaml\n") == (
        "spec.yaml:1:10: error: 'big.yaml' named by extends is not an nnspec spec: the file is "
        "too large for a spec (5000001 bytes) (big.yaml:1:1) (at extends)"
    )
