"""Runs end to end: the run directory contract, determinism, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml

from nnspec.errors import RunError

SUMMARY_KEYS = {
    "status",
    "metrics",
    "seconds",
    "steps",
    "nnspec_version",
    "torch_version",
    "updates",
    "cycles",
}


def test_run_directory_matches_the_contract(tiny_spec: Path, tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    result = runs.run(tiny_spec, out)
    assert result["status"] == "completed"
    assert set(runs.summary(out)) == SUMMARY_KEYS
    assert runs.summary(out)["steps"] == 60
    assert runs.summary(out)["updates"] == {"opt": 60}
    assert runs.summary(out)["cycles"] == {}  # no alternate phase
    assert (out / "checkpoints" / "last.pt").is_file()
    assert (out / "checkpoints" / "best.pt").is_file()
    spec = yaml.safe_load((out / "spec.yaml").read_text())
    assert spec["optimizers"]["opt"]["momentum"] == 0.9  # defaults are filled in
    records = runs.records(out)
    assert all({"step", "epoch", "phase"} <= set(r) for r in records)
    assert any("train/xent" in r for r in records)
    assert "test/accuracy" in result["metrics"] and result["metrics"]["test/accuracy"] > 0.5


def test_same_seed_gives_identical_metrics_and_weights(
    tiny_spec: Path, tmp_path: Path, runs
) -> None:
    first = runs.run(tiny_spec, tmp_path / "a")
    second = runs.run(tiny_spec, tmp_path / "b")
    assert first["metrics"] == second["metrics"]
    for key, value in runs.weights(tmp_path / "a")["mlp"].items():
        assert torch.equal(value, runs.weights(tmp_path / "b")["mlp"][key])


def test_another_seed_gives_other_weights(tiny_spec: Path, tmp_path: Path, runs) -> None:
    runs.run(tiny_spec, tmp_path / "a")
    runs.run(tiny_spec, tmp_path / "b", overrides=("seed=4",))
    a, b = runs.weights(tmp_path / "a")["mlp"], runs.weights(tmp_path / "b")["mlp"]
    assert not torch.equal(a["0.weight"], b["0.weight"])


def test_an_existing_run_directory_is_refused(tiny_spec: Path, tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    runs.run(tiny_spec, out)
    before = (out / "summary.json").read_text()
    with pytest.raises(RunError, match="already exists; pass --overwrite"):
        runs.run(tiny_spec, out)
    assert (out / "summary.json").read_text() == before
    assert runs.run(tiny_spec, out, overwrite=True)["status"] == "completed"


def test_smoke_mode_runs_a_few_steps(tiny_spec: Path, tmp_path: Path, runs) -> None:
    result = runs.run(tiny_spec, tmp_path / "smoke", smoke=True)
    assert result["status"] == "completed" and result["steps"] == 3


def test_set_overrides_reach_the_run(tiny_spec: Path, tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    runs.run(tiny_spec, out, overrides=("schedule[0].steps=7",))
    assert runs.summary(out)["steps"] == 7
