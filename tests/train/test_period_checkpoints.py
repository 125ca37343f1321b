"""last.pt is also saved on the clock (outputs.checkpoints.period), read where the loop logs."""

from __future__ import annotations

import pytest

from nnspec.train import loop, schedule_runner


def one_minute_per_step(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each update takes a minute of (fake) time; returns the steps at which last.pt is saved."""
    clock, saved = [0.0], []
    original_apply, original_save = loop.apply, schedule_runner.save_atomic

    def apply(*args, **kwargs):
        clock[0] += 60.0
        return original_apply(*args, **kwargs)

    def save_atomic(payload, path):
        if path.name == "last.pt":
            saved.append(payload["position"]["step"])
        original_save(payload, path)

    monkeypatch.setattr(loop, "apply", apply)
    monkeypatch.setattr(schedule_runner, "monotonic", lambda: clock[0])
    monkeypatch.setattr(schedule_runner, "save_atomic", save_atomic)
    return saved


@pytest.mark.parametrize(
    ("period", "log_every", "steps"),
    [
        ("null", 1, [25]),
        ("0", 1, [25]),
        (None, 1, [10, 20, 25]),  # the default: 10 minutes
        ("3", 1, [3, 6, 9, 12, 15, 18, 21, 24, 25]),
        ("'3min'", 4, [4, 8, 12, 16, 20, 24, 25]),  # read only where the loop logs
        ("'0.1h'", 4, [8, 16, 24, 25]),  # 6 minutes
        ("'150s'", 1, [3, 6, 9, 12, 15, 18, 21, 24, 25]),
    ],
)
def test_last_pt_is_saved_when_the_period_has_passed(
    xor, tmp_path, runs, monkeypatch, period, log_every, steps
) -> None:
    saved = one_minute_per_step(monkeypatch)
    overrides = ["schedule[0].steps=25", "outputs.checkpoints.every=null"]
    overrides.append(f"outputs.log_every={log_every}")
    if period is not None:
        overrides.append(f"outputs.checkpoints.period={period}")
    assert runs.run(xor, tmp_path / "run", tuple(overrides))["status"] == "completed"
    assert saved == steps
