"""Counting inside an alternate phase: cycles done, each item's updates, batches drawn.

Pure arithmetic on the cycle's shape, so the display, the logged epoch and
summary.json read the counts at any update index without a per-step counter, and a
resumed run counts as an unbroken one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CycleCounter:
    """An alternate phase of ``cycles`` cycles; ``warm``: cycles with warm-up repeats."""

    lengths: tuple[int, ...]  # updates per item in an ordinary cycle
    warm_lengths: tuple[int, ...]  # ... in a warm-up cycle
    warm: int
    cycles: int
    optimizers: tuple[str, ...]  # each item's stepper key
    reads: tuple[bool, ...]  # each item draws a batch of examples

    @classmethod
    def of(cls, cycle: list[dict], cycles: int, reads: list[bool]) -> CycleCounter:
        warm = min(cycles, max((c["warmup_cycles"] for c in cycle), default=0))
        return cls(
            tuple(c["repeat"] for c in cycle),
            tuple(c["warmup_repeat"] or c["repeat"] for c in cycle),
            warm,
            cycles,
            tuple(c["optimizer"] for c in cycle),
            tuple(reads),
        )

    def cycles_done(self, end: int) -> int:
        """Whole cycles among updates ``0..end-1``."""
        warm_len = sum(self.warm_lengths)
        if end < self.warm * warm_len:
            return end // warm_len
        return self.warm + (end - self.warm * warm_len) // sum(self.lengths)

    def item_counts(self, end: int) -> list[int]:
        """Updates of each item among updates ``0..end-1``."""
        warm_len = sum(self.warm_lengths)
        if end < self.warm * warm_len:
            full, rest = divmod(end, warm_len)
            return _counts(self.warm_lengths, full, rest, [0] * len(self.lengths))
        full, rest = divmod(end - self.warm * warm_len, sum(self.lengths))
        before = [self.warm * n for n in self.warm_lengths]
        return _counts(self.lengths, full, rest, before)

    def updates(self, end: int) -> dict[str, int]:
        """Each optimizer's updates among updates ``0..end-1``."""
        out: dict[str, int] = {}
        for key, count in zip(self.optimizers, self.item_counts(end), strict=True):
            out[key] = out.get(key, 0) + count
        return out

    def batches(self, end: int) -> int:
        """Batches of examples drawn by updates ``0..end-1``."""
        counts = self.item_counts(end)
        return sum(n for n, r in zip(counts, self.reads, strict=True) if r)


def _counts(lengths: tuple[int, ...], full: int, rest: int, before: list[int]) -> list[int]:
    """``before`` plus ``full`` whole cycles plus the first ``rest`` updates of one more."""
    out = []
    for length, base in zip(lengths, before, strict=True):
        out.append(base + full * length + min(max(rest, 0), length))
        rest -= length
    return out
