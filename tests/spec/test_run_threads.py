"""run.threads: 'auto' or a thread count, checked statically with located errors."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: xor}
networks:
  m: {layers: [{linear: 1}]}
losses:
  l: {type: mse, model: m}
schedule:
  - train: {loss: l, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
run: {threads: VALUE}
"""
EXPECTED = "  expected: 'auto' or an integer >= 1 and <= 1024\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("atuo", "unknown value 'atuo' (a string) (at run.threads); did you mean 'auto'?\n"),
        ("0", "0 is out of range (at run.threads)\n"),
        ("1.5", "expected 'auto' or an integer >= 1 and <= 1024 (at run.threads)\n"),
        ("true", "expected 'auto' or an integer >= 1 and <= 1024 (at run.threads)\n"),
    ],
)
def test_a_wrong_thread_setting_is_a_located_error(errors_of, value, message) -> None:
    received = {"atuo": "'atuo' (a string)", "0": "0 (an integer)", "1.5": "1.5 (a number)"}
    shown = received.get(value, "true (a boolean)")
    assert errors_of(SPEC.replace("VALUE", value)) == (
        f"spec.yaml:10:16: error: {message}{EXPECTED}  received: {shown}"
    )


@pytest.mark.parametrize("value", ["auto", "1", "16"])
def test_auto_and_counts_are_valid(write_spec, cli, value) -> None:
    result = cli("validate", write_spec(SPEC.replace("VALUE", value)))
    assert (result.exit_code, result.stdout) == (0, "spec.yaml: ok\n")


def test_threads_default_to_auto() -> None:
    from nnspec.spec.grammar import RUN

    assert {p.name: p.default for p in RUN.fields}["threads"] == "auto"
