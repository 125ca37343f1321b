"""Truncated BPTT: with windows at least as long as the sequences it is full BPTT, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.errors import CheckpointError, RunError
from nnspec.nn.recurrent import Carry, Recurrent
from nnspec.train.schedule_runner import ScheduleRunner
from nnspec.train.tbptt import Carried, streams, window_term
from tests.train.test_resume import _stop_at

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
    return (
        f"tbptt: {{loss: xent, optimizer: {{type: sgd, lr: 0.5}}, k1: {k1}, k2: {k2}, epochs: 3}}"
    )


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


def _lm() -> torch.nn.Sequential:
    torch.manual_seed(0)
    rnn = Recurrent(torch.nn.LSTM(4, 5, batch_first=True), "all")
    return torch.nn.Sequential(torch.nn.Embedding(7, 4), rnn, torch.nn.Linear(5, 7)).double()


def test_each_update_backpropagates_over_k2_steps_from_the_saved_state() -> None:
    # BPTT(k2 = 6; k1 = 3): update 2 counts window 2's errors and reaches back through
    # window 1 to the state saved after window 0, as Williams and Peng define it.
    model = _lm()
    x = torch.randint(0, 7, (2, 12))
    data = streams(x, (x + 1) % 7, batch=2, k1=3, k2=6)
    carried = Carried([model[1]], 2, {0: [None]})

    def term(x, y):
        value = torch.nn.functional.cross_entropy(model(x).reshape(-1, 7), y.reshape(-1))
        return value, {}

    for w in range(3):
        model.zero_grad()
        window_term(term, model, data, carried, w, lambda: None)(None, None)[0].backward()
    truncated = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    model[1].carry = Carry()
    with torch.no_grad():
        model(data.window(0)[0])  # the state after window 0, without a graph
    model[1].carry = Carry(tuple(s.detach() for s in model[1].carry.state))
    model(data.window(1)[0])
    term(*data.window(2))[0].backward()
    model[1].carry = None
    for got, expected in zip(truncated, (p.grad for p in model.parameters()), strict=True):
        assert torch.allclose(got, expected, atol=1e-12)
    assert model[1].carry is None


RESUMABLE = SPEC.replace(
    "  - PHASE", "  - " + _tbptt(5, 5).replace("epochs: 3", "epochs: 2")
).replace("batch_size: 4", "batch_size: 2")


def _cut_and_resume(runs, tmp_path: Path, monkeypatch, stop: int) -> dict:
    (tmp_path / "stream.txt").write_text("".join(chr(97 + (i * 7) % 26) for i in range(81)))
    spec = tmp_path / "lm.yaml"
    spec.write_text(RESUMABLE)  # 2 streams of 40 steps: 8 windows of 5 per epoch
    runs.run(spec, tmp_path / "whole")
    with monkeypatch.context() as patch:
        _stop_at(patch, stop)
        assert runs.run(spec, tmp_path / "cut")["status"] == "interrupted"
    return runs.run(spec, None, resume=tmp_path / "cut")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [3, 8, 11])  # inside the first epoch, at its end, in the second
def test_a_resume_is_exact(runs, tmp_path, monkeypatch, stop: int) -> None:
    assert _cut_and_resume(runs, tmp_path, monkeypatch, stop)["status"] == "completed"
    for key, value in runs.weights(tmp_path / "whole")["lm"].items():
        assert torch.equal(value, runs.weights(tmp_path / "cut")["lm"][key]), key


def _tamper(path: Path, change) -> None:
    payload = torch.load(path, weights_only=True)
    change(payload)
    torch.save(payload, path)


@pytest.mark.slow
def test_a_checkpoint_without_the_carried_state_is_refused(runs, tmp_path, monkeypatch) -> None:
    last = tmp_path / "cut" / "checkpoints" / "last.pt"
    original = ScheduleRunner._checkpoint

    def without_phases(self, position, name="last.pt"):
        original(self, position, name)
        _tamper(self.rundir.checkpoints / name, lambda p: p.pop("phases"))

    monkeypatch.setattr(ScheduleRunner, "_checkpoint", without_phases)
    with pytest.raises(RunError) as caught:
        _cut_and_resume(runs, tmp_path, monkeypatch, 3)
    assert last.exists()
    assert str(caught.value) == (
        "cannot resume phase 'tbptt' at update 3: truncated BPTT carries the hidden state "
        "across windows and this checkpoint does not hold it; resume from a checkpoint at an "
        "epoch boundary of the phase (a multiple of 8 updates into it), or run again"
    )


@pytest.mark.slow
def test_a_carried_state_of_another_shape_is_refused(runs, tmp_path, monkeypatch) -> None:
    original = ScheduleRunner._checkpoint

    def widened(self, position, name="last.pt"):
        original(self, position, name)

        def change(payload):
            saved = payload["phases"]["tbptt"]["saved"]
            for key, states in saved.items():
                saved[key] = [tuple(torch.zeros(1, 2, 9) for _ in s) for s in states]

        _tamper(self.rundir.checkpoints / name, change)

    monkeypatch.setattr(ScheduleRunner, "_checkpoint", widened)
    with pytest.raises(CheckpointError) as caught:
        _cut_and_resume(runs, tmp_path, monkeypatch, 3)
    assert str(caught.value) == (
        f"cannot resume {tmp_path / 'cut'}: checkpoints/last.pt does not fit this spec: "
        "phases.tbptt: saved states of shapes [[[1, 2, 9], [1, 2, 9]]], the spec builds "
        "[[[1, 2, 8], [1, 2, 8]]]"
    )
