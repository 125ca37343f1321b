"""A bug in nnspec during training still leaves a complete run directory.

summary.json says ``failed``, with "internal error", where the run stopped, the
checkpoint it kept and the trace; the CLI reports the bug and exits 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.train import loop

HEAD = (
    "internal error after step 2 of phase 'train': this is a bug in nnspec, not in your "
    "spec; the last good checkpoint, {last} (step 2), is kept. Please report it with the "
    "spec and this trace:\nTraceback (most recent call last):\n"
)


def break_step(monkeypatch: pytest.MonkeyPatch, at: int, seen: dict) -> None:
    """Make update number ``at`` divide by zero, after noting what last.pt held then."""
    original, calls = loop.apply, []

    def apply(session, update, skip_nonfinite=False):
        calls.append(1)
        if len(calls) == at:
            last = Path(seen["out"]) / "checkpoints" / "last.pt"
            seen["last.pt"] = last.read_bytes()
            return 1 / 0
        return original(session, update, skip_nonfinite)

    monkeypatch.setattr(loop, "apply", apply)


def test_a_bug_mid_run_writes_a_failed_summary_and_exits_3(xor, tmp_path, cli, runs, monkeypatch):
    out = tmp_path / "run"
    seen = {"out": out}
    break_step(monkeypatch, 3, seen)
    result = cli("run", xor, "--out", out)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("internal error: this is a bug in nnspec, not in your spec")
    assert result.stderr.rstrip().endswith("ZeroDivisionError: division by zero")
    summary = runs.summary(out)
    assert (summary["status"], summary["steps"]) == ("failed", 2)
    error = summary["error"]
    assert error.startswith(HEAD.format(last=out / "checkpoints" / "last.pt")), error
    assert error.endswith("\nZeroDivisionError: division by zero\n")
    assert (out / "checkpoints" / "last.pt").read_bytes() == seen["last.pt"]


def test_a_bug_before_any_checkpoint_says_none_is_kept(xor, tmp_path, runs, monkeypatch):
    out = tmp_path / "run"
    monkeypatch.setattr(loop, "apply", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        runs.run(xor, out)
    error = runs.summary(out)["error"]
    assert error.startswith(
        "internal error after step 0 of phase 'train': this is a bug in nnspec, not in your "
        "spec; no checkpoint was written before it. Please report it"
    ), error


def test_a_bug_during_start_up_leaves_no_directory(xor, tmp_path, runs, monkeypatch):
    # Nothing was trained yet, so nothing is worth a summary: the new directory goes again.
    monkeypatch.setattr("nnspec.train.runner.prepare", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        runs.run(xor, tmp_path / "new" / "run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xor.yaml"]
