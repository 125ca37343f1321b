"""The run directory contract: spec.yaml, metrics.jsonl, summary.json, checkpoints/, artifacts/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from nnspec import __version__
from nnspec.errors import RunError
from nnspec.spec.dump import dump_yaml


class RunDir:
    """Writes one run's files; only rank 0 writes anything."""

    def __init__(self, path: Path, writer: bool = True):
        self.path = path
        self.writer = writer
        self._scalars = None

    @property
    def scalars(self):
        """TensorBoard scalars, opened on first use (only where the extra is installed)."""
        if self._scalars is None:
            from nnspec.train.tensorboard import Scalars

            self._scalars = Scalars(self.path / "tensorboard")
        return self._scalars

    @classmethod
    def create(cls, path: Path, overwrite: bool, writer: bool = True) -> RunDir:
        """A fresh run directory; an existing one is refused unless ``overwrite``."""
        if writer and path.exists() and any(path.iterdir()):
            if not overwrite:
                raise RunError(
                    f"the run directory {path} already exists; pass --overwrite to "
                    "replace it, --resume to continue it, or --out for another"
                )
            shutil.rmtree(path)
        if writer:
            (path / "checkpoints").mkdir(parents=True, exist_ok=True)
            (path / "artifacts").mkdir(parents=True, exist_ok=True)
        return cls(path, writer)

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

    def records(self) -> list[dict]:
        path = self.path / "metrics.jsonl"
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def write_summary(
        self, status: str, metrics: dict, seconds: float, steps: int, error: str | None = None
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
        if self._scalars is not None:
            self._scalars.close()
        if self.writer:
            _write_text(self.path / "summary.json", json.dumps(summary, indent=2) + "\n")
        return summary


def _write_text(path: Path, text: str) -> None:
    # Write then rename, so a reader never sees a half-written file.
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
