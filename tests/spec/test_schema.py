"""The JSON Schema: valid Draft 2020-12, never stale, complete, and true to the bundled specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from nnspec.registry import REGISTRY
from nnspec.spec.extends import load_with_extends
from nnspec.spec.interpolate import interpolate
from nnspec.spec.load import load_file, load_text
from nnspec.spec.located import plain
from nnspec.spec.schema import APPLIED, build_schema

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
BUNDLED = sorted(SPECS.glob("*.yaml")) + sorted((SPECS / "optimizers").glob("*.yaml"))
IDS = [str(p.relative_to(ROOT / "specs")) for p in BUNDLED]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(build_schema())


def errors(validator: Draft202012Validator, data: dict) -> list[str]:
    return [f"{'.'.join(map(str, e.path))}: {e.message[:200]}" for e in validator.iter_errors(data)]


def test_the_cli_prints_a_valid_draft_2020_12_schema(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema == build_schema()


def test_the_schema_file_in_the_repo_is_not_stale(cli) -> None:
    written = (ROOT / "schema" / "nnspec.schema.json").read_text(encoding="utf-8")
    assert written == cli("schema").stdout, "regenerate: nnspec schema > schema/nnspec.schema.json"


@pytest.mark.parametrize("category", APPLIED)
def test_every_applied_kind_has_a_form(category: str) -> None:
    forms = build_schema()["$defs"][category]["anyOf"]
    named = {name for form in forms for name in form.get("properties", {})} | {
        form["const"] for form in forms if "const" in form
    }
    assert set(REGISTRY.names(category)) <= named


@pytest.mark.parametrize("category", ["loss", "optimizer"])
def test_every_typed_kind_has_a_form(category: str) -> None:
    forms = build_schema()["$defs"][f"typed_{category}"]["oneOf"]
    assert sorted(f["properties"]["type"]["const"] for f in forms) == REGISTRY.names(category)


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_bundled_specs_as_written_fit_the_schema(validator, path: Path) -> None:
    # extends merged and vars substituted, but in the form the user wrote
    assert errors(validator, plain(interpolate(load_with_extends(path)))) == []


@pytest.mark.parametrize(
    "path", [p for p in BUNDLED if "$" not in p.read_text() and "extends" not in p.read_text()]
)
def test_self_contained_bundled_files_fit_the_schema_as_loaded(validator, path: Path) -> None:
    assert errors(validator, plain(load_file(path))) == []


def test_an_optional_parameter_may_be_null(validator) -> None:
    spec = plain(interpolate(load_with_extends(SPECS / "mlp-digits.yaml")))
    spec["data"]["val"] = None
    spec.setdefault("evaluate", {})["every"] = None
    assert errors(validator, spec) == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("nnspec: 2\nnetwrks: {}\n", ""),
        ("data: {batch_size: 0}\n", "data.batch_size"),
        ("networks: {m: {layers: [rleu]}}\n", "networks.m"),
        ("optimizers: {o: {type: adam, lr: -1}}\n", "optimizers.o"),
        ("evaluate: {every: 0}\n", "evaluate.every"),  # nullable, but not any value
    ],
)
def test_the_schema_rejects_broken_specs(validator, text: str, where: str) -> None:
    found = errors(validator, plain(load_text(text, "t.yaml")))
    assert any(line.startswith(where + ":") for line in found), found


# Optional parameters resolved to null are nullable, and {sequential: {...}} is a network form.
@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_resolved_bundled_specs_fit_the_schema(validator, cli, path: Path) -> None:
    resolved = cli("show", "--resolved", path)
    assert resolved.exit_code == 0
    assert errors(validator, plain(load_text(resolved.stdout, "resolved.yaml"))) == []
