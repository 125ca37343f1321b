"""Full-batch L-BFGS: every training example in a closure, to scikit-learn's optimum."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from torch import nn

from nnspec.errors import CheckpointError, SpecErrors
from nnspec.train.checkpoint_check import check_optimizer
from nnspec.train.full_batch import whole_data_term
from nnspec.train.optim import build_stepper

torch.set_num_threads(1)
OPTIONS = {
    "type": "lbfgs",
    "lr": 1.0,
    "max_iter": 100,
    "history_size": 100,
    "tolerance_grad": 1e-10,
    "tolerance_change": 1e-14,
    "line_search": "strong_wolfe",
}


def problem(n: int = 90) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(n, 4, generator=gen, dtype=torch.float64)
    y = (x[:, 0] + 0.5 * torch.randn(n, generator=gen, dtype=torch.float64) > 0).long()
    y += (x[:, 1] > 0.8).long()  # three classes, overlapping: the optimum is finite
    return x, y


def fitted(model: nn.Linear, x, y, c: float, steps: int = 3):
    """The model fitted as scikit-learn's LogisticRegression(C=c): mean CE + ‖W‖²/(2·C·n)."""
    stepper = build_stepper(dict(OPTIONS), list(model.parameters()), ["N"], steps)

    def term(xs, ys):
        value = F.cross_entropy(model(xs), ys) + model.weight.pow(2).sum() / (2 * c * len(xs))
        return value, {"loss": value.detach()}

    loss = SimpleNamespace(writes_gradients=False, name="fit")
    run = whole_data_term(loss, term, stepper, SimpleNamespace(x=x, y=y))
    for _ in range(steps):
        run(x[:5], y[:5])  # the loop's batch is not what it fits
        stepper.step()
    return stepper


@pytest.mark.slow  # importing scikit-learn takes seconds
def test_lbfgs_over_every_example_reaches_scikit_learns_logistic_regression():
    x, y = problem()
    model = nn.Linear(4, 3).double()
    fitted(model, x, y, c=1.0)
    reference = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(x.numpy(), y.numpy())
    mine = torch.softmax(model(x), 1).detach().numpy()
    # The unpenalised intercepts are defined up to a common shift: compare probabilities.
    assert np.abs(mine - reference.predict_proba(x.numpy())).max() < 1e-6
    centred = model.weight.detach().numpy() - model.weight.detach().numpy().mean(0)
    assert np.abs(centred - reference.coef_).max() < 1e-5


def test_its_state_passes_the_checkpoint_checks_and_a_tampered_one_does_not():
    x, y = problem()
    model = nn.Linear(4, 3).double()
    stepper = fitted(model, x, y, c=1.0, steps=1)
    saved = stepper.optimizer.state_dict()
    check_optimizer("optimizer 'fit'", saved, stepper.optimizer)
    saved["state"][0]["d"] = torch.zeros(7, dtype=torch.float64)
    with pytest.raises(CheckpointError, match="'d' of parameter 0 has shape \\[7\\]"):
        check_optimizer("optimizer 'fit'", saved, stepper.optimizer)


def test_a_run_of_lbfgs_on_a_loss_that_writes_its_own_gradients_stops_at_validation(
    tmp_path: Path, runs
):
    # validate refuses it (tests/spec/check/test_full_batch.py): nothing trains, nothing is written
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        SPEC.replace("N: {layers: [{linear: 10}]}", "N: {rbm: {visible: 64, hidden: 8}}")
        .replace("xent: {type: cross_entropy, model: N}", "xent: {type: cd, model: N}")
        .replace("evaluate: {metrics: [accuracy]}\n", "")
    )
    with pytest.raises(SpecErrors) as caught:
        runs.run(spec, tmp_path / "run")
    assert (
        "optimizer 'lbfgs' needs the gradient of its objective, but loss 'xent' writes its own "
        "update (at schedule[0].train.optimizer)"
    ) in caught.value.render()
    assert not (tmp_path / "run").exists()


SPEC = """\
nnspec: 2
seed: 0
data: {dataset: digits, split: {test: 0.2}, transforms: [{scale: {from: [0, 16], to: [0, 1]}}]}
networks:
  N: {layers: [{linear: 10}]}
losses:
  xent: {type: cross_entropy, model: N}
schedule:
  - train: {loss: xent, optimizer: {type: lbfgs, max_iter: 50}}
    steps: 4
evaluate: {metrics: [accuracy]}
outputs: {plots: false}
"""


@pytest.mark.slow
def test_a_spec_fits_a_classifier_with_lbfgs(tmp_path: Path, runs):
    spec = tmp_path / "lbfgs.yaml"
    spec.write_text(SPEC)
    summary = runs.run(spec, tmp_path / "run")
    assert summary["status"] == "completed" and summary["updates"] == {"train.optimizer": 4}
    assert summary["metrics"]["test/accuracy"] > 0.9


@pytest.mark.parametrize("search", ["strong_wolfe", "none"])
def test_it_steps_as_plain_torch_lbfgs_with_the_same_options(search):
    x, y = problem()
    ours, theirs = nn.Linear(4, 3).double(), nn.Linear(4, 3).double()
    theirs.load_state_dict(ours.state_dict())
    changed = {"lr": 0.5, "max_iter": 7, "history_size": 3, "line_search": search}
    stepper = build_stepper(OPTIONS | changed, list(ours.parameters()), ["N"], 2)
    plain = torch.optim.LBFGS(
        theirs.parameters(),
        lr=0.5,
        max_iter=7,
        history_size=3,
        tolerance_grad=1e-10,
        tolerance_change=1e-14,
        line_search_fn=None if search == "none" else "strong_wolfe",
    )

    def closure():
        plain.zero_grad()
        value = F.cross_entropy(theirs(x), y)
        value.backward()
        return value

    loss = SimpleNamespace(writes_gradients=False, name="xent")
    run = whole_data_term(
        loss, lambda a, b: (F.cross_entropy(ours(a), b), {}), stepper, SimpleNamespace(x=x, y=y)
    )
    for _ in range(2):
        run(x[:3], y[:3])
        stepper.step()
        plain.step(closure)
    assert torch.equal(ours.weight, theirs.weight) and torch.equal(ours.bias, theirs.bias)
