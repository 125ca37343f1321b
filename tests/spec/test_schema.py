"""The JSON Schema: valid Draft 2020-12, never stale, complete, and true to specs as written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from nnspec.registry import REGISTRY
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain
from nnspec.spec.schema import APPLIED, build_schema

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
BUNDLED = [
    *sorted(SPECS.glob("*.yaml")),
    *sorted((SPECS / "optimizers").glob("*.yaml")),
    *sorted((SPECS / "reference").glob("*.yaml")),
]
IDS = [str(p.relative_to(SPECS)) for p in BUNDLED]
KINDS = ("layer", "network", "loss", "optimizer", "dataset", "metric", "phase", "init", "noise")
KINDS += ("transform", "lr_schedule")


@pytest.fixture(scope="module")
def schema() -> dict:
    return build_schema()


@pytest.fixture(scope="module")
def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema)


def errors(validator: Draft202012Validator, text: str) -> list[str]:
    data = plain(load_text(text, "t.yaml"))
    found = validator.iter_errors(data)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in found)


def walk(node: object, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every schema mapping in the schema, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def test_the_cli_prints_a_valid_draft_2020_12_schema(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(printed)
    assert printed == build_schema()


def test_the_schema_file_in_the_repo_is_not_stale(cli) -> None:
    written = (ROOT / "schema" / "nnspec.schema.json").read_text(encoding="utf-8")
    assert written == cli("schema").stdout, "regenerate: nnspec schema > schema/nnspec.schema.json"


def test_every_property_has_a_description(schema: dict) -> None:
    bare = [
        f"{where}/properties/{name}"
        for where, node in walk(schema)
        if isinstance(node.get("properties"), dict) and not where.endswith("/if")
        for name, prop in node["properties"].items()
        if not prop.get("description")
    ]
    assert bare == []


def _names(category: str) -> list[str]:
    return [n for k in REGISTRY.kinds(category) for n in (k.name, *k.aliases)]


@pytest.mark.parametrize("category", APPLIED)
def test_every_applied_name_and_alias_is_a_documented_key(schema: dict, category: str) -> None:
    keys = schema["$defs"][category]["else"]["properties"]
    assert set(_names(category)) <= set(keys)
    assert all(keys[n]["description"] for n in _names(category))


@pytest.mark.parametrize("category", APPLIED)
def test_every_name_written_alone_completes_with_its_doc(schema: dict, category: str) -> None:
    bare = schema["$defs"][category]["then"]
    optional = [k.name for k in REGISTRY.kinds(category) if not any(p.required for p in k.params)]
    assert {n for n in bare["enum"]} >= set(optional)
    assert len(bare["enumDescriptions"]) == len(bare["enum"])


@pytest.mark.parametrize("category", ["loss", "optimizer"])
def test_every_typed_kind_completes_with_its_doc(schema: dict, category: str) -> None:
    listed = schema["$defs"][f"typed_{category}"]["properties"]["type"]
    assert listed["else"]["enum"] == _names(category)
    docs = [s["description"] for s in listed["defaultSnippets"]]
    assert docs == [d for d in listed["else"]["enumDescriptions"]] and all(docs)


def test_attention_decoder_completes_with_its_doc(schema: dict) -> None:
    doc = schema["$defs"]["layer"]["else"]["properties"]["attention_decoder"]["description"]
    assert doc == REGISTRY.get("layer", "attention_decoder").doc


def test_an_alias_names_its_kind(schema: dict) -> None:
    doc = schema["$defs"]["layer"]["else"]["properties"]["dense"]["description"]
    assert doc.endswith("(alias of linear)")


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_bundled_specs_as_written_fit_the_schema(validator, path: Path) -> None:
    # What an editor and check-jsonschema see: the file, parsed by a plain YAML parser.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


MLP = """
data: {dataset: digits}
networks: {m: {layers: [LAYER]}}
losses: {x: {type: cross_entropy, model: m}}
schedule: [{train: {loss: x, optimizer: {type: adam}}, epochs: 1}]
"""


@pytest.mark.parametrize(
    "layer",
    [
        "{dense: 256}",
        "{conv: {out: 8, kernel: 3}}",
        "{deconv2d: {out: 8, kernel: 3}}",
        "batchnorm",
        "layernorm",
        "{relu: null}",
        "{linear: {out: 4}, name: head}",
        "$act",
        "{linear: $width}",
        "{linear: $(2 * width)}",
        "{linear: {out: $w, bias: $b}}",
        "{dropout: 0.5}",
    ],
)
def test_the_schema_accepts_every_written_form_of_a_layer(validator, layer: str) -> None:
    assert errors(validator, MLP.replace("LAYER", layer)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{m: {layers", "{m: {init: {he: {}}, layers"),
        ("{m: {layers", "{m: {init: glorot, layers"),
        ("{m: {layers", "{m: {init: {gaussian: 0.1}, layers"),
        ("dataset: digits", "dataset: {digits: null}"),
        ("dataset: digits", "dataset: $data"),
        ("[LAYER]", "$layers"),
        ("[LAYER]", "[$a, relu]"),
        ("epochs: 1", "epochs: $(n * 2)"),
        ("data: {", "evaluate: null\nrun: {device: $dev}\ndata: {"),
    ],
)
def test_the_schema_accepts_aliases_null_forms_and_variables(validator, old, new) -> None:
    assert errors(validator, MLP.replace(old, new).replace("LAYER", "relu")) == []


def test_a_spec_that_extends_another_is_checked_as_a_partial_spec(validator) -> None:
    child = "extends: base.yaml\nnetworks: {enc: {input: [74]}}\nlosses: {gan: null, e: {k: 1}}\n"
    assert errors(validator, child) == []
    assert errors(validator, child + "netwroks: {}\n") == [
        ": Additional properties are not allowed ('netwroks' was unexpected)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[LAYER]", "[{attention_decodr: 5}]", "networks.m.layers.0: Additional properties"),
        ("[LAYER]", "[rleu]", "networks.m.layers.0: 'rleu' is not one of ['attention_pool'"),
        ("[LAYER]", "[{dropout: 1.5}]", "networks.m.layers.0.dropout: 1.5 is greater than the m"),
        ("type: adam", "type: adm", "schedule.0.train.optimizer.type: 'adm' is not one of ["),
        ("type: adam", "type: adam, lrr: 1", "schedule.0.train.optimizer: Additional propert"),
        ("epochs: 1", "epochs: 0", "schedule.0.epochs: 0 is less than the minimum of 1"),
        ("{dataset: digits}", "{dataset: digits, batch_size: x}", "data.batch_size: 'x' is not"),
        ("data:", "nnspec: $v\ndata:", "nnspec: '$v' is not of type 'integer'"),
    ],
)
def test_the_schema_names_the_offending_key(validator, old: str, new: str, message: str) -> None:
    found = errors(validator, MLP.replace(old, new).replace("LAYER", "relu"))
    assert len(found) == 1 and found[0].startswith(message), found


def test_the_schema_still_requires_the_sections_of_a_spec_without_extends(validator) -> None:
    assert errors(validator, "seed: 1\n") == [
        ": 'data' is a required property",
        ": 'losses' is a required property",
        ": 'networks' is a required property",
        ": 'schedule' is a required property",
    ]


# Optional parameters resolved to null are nullable, and {sequential: {...}} is a network form.
@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_resolved_bundled_specs_fit_the_schema(validator, cli, path: Path) -> None:
    resolved = cli("show", "--resolved", path)
    assert resolved.exit_code == 0
    assert errors(validator, resolved.stdout) == []
