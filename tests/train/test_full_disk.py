"""Fault injection on writes: a full disk while checkpointing, and read-only file systems.

A failed write keeps the last good checkpoint, leaves no stray .tmp file, still
writes summary.json where it can, and is a RunError (exit 1), never exit 3.
"""

from __future__ import annotations

import errno
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch

from nnspec.errors import RunError
from nnspec.train import checkpoint, rundir
from nnspec.train.rundir import RunDir
from tests.train.tiny_cases import XOR

FULL = OSError(errno.ENOSPC, "No space left on device")


class Full:
    def write(self, data: bytes) -> int:
        raise FULL


def fill_disk_after(monkeypatch, saves: int) -> None:
    """Every checkpoint write after the first ``saves`` fails as on a full disk (mid-file)."""
    done = {"saves": 0}
    real_save, real_write = checkpoint.save_atomic, checkpoint._Sink.write

    def save(payload: dict, path: Path) -> None:
        real_save(payload, path)
        done["saves"] += 1

    def write(self, data: bytes) -> int:
        if done["saves"] >= saves and self.handle.tell() > 0:
            self.handle = Full()  # the file underneath refuses, as on a real full disk
        return real_write(self, data)

    monkeypatch.setattr("nnspec.train.schedule_runner.save_atomic", save)
    monkeypatch.setattr(checkpoint._Sink, "write", write)


def stray_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


def test_a_full_disk_while_checkpointing_keeps_the_last_good_one(xor, tmp_path, runs, monkeypatch):
    out = tmp_path / "run"
    fill_disk_after(monkeypatch, saves=1)
    last = out / "checkpoints" / "last.pt"
    message = (
        "cannot write to the run directory: [Errno 28] No space left on device: "
        f"'{last}'; the last good checkpoint, {last} (step 2), is kept"
    )
    with pytest.raises(RunError) as caught:
        runs.run(xor, out)
    assert caught.value.render() == message
    summary = runs.summary(out)
    assert (summary["status"], summary["error"], summary["steps"]) == ("failed", message, 4)
    assert torch.load(last, weights_only=True)["position"]["step"] == 2
    assert stray_files(out) == []


def test_a_full_disk_before_any_checkpoint_says_none_is_kept(xor, tmp_path, runs, monkeypatch):
    fill_disk_after(monkeypatch, saves=0)
    with pytest.raises(RunError, match=r"; no checkpoint was written before it$"):
        runs.run(xor, tmp_path / "run")
    assert not (tmp_path / "run" / "checkpoints" / "last.pt").exists()
    assert stray_files(tmp_path / "run") == []


def test_a_summary_that_cannot_be_written_is_named_in_the_error(xor, tmp_path, runs, monkeypatch):
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path / "summary.json"))

    monkeypatch.setattr(RunDir, "write_summary", full)
    out = tmp_path / "run"
    with pytest.raises(RunError) as caught:
        runs.run(xor, out)
    assert caught.value.render() == (
        "the run completed; summary.json could not be written either: "
        f"[Errno 28] No space left on device: '{out}/summary.json'"
    )


def test_a_failed_text_write_keeps_the_old_file_and_no_tmp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "summary.json"
    target.write_text("old")

    def half(self: Path, text: str, encoding: str) -> None:
        with open(self, "w", encoding=encoding) as handle:
            handle.write(text[:2])
        raise FULL

    monkeypatch.setattr(Path, "write_text", half)
    with pytest.raises(OSError, match="No space left"):
        rundir._write_text(target, "new content")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]
    assert target.read_bytes() == b"old"


@contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``folder``; the test is skipped where mounting is not allowed."""
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
    try:
        subprocess.run(mount, check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True, timeout=10)


BIG = XOR.replace("{linear: 4}", "{linear: 128}, relu, {linear: 128}").replace(
    "type: sgd", "type: adam"
)


@pytest.mark.slow
def test_a_really_full_disk_keeps_the_last_good_checkpoint(tmp_path: Path, runs) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(BIG.replace("steps: 4", "steps: 10"))
    # One checkpoint (~225 kB) fits in 400 kB; its replacement beside it does not.
    with tmpfs(tmp_path / "disk", "size=400k") as disk:
        out = disk / "run"
        with pytest.raises(RunError, match=r"\[Errno 28\] No space left on device: .*\(step 2\)"):
            runs.run(spec, out)
        assert json.loads((out / "summary.json").read_text())["status"] == "failed"
        last = torch.load(out / "checkpoints" / "last.pt", weights_only=True)
        assert last["position"]["step"] == 2 and stray_files(out) == []


def test_a_read_only_file_system_is_a_clear_error(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=64k") as disk:
        with pytest.raises(RunError) as caught:
            RunDir.create(disk / "run")
        assert caught.value.render() == (
            f"cannot create the run directory {disk}/run: [Errno 30] Read-only file system"
        )
