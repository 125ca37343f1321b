"""The EKF optimizer: exact on a linear model (recursive least squares), resumable exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from nnspec.train.optim_ekf import EKF, kalman_term
from tests.train.test_resume import _stop_at

EKF_SPEC = """\
nnspec: 2
seed: 0
data:
  dataset: {adding: {length: 4, size: 200}}
  batch_size: 8
networks:
  rnn: {layers: [{rnn: {hidden: 4, output: last}}, {linear: 1}]}
losses:
  mse: {type: mse, model: rnn}
schedule:
  - train: {loss: mse, optimizer: {type: ekf, r: 3.0}}
    steps: 12
outputs: {plots: false, checkpoints: {every: 4}}
"""


class Residuals:
    """A loss of residuals over a linear model, as the MSE loss gives them."""

    def __init__(self, model: nn.Module):
        self.model = model

    def residuals(self, x, y):
        return self.model(x) - y


def test_ekf_on_a_linear_model_is_recursive_least_squares() -> None:
    # For linear measurements the EKF is exact: with q = 0, P0 = p0·I and zero weights,
    # after every batch the weights are the ridge solution (XᵀX + (r/p0) I)⁻¹ Xᵀy.
    torch.manual_seed(0)
    model = nn.Linear(3, 1, bias=False).double()
    nn.init.zeros_(model.weight)
    x, y = torch.randn(24, 3, dtype=torch.float64), torch.randn(24, 1, dtype=torch.float64)
    ekf = EKF(model.parameters(), p0=10.0, q=0.0, r=0.5)
    stepper = type("Stepper", (), {"optimizer": ekf})()
    term = kalman_term(Residuals(model), None, stepper)
    for batch in range(3):
        rows = slice(8 * batch, 8 * batch + 8)
        term(x[rows], y[rows])
        ekf.step()
    ridge = torch.linalg.solve(x.T @ x + 0.05 * torch.eye(3, dtype=torch.float64), x.T @ y)
    assert torch.allclose(model.weight.detach().T, ridge, atol=1e-10)


def test_ekf_keeps_its_covariance_in_the_optimizer_state() -> None:
    model = nn.Linear(2, 1)
    ekf = EKF(model.parameters(), p0=5.0, q=0.0, r=1.0)
    ekf.measure((model(torch.ones(4, 2)) - 1).reshape(-1))
    ekf.step()
    restored = EKF(model.parameters(), p0=5.0, q=0.0, r=1.0)
    restored.load_state_dict(ekf.state_dict())
    assert torch.equal(restored.state[model.weight]["P"], ekf.state[model.weight]["P"])


@pytest.mark.slow
def test_an_ekf_run_resumes_exactly(tmp_path: Path, runs, monkeypatch) -> None:
    spec = tmp_path / "ekf.yaml"
    spec.write_text(EKF_SPEC)
    runs.run(spec, tmp_path / "whole")
    with monkeypatch.context() as patch:
        _stop_at(patch, 6)
        assert runs.run(spec, tmp_path / "cut")["status"] == "interrupted"
    assert runs.run(spec, None, resume=tmp_path / "cut")["status"] == "completed"
    for key, value in runs.weights(tmp_path / "whole")["rnn"].items():
        assert torch.equal(value, runs.weights(tmp_path / "cut")["rnn"][key]), key


TBPTT_EKF = """\
nnspec: 2
seed: 0
data:
  dataset: {chars: {length: 10, stop: 0.02}}
  batch_size: 4
networks:
  lm: {layers: [{embedding: {vocab: 256, dim: 2}}, {rnn: {hidden: 3, output: all}}, {linear: 1}]}
losses:
  mse: {type: mse, model: lm}
schedule:
  - tbptt: {loss: mse, optimizer: {type: ekf}, k1: 5, k2: 10, epochs: 1}
outputs: {plots: false}
"""


@pytest.mark.slow
def test_a_tbptt_phase_filters_each_window(tmp_path: Path, runs) -> None:
    # The window's term measures; the loop must not also run a backward over it.
    spec = tmp_path / "lm.yaml"
    spec.write_text(TBPTT_EKF)
    assert runs.run(spec, tmp_path / "run")["status"] == "completed"
