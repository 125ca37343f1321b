"""run_resolved's ``on_evaluate`` hook: it sees every evaluation and can stop a run cleanly."""

from __future__ import annotations

from pathlib import Path

from nnspec.api import load
from nnspec.train.runner import run_resolved
from tests.train.tiny_cases import XOR, write_xor

EVERY_2 = (
    XOR.replace("steps: 4", "steps: 8")
    + "evaluate: {every: 2, splits: [train], metrics: [accuracy]}\n"
)


def test_the_hook_sees_each_evaluation_and_its_metrics(tmp_path: Path, runs) -> None:
    seen: list[tuple[int, list[str]]] = []
    spec = load(write_xor(tmp_path, EVERY_2))
    summary = run_resolved(
        spec, out=str(tmp_path / "run"), on_evaluate=lambda s, m: seen.append((s, sorted(m)))
    )
    assert summary["status"] == "completed"
    names = ["train/accuracy"]
    assert seen == [(2, names), (4, names), (6, names), (8, names)]


def test_returning_true_stops_the_run_as_an_interrupt_with_its_checkpoint(
    tmp_path: Path, runs
) -> None:
    spec = load(write_xor(tmp_path, EVERY_2))
    out = tmp_path / "run"
    summary = run_resolved(spec, out=str(out), on_evaluate=lambda step, m: step >= 4)
    assert (summary["status"], summary["steps"]) == ("interrupted", 5)
    assert (out / "checkpoints" / "last.pt").is_file()
