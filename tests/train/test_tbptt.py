"""Truncated BPTT: with windows at least as long as the sequences it is full BPTT, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.nn.recurrent import Carry, Recurrent
from nnspec.train.tbptt import streams

SPEC = """\
nnspec: 2
seed: 0
data:
  dataset: {chars: {path: stream.txt, length: 20}}
  batch_size: 4
  shuffle: false
networks:
  lm: {layers: [{embedding: {vocab: 256, dim: 6}}, {lstm: {hidden: 8, output: all}}, {linear: 256}]}
losses:
  xent: {type: cross_entropy, model: lm}
schedule:
  - PHASE
outputs: {plots: false}
"""
BPTT = "train: {loss: xent, optimizer: {type: sgd, lr: 0.5}}\n    steps: 3"


def _tbptt(k1: int, k2: int) -> str:
    return f"tbptt: {{loss: xent, optimizer: {{type: sgd, lr: 0.5}}, k1: {k1}, k2: {k2}, epochs: 3}}"


def _weights(runs, tmp_path: Path, phase: str, name: str) -> dict:
    (tmp_path / "stream.txt").write_text("".join(chr(97 + (i * 7) % 26) for i in range(81)))
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(SPEC.replace("PHASE", phase))
    runs.run(spec, tmp_path / name)
    return runs.weights(tmp_path / name)["lm"]


@pytest.mark.slow
@pytest.mark.parametrize(("k1", "k2"), [(20, 20), (40, 40), (20, 40)])
def test_tbptt_with_windows_over_whole_sequences_is_bptt(runs, tmp_path, k1, k2) -> None:
    # 81 characters: 4 rows of 20 and their next characters, one batch, so BPTT's 3 steps
    # see the very windows (one per epoch, from zeros) that TBPTT's 3 updates see.
    full = _weights(runs, tmp_path, BPTT, "bptt")
    truncated = _weights(runs, tmp_path, _tbptt(k1, k2), "tbptt")
    for key, value in full.items():
        assert torch.allclose(truncated[key], value, atol=1e-6), key


@pytest.mark.slow
def test_shorter_windows_truncate_the_gradient(runs, tmp_path) -> None:
    full = _weights(runs, tmp_path, BPTT, "bptt")
    truncated = _weights(runs, tmp_path, _tbptt(5, 5), "tbptt")
    assert not torch.allclose(truncated["1.rnn.weight_hh_l0"], full["1.rnn.weight_hh_l0"])


def test_streams_deal_rows_in_order_into_batch_streams() -> None:
    x = torch.arange(12).view(6, 2)  # six rows of two steps: one stream 0..11
    data = streams(x, x + 1, batch=3, k1=3, k2=3)
    assert data.x.tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert data.windows == 2
    assert data.window(1)[1].tolist() == [[4], [8], [12]]


def test_a_carry_continues_the_sequence_exactly() -> None:
    torch.manual_seed(0)
    layer = Recurrent(torch.nn.GRU(2, 3, batch_first=True), "all")
    x = torch.randn(2, 6, 2)
    whole = layer(x)
    layer.carry = Carry()
    parts = torch.cat([layer(x[:, :4]), layer(x[:, 4:])], dim=1)
    assert torch.allclose(parts, whole, atol=1e-6)
