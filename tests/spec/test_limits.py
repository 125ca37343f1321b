"""Extreme values are refused statically, before anything is allocated."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.errors import SpecErrors
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}, batch_size: 32}
networks:
  mlp: {layers: [{linear: WIDTH}, relu, {linear: 10}]}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}, epochs: 1}]
"""


def _errors(tmp_path: Path, text: str) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    with pytest.raises(SpecErrors) as caught:
        resolve(path)
    return caught.value.render()


def test_a_huge_width_is_refused_by_its_parameter_count(tmp_path: Path) -> None:
    rendered = _errors(tmp_path, SPEC.replace("WIDTH", "100000000"))
    assert rendered.endswith(
        "spec.yaml:4:8: error: network 'mlp' has 7,500,000,010 parameters (28 GiB as float32) "
        "(at networks.mlp)\n  expected: at most 2,000,000,000 parameters"
    )


def test_a_huge_activation_is_refused(tmp_path: Path) -> None:
    layers = "{reshape: [1, 8, 8]}, {conv_transpose2d: {out: 4096, kernel: 1, stride: 1000}}"
    rendered = _errors(tmp_path, SPEC.replace("{linear: WIDTH}, relu, {linear: 10}", layers))
    assert rendered.endswith(
        "spec.yaml:4:8: error: layer 1 of network 'mlp' outputs 200,761,348,096 values per "
        "example (at networks.mlp.layers[1])\n  expected: at most 500,000,000 values per example"
    )


def test_a_zero_batch_size_is_refused(tmp_path: Path) -> None:
    rendered = _errors(
        tmp_path, SPEC.replace("WIDTH", "8").replace("batch_size: 32", "batch_size: 0")
    )
    assert "0 is out of range (at data.batch_size)" in rendered
