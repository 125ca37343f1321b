"""``evaluate.early_stopping``: stop when a watched metric has not improved for a while.

The state (best value, evaluations since it improved, the step it stopped at) goes into
every checkpoint, so a resumed run stops at the same step as an unbroken one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from nnspec.spec.typed import EarlyStopping


class StopEarly(Exception):
    """The watched metric ran out of patience: training ends here, as a completed run."""


@dataclass
class Patience:
    """What early stopping has seen so far (plain values: a checkpoint holds them)."""

    best: float | None = None
    waited: int = 0  # evaluations since the last improvement
    stopped: int | None = None  # the step it stopped at

    def observe(self, rule: EarlyStopping, value: float | None, step: int) -> bool:
        """Count one evaluation; True when the run should stop at ``step``."""
        if value is None:
            return False
        gain = value - self.best if self.best is not None else None
        if gain is not None and rule.mode == "min":
            gain = -gain
        if gain is None or gain > rule.min_delta:
            self.best, self.waited = value, 0
            return False
        self.waited += 1
        if self.waited >= rule.patience:
            self.stopped = step
        return self.stopped is not None

    def state_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_state(cls, state: dict | None) -> Patience:
        return cls(**state) if state else cls()

    def summary(self, rule: EarlyStopping, restored: int | None) -> dict:
        """summary.json's ``early_stopping``: whether and where it stopped, what it restored."""
        return {
            "stopped": self.stopped is not None,
            "step": self.stopped,
            "watch": rule.watch,
            "best": self.best,
            "restored_step": restored,
        }
