"""``nnspec sweep``: trials as run directories, the results table, resuming a study."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import optuna
import pytest

from nnspec.sweep.check import check_sweep
from nnspec.sweep.study import open_study
from nnspec.sweep.sweepfile import read_sweep
from tests.sweep.conftest import SWEEP

HEADER = ["trial", "lr", "out", "val/accuracy", "state", "seconds"]


def sweep_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "nnspec", "sweep", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def rows(stdout: str, edge: str = "│") -> list[list[str]]:
    lines = [line for line in stdout.splitlines() if line.startswith(edge)]
    return [[cell.strip() for cell in line.strip(edge).split(edge)] for line in lines]


@pytest.mark.slow
def test_a_smoke_sweep_runs_trials_as_run_directories_and_resumes(write_sweep) -> None:
    done = sweep_cli(str(write_sweep()), "--smoke", "--jobs", "2", "--out", "out")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sweep sweep: maximize val/accuracy\n")
    assert rows(done.stdout, "┃") == [HEADER]
    first = rows(done.stdout)
    assert [row[0].rstrip(" *") for row in first] == ["0000", "0001", "0002"]
    for number, _lr, out, metric, state, _seconds in first:
        run = Path("out") / f"trial-{number.rstrip(' *')}"
        summary = json.loads((run / "summary.json").read_text())
        assert (state, metric) == ("complete", f"{summary['metrics']['val/accuracy']:.4g}")
        layer = (run / "spec.yaml").read_text().split("layers:\n", 1)[1]
        assert layer.startswith(f"      - linear:\n          out: {out}\n")
    best = next(row[0].rstrip(" *") for row in first if row[0].endswith("*"))
    assert f"nnspec diff base.yaml out/trial-{best}" in done.stdout

    again = sweep_cli("sweep.yaml", "--smoke", "--trials", "4", "--out", "out")
    assert again.returncode == 0, again.stderr
    assert rows(again.stdout)[:3] == first and len(rows(again.stdout)) == 4
    assert (Path("out") / "trial-0003" / "summary.json").is_file()
    study = optuna.load_study(study_name="sweep", storage="sqlite:///out/optuna.db")
    assert [t.number for t in study.trials] == [0, 1, 2, 3]


def test_a_study_started_by_another_sweep_is_refused(write_sweep, cli) -> None:
    path = write_sweep()
    sweep = read_sweep(path)
    Path("out").mkdir()
    Path("out/.nnspec-sweep").write_text("{}\n")
    open_study(sweep, "sqlite:///out/optuna.db", check_sweep(sweep))
    path.write_text(SWEEP.replace("low: 64, high: 256", "low: 64, high: 512"))
    result = cli("sweep", path, "--out", "out")
    assert (result.exit_code, result.stderr) == (
        1,
        f"the study 'sweep' in sqlite:///{Path('out/optuna.db').resolve()} was started by "
        "another sweep (its base spec, metric, direction or search space differ), and nothing "
        "in it was changed; continue it with the sweep that started it, or give this one "
        "another name or --out\n",
    )


def test_a_folder_that_is_not_a_sweep_is_left_alone(write_sweep, cli) -> None:
    Path("notes").mkdir()
    Path("notes/thesis.tex").write_text("mine")
    result = cli("sweep", write_sweep(), "--out", "notes")
    assert (result.exit_code, result.stderr) == (
        1,
        "notes is not an nnspec sweep directory (it has no .nnspec-sweep) and is not empty; "
        "nothing in it was changed: give another --out\n",
    )
    assert sorted(p.name for p in Path("notes").iterdir()) == ["thesis.tex"]


@pytest.mark.parametrize("module, extra", [("optuna", "sweep"), ("torch", "train")])
def test_without_its_extra_the_command_says_what_to_install(
    write_sweep, cli, monkeypatch: pytest.MonkeyPatch, module: str, extra: str
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == module else real(n, *a)
    )
    result = cli("sweep", write_sweep())
    assert (result.exit_code, result.stderr) == (
        2,
        f"nnspec sweep needs {module}: pip install 'nnspec[{extra}]'\n",
    )
    assert not Path("runs").exists()
