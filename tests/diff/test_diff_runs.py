"""``nnspec.diff.runs``: run directories compared by spec and by final metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnspec.diff.core import diff_specs
from nnspec.diff.runs import Row, compare_runs, load_run
from nnspec.diff.sides import open_side
from nnspec.errors import UsageError
from nnspec.spec.dump import dump_yaml
from nnspec.spec.pipeline import resolve

SPECS = Path(__file__).resolve().parents[2] / "specs"


def make_run(folder: Path, overrides: tuple[str, ...], summary: dict | None) -> Path:
    """A run directory as ``nnspec run`` writes it: the resolved spec and a summary."""
    folder.mkdir()
    resolved = resolve(SPECS / "gan-ring.yaml", overrides).plain()
    (folder / "spec.yaml").write_text(dump_yaml(resolved), encoding="utf-8")
    if summary is not None:
        (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


SUMMARY_A = {
    "status": "completed",
    "metrics": {"eval/modes_captured": 7, "eval/high_quality": 0.91, "test/loss": 1.25},
    "seconds": 12.5,
    "steps": 3000,
}
SUMMARY_B = {
    "status": "completed",
    "metrics": {"eval/modes_captured": 8, "eval/high_quality": 0.95, "eval/kl": 0.125},
    "seconds": 11.75,
    "steps": 3000,
}


def test_metrics_side_by_side_with_deltas(tmp_path: Path) -> None:
    a = load_run(make_run(tmp_path / "a", (), SUMMARY_A))
    b = load_run(make_run(tmp_path / "b", (), SUMMARY_B))
    runs = compare_runs(a, b)
    assert runs.facts == [
        Row("status", "completed", "completed", None),
        Row("steps", 3000, 3000, 0),
        Row("seconds", 12.5, 11.75, -0.75),
    ]
    assert runs.metrics == [
        Row("eval/modes_captured", 7, 8, 1),
        Row("eval/high_quality", 0.91, 0.95, 0.04),
        Row("test/loss", 1.25, None, None),
        Row("eval/kl", None, 0.125, None),
    ]


def test_run_sides_compare_their_resolved_specs(tmp_path: Path) -> None:
    a = open_side(str(make_run(tmp_path / "a", (), SUMMARY_A)))
    b = open_side(str(make_run(tmp_path / "b", ("optimizers.opt_g.lr=2e-4",), SUMMARY_B)))
    assert a.run is not None and b.run is not None
    result = diff_specs(a.spec, b.spec, labels=(a.label, b.label))
    assert [(c.path, c.old, c.new) for c in result.changes] == [
        ("optimizers.opt_g.lr", 0.001, 0.0002)
    ]
    assert result.changes[0].b.file == str(tmp_path / "b" / "spec.yaml")


def test_a_resolved_spec_is_identical_to_its_source(tmp_path: Path) -> None:
    run = open_side(str(make_run(tmp_path / "a", (), None)))
    source = open_side(str(SPECS / "gan-ring.yaml"))
    assert diff_specs(source.spec, run.spec).identical
    assert run.run is not None and run.run.summary is None


def test_a_run_without_summary_has_no_figures(tmp_path: Path) -> None:
    a = load_run(make_run(tmp_path / "a", (), None))
    b = load_run(make_run(tmp_path / "b", (), SUMMARY_B))
    runs = compare_runs(a, b)
    assert runs.facts[0] == Row("status", None, "completed", None)
    assert all(row.a is None and row.delta is None for row in runs.metrics)


def test_bad_run_directories_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match=r"has no spec\.yaml"):
        load_run(tmp_path / "empty")
    run = make_run(tmp_path / "broken", (), None)
    (run / "summary.json").write_text("{not json")
    with pytest.raises(UsageError, match="not valid JSON"):
        load_run(run)


def test_booleans_and_infinities_get_no_delta(tmp_path: Path) -> None:
    a = load_run(make_run(tmp_path / "a", (), {"metrics": {"ok": True, "x": float("inf")}}))
    b = load_run(make_run(tmp_path / "b", (), {"metrics": {"ok": False, "x": 1.0}}))
    assert [row.delta for row in compare_runs(a, b).metrics] == [None, None]
