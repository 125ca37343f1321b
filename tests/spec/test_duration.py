"""outputs.checkpoints.period: minutes or a duration, resolved to minutes; the schema agrees."""

from __future__ import annotations

import pytest
import yaml
from jsonschema import Draft202012Validator

from nnspec.spec.pipeline import resolve
from nnspec.spec.schema import build_schema

SPEC = """\
nnspec: 2
data: {dataset: xor}
networks: {mlp: {layers: [{linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 4
outputs: {checkpoints: {period: PERIOD}}
"""
EXPECTED = "  expected: a number of minutes >= 0, or a duration such as '90s', '10min' or '2h'"


def _object(node: dict) -> dict:
    # Values branch on their type (a variable, null, the value itself): follow the else.
    while "properties" not in node:
        node = node["else"]
    return node


def period_schema() -> Draft202012Validator:
    schema = build_schema()
    outputs = _object(schema["else"]["properties"]["outputs"])  # a spec without extends
    period = _object(outputs["properties"]["checkpoints"])["properties"]["period"]
    return Draft202012Validator({**period, "$defs": schema["$defs"]})


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        *[("10", 10), ("0.5", 0.5), ("'90s'", 1.5), ("'10m'", 10), ("'10min'", 10)],
        *[("'2h'", 120), ("0", 0), ("null", 0), ("'0s'", 0)],
    ],
)
def test_a_period_resolves_to_minutes(write_spec, written: str, minutes: float) -> None:
    tree = resolve(write_spec(SPEC.replace("PERIOD", written))).tree
    assert tree["outputs"]["checkpoints"]["period"] == minutes
    assert period_schema().is_valid(yaml.safe_load(written))


def test_the_default_period_is_ten_minutes(write_spec) -> None:
    tree = resolve(write_spec(SPEC.replace("{checkpoints: {period: PERIOD}}", "{}"))).tree
    assert tree["outputs"]["checkpoints"]["period"] == 10


@pytest.mark.parametrize(
    ("written", "message", "received"),
    [
        ("-1", "-1 is out of range", "-1 (an integer)"),
        ("'10x'", f"expected {EXPECTED[12:]}", "'10x' (a string)"),
        ("'1.5 h'", f"expected {EXPECTED[12:]}", "'1.5 h' (a string)"),
        ("true", f"expected {EXPECTED[12:]}", "true (a boolean)"),
    ],
)
def test_a_wrong_period_is_a_located_error(
    errors_of, written: str, message: str, received: str
) -> None:
    assert errors_of(SPEC.replace("PERIOD", written)).splitlines() == [
        f"spec.yaml:8:33: error: {message} (at outputs.checkpoints.period)",
        EXPECTED,
        f"  received: {received}",
    ]
    assert not period_schema().is_valid(yaml.safe_load(written))
