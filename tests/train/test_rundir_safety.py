"""Fault injection on run paths: foreign directories, --overwrite, odd --out targets.

nnspec replaces only a directory it marked as its own run directory; anything
else is refused with a clear error and left byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnspec.errors import RunError, UsageError
from nnspec.train import schedule_runner
from nnspec.train.claim import MARKER
from nnspec.train.rundir import RunDir
from tests.train.tiny_cases import snapshot

NOT_OURS = (
    "it is not an nnspec run directory (it has no .nnspec-run file), "
    "so nothing in it was changed; choose another --out"
)


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """A user's directory: a thesis and a data file, none of it nnspec's."""
    folder = tmp_path / "thesis"
    (folder / "sub").mkdir(parents=True)
    (folder / "thesis.tex").write_bytes(b"\\documentclass{article}\n")
    (folder / "sub" / "data.csv").write_bytes(b"1,2\n3,4\n")
    return folder


@pytest.mark.parametrize("overwrite", [True, "move", "delete"])
def test_overwrite_refuses_a_directory_nnspec_did_not_mark(xor, foreign, runs, overwrite) -> None:
    before = snapshot(foreign)
    with pytest.raises(RunError) as caught:
        runs.run(xor, foreign, overwrite=overwrite)
    assert caught.value.render() == f"refusing to overwrite {foreign}: {NOT_OURS}"
    assert snapshot(foreign) == before and sorted(os.listdir(foreign.parent)) == [
        "thesis",
        "xor.yaml",
    ]


def test_a_foreign_directory_is_refused_without_overwrite_too(xor, foreign, runs) -> None:
    before = snapshot(foreign)
    with pytest.raises(RunError) as caught:
        runs.run(xor, foreign)
    assert caught.value.render() == f"cannot use {foreign}: {NOT_OURS}"
    assert snapshot(foreign) == before


def test_a_run_directory_is_marked_as_nnspec_s(xor, tmp_path: Path, runs) -> None:
    runs.run(xor, tmp_path / "run")
    marker = json.loads((tmp_path / "run" / MARKER).read_text())
    assert set(marker) == {"nnspec_version", "created"}


def test_overwrite_moves_a_run_directory_aside(xor, tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    runs.run(xor, out)
    first = snapshot(out)
    runs.run(xor, out, overwrite=True)
    second = snapshot(out)
    runs.run(xor, out, overwrite="move")
    assert snapshot(tmp_path / "run.old-1") == first
    assert snapshot(tmp_path / "run.old-2") == second
    assert runs.summary(out)["status"] == "completed"


def test_overwrite_delete_deletes_the_old_run(xor, tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    runs.run(xor, out)
    (out / "artifacts" / "old.png").write_bytes(b"old")
    runs.run(xor, out, overwrite="delete")
    assert not (out / "artifacts" / "old.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "xor.yaml"]


def test_an_unknown_overwrite_mode_is_a_usage_error(xor, tmp_path: Path, runs) -> None:
    with pytest.raises(
        UsageError, match=r"^overwrite must be False, True, 'move' or 'delete', not 'yes'$"
    ):
        runs.run(xor, tmp_path / "run", overwrite="yes")
    assert not (tmp_path / "run").exists()


def test_an_empty_out_is_a_usage_error(xor, runs) -> None:
    with pytest.raises(UsageError, match=r"^out and resume must name a directory, not be empty$"):
        runs.run(xor, "")


def odd_targets(tmp_path: Path) -> list[tuple[Path, str]]:
    (tmp_path / "file.txt").write_text("mine")
    return [
        (Path("/dev/null"), "cannot use /dev/null as the run directory: it is not a directory"),
        (
            tmp_path / "file.txt" / "run",
            f"cannot create the run directory {tmp_path}/file.txt/run: [Errno 20] Not a directory",
        ),
        (
            Path("/proc/nnspec-run"),
            "cannot create the run directory /proc/nnspec-run: [Errno 2] No such file or directory",
        ),
    ]


def test_odd_out_targets_are_clear_errors(tmp_path: Path) -> None:
    for target, message in odd_targets(tmp_path):
        with pytest.raises(RunError) as caught:
            RunDir.create(target)
        assert caught.value.render() == message
    assert (tmp_path / "file.txt").read_text() == "mine"


def test_a_sys_target_is_a_clear_error() -> None:
    with pytest.raises(
        RunError, match=r"^cannot create the run directory /sys/nnspec-run: \[Errno"
    ):
        RunDir.create(Path("/sys/nnspec-run"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir(mode=0o555)
    with pytest.raises(RunError) as caught:
        RunDir.create(tmp_path / "ro" / "run")
    assert caught.value.render() == (
        f"cannot create the run directory {tmp_path}/ro/run: [Errno 13] Permission denied"
    )


def test_a_refused_write_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    # As on a read-only or full disk: the directory is made, but the marker cannot be written.
    def refuse(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path / MARKER))

    monkeypatch.setattr("nnspec.train.claim.write_marker", refuse)
    with pytest.raises(RunError) as caught:
        RunDir.create(tmp_path / "new" / "run")
    assert caught.value.render() == (
        f"cannot create the run directory {tmp_path}/new/run: [Errno 13] Permission denied"
    )
    assert os.listdir(tmp_path) == []


def test_a_checkpoint_records_its_step_also_when_the_step_is_not_logged(
    xor, tmp_path, runs, monkeypatch
) -> None:
    steps = []
    real = schedule_runner.save_atomic

    def save(payload: dict, path: Path) -> None:
        steps.append(payload["position"]["step"])
        real(payload, path)

    monkeypatch.setattr(schedule_runner, "save_atomic", save)
    runs.run(xor, tmp_path / "run", ("outputs.checkpoints.every=3", "outputs.log_every=10"))
    assert steps == [3, 4]
