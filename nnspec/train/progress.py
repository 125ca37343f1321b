"""Progress: a rich bar in a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

from nnspec.cli.render import console
from nnspec.train.plan import Plan


class Progress:
    """Shows phase, step, loss, rate and ETA; redraws only when the loop logs."""

    def __init__(self, plans: list[Plan], shown: bool = True):
        self.shown = shown  # only rank 0 of a data-parallel run shows progress
        self.live = shown and sys.stdout.isatty()
        self.out = console()
        self.started = time.perf_counter()
        self.bar = None
        self.tasks: dict[str, int] = {}
        if self.live:
            self.bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeRemainingColumn(),
                console=self.out,
            )
            self.bar.start()

    def update(self, plan: Plan, index: int, values: dict[str, float]) -> None:
        if not self.shown:
            return
        info = "  ".join(f"{k.removeprefix('train/')} {v:.4g}" for k, v in values.items())
        rate = (index + 1) / max(1e-9, time.perf_counter() - self.started)
        done, total, unit = plan.progress(index)
        counted = f"{done}/{total}" + (f" {unit}" if unit else "")
        if self.bar is None:
            self.out.print(f"[{plan.label}] {counted} {info} ({rate:.0f} it/s)", markup=False)
            return
        if plan.label not in self.tasks:
            self.tasks[plan.label] = self.bar.add_task(plan.label, total=total, info="")
        self.bar.update(self.tasks[plan.label], completed=done, info=f"{unit}  {info}".strip())

    def note(self, metrics: dict[str, float]) -> None:
        if not self.shown:
            return
        text = "  ".join(f"{k} {v:.4g}" for k, v in metrics.items())
        (self.bar.console if self.bar else self.out).print(f"  eval: {text}", markup=False)

    def say(self, text: str) -> None:
        """One line of its own: the thread choice, a warning."""
        if self.shown:
            (self.bar.console if self.bar else self.out).print(text, markup=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
