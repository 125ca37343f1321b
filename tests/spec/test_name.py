"""A spec's name is one safe path segment, since the run directory runs/NAME is named after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from nnspec.spec.grammar import NAME_PATTERN, safe_name
from nnspec.spec.pipeline import resolve
from nnspec.spec.schema import build_schema

GAN = (Path(__file__).resolve().parents[1] / "fixtures" / "gan.yaml").read_text()
EXPECTED = (
    "  expected: a safe name: one path segment of letters, digits, '.', '_' and '-', starting "
    "with a letter or digit, at most 128 characters (^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)"
)
UNSAFE = ["..", ".", "/abs/dir", "../../x", "../../../../x", "a/b", ".hidden", "-rf", "", "a" * 129]


def named(name: str) -> str:
    version, rest = GAN.split("\n", 1)  # the name goes on line 2, after the version line
    return f"{version}\nname: '{name}'\n{rest}"


@pytest.mark.parametrize("name", UNSAFE)
def test_a_name_that_is_not_one_safe_segment_is_a_located_error(errors_of, name: str) -> None:
    shown = name if len(name) <= 60 else name[:60] + "…"
    assert errors_of(named(name)) == (
        f"spec.yaml:2:7: error: '{shown}' is not a safe name (at name)\n"
        f"{EXPECTED}\n"
        f"  received: '{shown}' (a string)"
    )


def test_a_name_set_on_the_command_line_is_checked_too(errors_of) -> None:
    assert errors_of(GAN, "--set", "name=../x").splitlines()[0] == (
        "<command line>: error: '../x' is not a safe name (at name)"
    )


@pytest.mark.parametrize("name", ["gan", "gan-ring", "mlp_w32.v2", "A1", "a" * 128])
def test_safe_names_are_kept(write_spec, name: str) -> None:
    assert resolve(write_spec(named(name))).tree["name"] == name


@pytest.mark.parametrize(
    ("stem", "name"),
    [("my spec", "my-spec"), ("..", "spec"), ("réseau", "r-seau"), ("_x y", "x-y"), ("ok", "ok")],
)
def test_a_missing_name_is_the_file_stem_made_safe(write_spec, stem: str, name: str) -> None:
    assert safe_name(stem) == name
    assert resolve(write_spec(GAN, f"{stem}.yaml")).tree["name"] == name


@pytest.mark.parametrize("name", [*UNSAFE, "ok-name"])
def test_the_schema_accepts_exactly_the_names_validate_accepts(name: str) -> None:
    schema = build_schema()
    written = schema["else"]["properties"]["name"]  # the branch for specs without extends
    assert written["else"]["else"]["else"]["pattern"] == NAME_PATTERN
    valid = Draft202012Validator({**written, "$defs": schema["$defs"]}).is_valid(name)
    assert valid == (name == "ok-name")


@pytest.mark.parametrize("name", ["$label", "$label-w$width", "run-$(seed + 1)"])
def test_the_schema_leaves_an_interpolated_name_to_validate(name: str) -> None:
    # The pattern holds only after substitution, which a schema cannot do: no false alarm.
    schema = build_schema()
    written = schema["else"]["properties"]["name"]
    assert Draft202012Validator({**written, "$defs": schema["$defs"]}).is_valid(name)
