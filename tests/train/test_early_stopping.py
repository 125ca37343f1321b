"""``evaluate.early_stopping``: where it stops, what summary.json says, restore_best, resume."""

from __future__ import annotations

import pytest
import torch

from nnspec.api import load
from nnspec.train.runner import run_resolved

# Evaluations every 10 of 60 steps. ``min_delta: 1`` on an accuracy: nothing after the first
# evaluation counts as an improvement, so patience 2 stops at the third (step 30).
EARLY = (
    "evaluate.every=10",
    "evaluate.early_stopping.watch=test/accuracy",
    "evaluate.early_stopping.patience=2",
    "evaluate.early_stopping.min_delta=1",
    "outputs.checkpoints.watch=null",
)


def test_it_stops_after_patience_evaluations_without_improvement(tiny_spec, tmp_path, runs):
    summary = runs.run(tiny_spec, tmp_path / "run", EARLY)
    assert (summary["status"], summary["steps"]) == ("completed", 30)
    assert summary["updates"] == {"opt": 30}
    first = next(r for r in runs.records(tmp_path / "run") if "test/accuracy" in r)
    assert summary["early_stopping"] == {
        "stopped": True,
        "step": 30,
        "watch": "test/accuracy",
        "best": first["test/accuracy"],
        "restored_step": None,
    }
    payload = torch.load(tmp_path / "run/checkpoints/last.pt", weights_only=True)
    assert payload["position"]["step"] == 30 and payload["early_stopping"]["stopped"] == 30


def test_a_run_that_keeps_improving_runs_to_its_end(tiny_spec, tmp_path, runs):
    options = (*EARLY[:-2], "evaluate.early_stopping.patience=3")
    summary = runs.run(tiny_spec, tmp_path / "run", options)
    assert summary["steps"] == 60 and summary["early_stopping"]["stopped"] is False


def test_restore_best_ends_with_the_best_weights_and_their_metrics(tiny_spec, tmp_path, runs):
    # Watching accuracy as if lower were better: the first evaluation (step 10) is the best.
    options = (*EARLY[:3], "evaluate.early_stopping.mode=min")
    options += ("evaluate.early_stopping.restore_best=true", "outputs.checkpoints.watch=null")
    summary = runs.run(tiny_spec, tmp_path / "run", options)
    assert summary["early_stopping"]["restored_step"] == 10
    at_10 = next(r for r in runs.records(tmp_path / "run") if r["step"] == 10 and "test/loss" in r)
    assert summary["metrics"]["test/accuracy"] == at_10["test/accuracy"]
    best = torch.load(tmp_path / "run/checkpoints/best.pt", weights_only=True)["networks"]
    for key, value in runs.weights(tmp_path / "run")["mlp"].items():
        assert torch.equal(value, best["mlp"][key])


def test_a_resumed_run_stops_where_an_unbroken_one_does(tiny_spec, tmp_path, runs):
    whole = runs.run(tiny_spec, tmp_path / "whole", EARLY)
    cut = tmp_path / "cut"  # interrupted after the evaluation of step 20: patience half used
    spec = load(tiny_spec, EARLY)
    stopped = run_resolved(spec, out=str(cut), on_evaluate=lambda step, m: step >= 20)
    assert (stopped["status"], stopped["steps"]) == ("interrupted", 21)
    resumed = runs.run(tiny_spec, None, EARLY, resume=cut)
    assert resumed["steps"] == 30 and resumed["early_stopping"] == whole["early_stopping"]
    assert resumed["metrics"] == whole["metrics"]
    for key, value in runs.weights(cut)["mlp"].items():
        assert torch.equal(value, runs.weights(tmp_path / "whole")["mlp"][key])


@pytest.mark.parametrize("mode", ["max", "min"])
def test_patience_counts_only_improvements_beyond_min_delta(mode):
    from nnspec.spec.typed import EarlyStopping
    from nnspec.train.early_stopping import Patience

    rule = EarlyStopping("m", patience=2, mode=mode, min_delta=0.1, restore_best=False)
    sign = 1 if mode == "max" else -1
    patience = Patience()
    seen = [
        patience.observe(rule, sign * v, step)
        for step, v in enumerate([1.0, 1.05, 1.2, 1.25, 1.28])
    ]
    assert seen == [False, False, False, False, True]
    assert (patience.best, patience.stopped) == (sign * 1.2, 4)
