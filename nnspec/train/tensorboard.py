"""Optional TensorBoard scalars, written when the ``tensorboard`` extra is installed.

Every numeric value of every metrics.jsonl record also goes to DIR/tensorboard/,
so ``tensorboard --logdir DIR`` shows the run. Without the package this is a no-op.

Event files are append-only, so a resume cannot trim them as it trims metrics.jsonl;
it opens its writer with ``purge_step`` (the checkpoint's step) instead, and TensorBoard
then drops the events a killed run logged after that step, which the resume logs again.
"""

from __future__ import annotations

from pathlib import Path


class Scalars:
    """A SummaryWriter if TensorBoard is available, else nothing."""

    def __init__(self, directory: Path, purge_step: int | None = None):
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:  # the extra is not installed
            self.writer = None
            return
        self.writer = SummaryWriter(log_dir=str(directory), purge_step=purge_step)

    def add(self, record: dict) -> None:
        if self.writer is None:
            return
        for key, value in record.items():
            if key not in ("step", "epoch", "phase") and isinstance(value, (int, float)):
                self.writer.add_scalar(key, value, record["step"])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
