"""The run directory contract: spec.yaml, metrics.jsonl, summary.json, checkpoints/, artifacts/."""

from __future__ import annotations

import json
import os
from pathlib import Path

from nnspec import __version__
from nnspec.errors import RunError
from nnspec.spec.dump import dump_yaml
from nnspec.train import claim


class RunDir:
    """Writes one run's files; only rank 0 writes anything."""

    def __init__(self, path: Path, writer: bool = True):
        self.path = path
        self.writer = writer
        self._scalars = None
        self.purge_step: int | None = None  # a resume's step: TensorBoard drops what follows
        self.claimed = False  # made or marked by this process, so it may remove it again
        self.made: Path | None = None  # the outermost directory this process created

    @property
    def scalars(self):
        """TensorBoard scalars, opened on first use (only where the extra is installed)."""
        if self._scalars is None:
            from nnspec.train.tensorboard import Scalars

            self._scalars = Scalars(self.path / "tensorboard", self.purge_step)
        return self._scalars

    @classmethod
    def create(cls, path: Path, overwrite: bool | str = False, writer: bool = True) -> RunDir:
        """A fresh run directory, marked as nnspec's (see ``claim``)."""
        rundir = cls(path, writer)
        rundir.claim(overwrite)
        return rundir

    def claim(self, overwrite: bool | str = False) -> None:
        """Make this a fresh run directory; ``overwrite``: False, True, "move" or "delete".

        An existing run directory is refused, moved aside to ``DIR.old-N`` or deleted;
        a directory nnspec did not mark is never changed.
        """
        mode = claim.overwrite_mode(overwrite)
        if self.path.name in ("", ".."):  # "." has no name to set it aside under
            self.path = Path(os.path.abspath(self.path))
        if not self.writer:
            return
        try:
            claim.make_room(self.path, mode)
            self.made = claim.first_missing(self.path)
            self.claimed = True
            self.path.mkdir(parents=True, exist_ok=True)
            claim.write_marker(self.path)
            (self.path / "checkpoints").mkdir(exist_ok=True)
            (self.path / "artifacts").mkdir(exist_ok=True)
        except OSError as exc:
            self.release()
            raise RunError(f"cannot create the run directory {self.path}: {_reason(exc)}") from None

    @classmethod
    def existing(cls, path: Path, writer: bool = True) -> RunDir:
        """A run directory to resume; one without a checkpoint is refused, naming why.

        Every rank checks (every rank reads the checkpoint), so all stop alike, before
        any collective call could leave one waiting.
        """
        if not path.is_dir():
            raise RunError(f"cannot resume {path}: no such directory")
        if not (path / "checkpoints" / "last.pt").is_file():
            raise RunError(
                f"cannot resume {path}: it has no checkpoint (checkpoints/last.pt), so there is "
                f"nothing to continue; start the run again with --out {path} --overwrite"
            )
        return cls(path, writer)

    def release(self) -> bool:
        """Remove this run directory again if this run claimed it and wrote no results."""
        if not self.claimed or claim.holds_results(self.path):
            return False
        claim.release(self.path, self.made)
        self.claimed = False
        return True

    @property
    def checkpoints(self) -> Path:
        return self.path / "checkpoints"

    @property
    def artifacts(self) -> Path:
        return self.path / "artifacts"

    def write_spec(self, spec: dict) -> None:
        if self.writer:
            _write_text(self.path / "spec.yaml", dump_yaml(spec))

    def log(self, record: dict) -> None:
        if self.writer:
            with open(self.path / "metrics.jsonl", "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")
            self.scalars.add(record)

    def keep_records_until(self, step: int) -> None:
        """On resume: drop the records logged after the checkpoint's step, which the run
        logs again (a run killed after its last checkpoint went on logging), and a last
        line that a kill cut short; so metrics.jsonl reads as one uninterrupted run.
        TensorBoard's event files cannot be cut: its writer purges them from ``step`` on."""
        self.purge_step = step or None
        path = self.path / "metrics.jsonl"
        if not self.writer or not path.is_file():
            return
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if _step_of(line) <= step]
        if len(kept) < len(lines):
            _write_text(path, "".join(kept))

    def records(self) -> list[dict]:
        path = self.path / "metrics.jsonl"
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def write_summary(
        self,
        status: str,
        metrics: dict,
        seconds: float,
        steps: int,
        error: str | None = None,
        extra: dict | None = None,
    ) -> dict:
        import torch

        summary = {
            "status": status,
            "metrics": metrics,
            "seconds": round(seconds, 3),
            "steps": steps,
            "nnspec_version": __version__,
            "torch_version": torch.__version__,
        }
        if error is not None:
            summary["error"] = error
        summary.update(extra or {})
        if self._scalars is not None:
            self._scalars.close()
        if self.writer:
            _write_text(self.path / "summary.json", json.dumps(summary, indent=2) + "\n")
        return summary


def _write_text(path: Path, text: str) -> None:
    # Write then rename, so a reader never sees a half-written file; a failed write
    # (a full disk) leaves the old file and no stray .tmp.
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _step_of(line: str) -> float:
    """A metrics.jsonl line's step; infinite for a line cut short, so it is dropped."""
    try:
        return json.loads(line)["step"]
    except (ValueError, KeyError, TypeError):
        return float("inf")


def _reason(exc: OSError) -> str:
    """An OSError without its repeated file name: "[Errno 13] Permission denied"."""
    return f"[Errno {exc.errno}] {exc.strerror}" if exc.strerror else str(exc)
