"""``run.threads``: how many CPU threads torch's operators use, chosen for the machine.

On a machine shared with other jobs, torch's default of one thread per core can be many
times slower than one thread: each operator waits for its slowest thread, and a thread on
a busy core is slow. ``auto`` counts the cores that are really free (the cores this
process may use less the load average) and, when more than one is, times real training
steps at 1 thread and at the free cores and keeps the faster; a number is used as given.
While the run goes on, ``Watch`` warns once when throughput falls to a quarter of its best.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from time import perf_counter

import torch

MIN_STEPS, MAX_STEPS = 5, 200  # a timing window holds this many steps...
WINDOW_SECONDS = 0.3  # ...and lasts at least this long, unless MAX_STEPS come first
COLLAPSE = 0.25  # a logging window this much slower than the best one is a collapse


def free_cores(workers: int = 1) -> int:
    """Cores this process may use, less the one-minute load, shared among ``workers``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return max(1, round((cores or 1) - busy) // max(1, workers))


def candidates(setting: str | int, default: int, free: int) -> list[int]:
    """The thread counts to try: the setting itself, or 1 and the free cores (at most torch's
    default, which OMP_NUM_THREADS sets)."""
    if setting != "auto":
        return [int(setting)]
    return sorted({1, max(1, min(default, free))})


class Tuner:
    """Times consecutive windows of training steps, one per candidate, then keeps the fastest.

    Every window starts after one untimed step, so a switch's first slow step is not
    counted; ``restart`` drops a window that evaluation or a checkpoint interrupted.
    """

    def __init__(self, counts: list[int], say: Callable[[str], None]):
        self.counts, self.say, self.rates = counts, say, []
        self.start: tuple[int, float] | None = None
        torch.set_num_threads(counts[0])

    def after_step(self, step: int) -> bool:
        """Account for one finished step; False once the choice is made."""
        now = perf_counter()
        if self.start is None:
            self.start = (step, now)
            return True
        steps, seconds = step - self.start[0], now - self.start[1]
        if steps < MIN_STEPS or (seconds < WINDOW_SECONDS and steps < MAX_STEPS):
            return True
        self.rates.append(steps / seconds)
        if len(self.rates) < len(self.counts):
            torch.set_num_threads(self.counts[len(self.rates)])
            self.start = None
            return True
        best = max(range(len(self.counts)), key=self.rates.__getitem__)
        torch.set_num_threads(self.counts[best])
        tried = ", ".join(
            f"{n} {_word(n)} {shown_rate(r)} it/s"
            for n, r in zip(self.counts, self.rates, strict=True)
        )
        self.say(f"threads: {self.counts[best]} (run.threads auto: {tried})")
        return False

    def restart(self) -> None:
        self.start = None


class Watch:
    """Warns once when a logging window's rate falls to COLLAPSE of the best in its phase."""

    def __init__(self, say: Callable[[str], None]):
        self.say, self.best, self.warned, self.phase = say, 0.0, False, ""
        self.start: tuple[int, float] | None = None

    def observe(self, step: int, phase: str) -> None:
        now = perf_counter()
        if phase != self.phase:  # phases train different things at different speeds
            self.phase, self.best, self.start = phase, 0.0, None
        if self.start is not None and step > self.start[0]:
            rate = (step - self.start[0]) / max(now - self.start[1], 1e-9)
            if rate < COLLAPSE * self.best and not self.warned:
                self.warned = True
                self.say(collapse_warning(step, self.best, rate, torch.get_num_threads()))
            self.best = max(self.best, rate)
        self.start = (step, now)

    def restart(self) -> None:
        self.start = None  # evaluation or a checkpoint ran: the next window starts afresh


def collapse_warning(step: int, best: float, now: float, threads: int) -> str:
    advice = "; other jobs may be using the cores"
    if threads > 1:
        advice += f": try run.threads: 1 (now {threads})"
    slowed = f"from {shown_rate(best)} to {shown_rate(now)} it/s"
    return f"warning: at step {step} training slowed {slowed}{advice}"


def shown_rate(per_second: float) -> str:
    """Steps per second as people read them: 412, 38, 2.5, 0.31."""
    return f"{per_second:.0f}" if per_second >= 10 else f"{per_second:.2g}"


def _word(n: int) -> str:
    return "thread" if n == 1 else "threads"


def start(setting: str | int, say: Callable[[str], None], smoke: bool) -> Tuner | None:
    """Apply ``run.threads``; a Tuner to feed training steps to while ``auto`` decides."""
    default, free = torch.get_num_threads(), free_cores(int(os.environ.get("LOCAL_WORLD_SIZE", 1)))
    counts = candidates(setting, default, free)
    if len(counts) == 1 or smoke:  # a smoke run is too short to time: the fewest threads
        torch.set_num_threads(counts[0])
        say(f"threads: {counts[0]} ({_reason(setting, smoke, default, free)})")
        return None
    return Tuner(counts, say)


def _reason(setting: str | int, smoke: bool, default: int, free: int) -> str:
    if setting != "auto":
        return "run.threads"
    if smoke:
        return "run.threads auto, in a smoke run"
    if default == 1:
        return "run.threads auto: torch's default is 1 here (OMP_NUM_THREADS)"
    return f"run.threads auto: {free} {'core is' if free == 1 else 'cores are'} free"
