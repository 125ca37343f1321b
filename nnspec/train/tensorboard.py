"""TensorBoard scalars, written where the ``tensorboard`` extra is installed.

Every numeric value of every metrics.jsonl record also goes to DIR/tensorboard/,
so ``tensorboard --logdir DIR`` shows the run. Without the package nothing is written
(nothing could show it). The files are written by nnspec.train.tfevents, not by
importing the package.

Event files are append-only, so a resume cannot trim them as it trims metrics.jsonl;
it starts its file with a START marker at the checkpoint's step (``purge_step``), and
TensorBoard then drops the events a killed run logged after that step, which the
resume logs again.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from nnspec.train.tfevents import EventFile, scalars


class Scalars:
    """An events file if TensorBoard is installed, else nothing."""

    def __init__(self, directory: Path, purge_step: int | None = None):
        installed = importlib.util.find_spec("tensorboard") is not None
        self.file = EventFile(directory, purge_step) if installed else None

    def add(self, record: dict) -> None:
        values = {
            key: float(value)
            for key, value in record.items()
            if key not in ("step", "epoch", "phase") and isinstance(value, (int, float))
        }
        if self.file is not None and values:
            self.file.write(scalars(record["step"], values))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
