"""nnspec evaluate, predict and export from the command line, and the extras they need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
# A sitecustomize that makes importing the named modules fail, as where they are not installed.
BLOCKER = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
sys.meta_path.insert(0, Blocker())
"""


def without(modules: set[str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER.format(blocked=modules))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "nnspec", *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize("command", ["evaluate", "predict", "export", "run"])
def test_a_command_without_the_train_extra_says_what_to_install(command, tmp_path) -> None:
    args = {"run": [str(ROOT / "specs/xor.yaml")], "predict": [".", "--samples", "1"]}
    args["export"] = [".", "--format", "state_dict"]
    done = without({"matplotlib"}, tmp_path, command, *args.get(command, ["."]))
    assert (done.returncode, done.stderr) == (
        2,
        "this command needs the train extra (missing module: matplotlib): "
        "pip install 'nnspec[train]'\n",
    )


def test_onnx_without_the_export_extra_says_what_to_install(smoke_run, tmp_path) -> None:
    done = without({"onnx"}, tmp_path, "export", str(smoke_run("xor.yaml")), "--format", "onnx")
    assert (done.returncode, done.stderr) == (
        2,
        "--format onnx needs the export extra (missing module: onnx): "
        "pip install 'nnspec[export]'\n",
    )


def test_evaluate_prints_the_summary_metrics(cli, smoke_run) -> None:
    out = smoke_run("mlp-digits.yaml")
    result = cli("evaluate", out, "--json")
    summary = json.loads((out / "summary.json").read_text())["metrics"]
    assert (result.exit_code, json.loads(result.stdout)) == (0, summary)
    result = cli("evaluate", out, "--metric", "accuracy", "--split", "test")
    assert result.stdout == f"test/accuracy  {summary['test/accuracy']:.6g}\n"


def test_evaluate_on_new_labelled_data(cli, smoke_run, tmp_path) -> None:
    rows = np.random.default_rng(0).integers(0, 17, (6, 64))
    labels = np.arange(6) % 10
    np.savez(tmp_path / "new.npz", x=rows.astype(np.float32), y=labels)
    result = cli("evaluate", smoke_run("mlp-digits.yaml"), "--data", tmp_path / "new.npz", "--json")
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == {"data/accuracy", "data/loss"}
    np.save(tmp_path / "x.npy", rows.astype(np.float32))
    result = cli("evaluate", smoke_run("mlp-digits.yaml"), "--data", tmp_path / "x.npy")
    assert result.exit_code == 2 and "it has no labels" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--metric", "acuracy"], "--metric acuracy: not a metric of this run's spec (its metrics: "
         "accuracy, loss); did you mean 'accuracy'?"),
        (["--split", "val", "--split", "dev"], "--split dev: this run has no dev split (it has "
         "['test', 'train', 'val'])"),
    ],
)  # fmt: skip
def test_evaluate_usage_errors(cli, smoke_run, args, message) -> None:
    result = cli("evaluate", smoke_run("mlp-digits.yaml"), *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_predict_writes_csv_and_npy(cli, smoke_run, tmp_path) -> None:
    out = smoke_run("mlp-digits.yaml")
    rows = np.random.default_rng(1).integers(0, 17, (5, 64))
    np.savetxt(tmp_path / "in.csv", rows, fmt="%d", delimiter=",")
    result = cli("predict", out, "--data", tmp_path / "in.csv")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and len(lines) == 6
    assert lines[0] == "label," + ",".join(f"p{k}" for k in range(10))
    np.save(tmp_path / "in.npy", rows.astype(np.float32))
    result = cli("predict", out, "--data", tmp_path / "in.npy", "--out", tmp_path / "p.npy")
    assert result.stderr == f"wrote 5 predictions to {tmp_path / 'p.npy'}\n"
    probabilities = np.load(tmp_path / "p.npy")
    from_csv = np.array([line.split(",")[1:] for line in lines[1:]], np.float64)
    assert probabilities.shape == (5, 10) and np.allclose(probabilities, from_csv)


def test_predict_never_writes_over_a_file(cli, smoke_run, tmp_path) -> None:
    (tmp_path / "p.csv").write_text("mine")
    result = cli("predict", smoke_run("xor.yaml"), "--samples", "2", "--out", tmp_path / "p.csv")
    assert result.exit_code == 2 and "--samples needs a generator" in result.stderr
    result = cli(
        "predict", smoke_run("gan-ring.yaml"), "--samples", "2", "--out", tmp_path / "p.csv"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"--out {tmp_path / 'p.csv'} already exists; nothing was written (choose another name)\n",
    )
    assert (tmp_path / "p.csv").read_text() == "mine"


def test_predict_needs_data_or_samples(cli, smoke_run) -> None:
    result = cli("predict", smoke_run("xor.yaml"))
    assert (result.exit_code, result.stderr) == (
        2,
        "give either --data FILE (inputs to predict for) or --samples N\n",
    )


def test_export_reports_the_difference(cli, smoke_run, tmp_path) -> None:
    out = tmp_path / "g.pt"
    result = cli("export", smoke_run("gan-ring.yaml"), "--format", "torchscript", "--network", "G",
                 "--out", out)  # fmt: skip
    assert (result.exit_code, result.stdout) == (
        0,
        f"wrote {out}; largest difference from the module: 0\n",
    )


def test_a_directory_that_is_not_a_run(cli, tmp_path) -> None:
    result = cli("evaluate", tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{tmp_path} is not a run directory: it has no spec.yaml (nnspec run --out)\n",
    )


def test_a_run_on_a_file_dataset_is_evaluated_from_anywhere(tmp_path, cli, monkeypatch) -> None:
    # The run's spec.yaml names t.csv relative to the folder of the spec that was run.
    folder = tmp_path / "project"
    folder.mkdir()
    rows = [f"{i % 7 / 7:.3f},{i % 3 / 3:.3f},{i % 2}" for i in range(40)]
    (folder / "t.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    (folder / "spec.yaml").write_text(
        "nnspec: 2\n"
        "data: {dataset: {csv: {path: t.csv, label: label}}, split: {test: 0.25}}\n"
        "networks:\n  mlp: {layers: [{linear: 4}, relu, {linear: 2}]}\n"
        "losses:\n  xent: {type: cross_entropy, model: mlp}\n"
        "schedule:\n  - train: {loss: xent, optimizer: {type: adam}}\n    epochs: 1\n"
        "evaluate: {metrics: [accuracy]}\n"
    )
    run_dir = tmp_path / "elsewhere" / "run"
    assert cli("run", folder / "spec.yaml", "--out", run_dir).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = cli("evaluate", run_dir, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads((run_dir / "summary.json").read_text())
    assert json.loads(result.stdout)["test/accuracy"] == summary["metrics"]["test/accuracy"]
