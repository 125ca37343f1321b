"""Optional TensorBoard scalars, written when the ``tensorboard`` extra is installed.

Every numeric value of every metrics.jsonl record also goes to DIR/tensorboard/,
so ``tensorboard --logdir DIR`` shows the run. Without the package this is a no-op.

Event files are append-only, so a resume cannot trim them as it trims metrics.jsonl;
it opens its writer with ``purge_step`` (the checkpoint's step) instead, and TensorBoard
then drops the events a killed run logged after that step, which the resume logs again.

Records are handed to the writer in batches, at most every ``PUSH_SECONDS`` and at close,
each event keeping the wall time of its record. Each hand-over wakes the writer's thread,
which then takes the GIL: on the loaded shared machine, a cProfile of 20,000 RBM updates
(logging every 50) spent 2.1 s of its 19 s in ``lock.release`` inside ``queue.put``, the
training thread waiting for the writer. TensorBoard itself flushes its file only every
120 s, so a batch of a few seconds delays nothing a reader would see; a killed run can
lose up to that many seconds of events more (metrics.jsonl has every record).
"""

from __future__ import annotations

import time
from pathlib import Path

PUSH_SECONDS = 5.0


class Scalars:
    """A SummaryWriter if TensorBoard is available, else nothing."""

    def __init__(self, directory: Path, purge_step: int | None = None):
        try:
            from tensorboard.compat.proto.summary_pb2 import Summary
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:  # the extra is not installed
            self.writer = None
            return
        self.writer = SummaryWriter(log_dir=str(directory), purge_step=purge_step)
        self.summary = Summary
        self.pending: list[tuple] = []  # (summary, step, wall time) not yet handed over
        self.pushed_at = time.monotonic()

    def add(self, record: dict) -> None:
        """The record's numbers as one event: what ``add_scalar`` writes for each, in one
        summary (half the cost of an event per value, paid on every logged step)."""
        if self.writer is None:
            return
        values = [
            self.summary.Value(tag=key, simple_value=float(value))
            for key, value in record.items()
            if key not in ("step", "epoch", "phase") and isinstance(value, (int, float))
        ]
        if values:
            self.pending.append((self.summary(value=values), record["step"], time.time()))
        if time.monotonic() - self.pushed_at >= PUSH_SECONDS:
            self.push()

    def push(self) -> None:
        """Hand the pending events to the writer's thread."""
        events = self.writer._get_file_writer()  # what add_scalar itself writes through
        for summary, step, wall_time in self.pending:
            events.add_summary(summary, step, wall_time)
        self.pending, self.pushed_at = [], time.monotonic()

    def close(self) -> None:
        if self.writer is not None:
            self.push()
            self.writer.close()
