"""run.threads on the torch side: the candidates, the timed choice, and the collapse warning.

Time is simulated (``perf_counter`` is replaced), so no test depends on this machine's speed.
"""

from __future__ import annotations

import pytest
import torch

from nnspec.train import threads


class Clock:
    """A perf_counter that advances only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(threads, "perf_counter", fake)
    return fake


@pytest.fixture
def set_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(torch, "set_num_threads", calls.append)
    return calls


@pytest.mark.parametrize(
    ("setting", "default", "free", "expected"),
    [(3, 2, 2, [3]), ("auto", 2, 1, [1]), ("auto", 2, 4, [1, 2]), ("auto", 8, 3, [1, 3])],
)
def test_candidates(setting, default, free, expected) -> None:
    assert threads.candidates(setting, default, free) == expected


def test_free_cores_subtract_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (2.6, 0.0, 0.0))
    assert (threads.free_cores(), threads.free_cores(workers=2)) == (1, 1)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert threads.free_cores() == 1  # never fewer than one


def steps(tuner: threads.Tuner, clock: Clock, count: int, seconds: float, first: int) -> int:
    """Feed ``count`` finished steps of ``seconds`` each; returns the next step number."""
    for step in range(first, first + count):
        clock.now += seconds
        if not tuner.after_step(step):
            return -step
    return first + count


def test_auto_keeps_one_thread_where_more_are_slower(clock, set_threads) -> None:
    said: list[str] = []
    tuner = threads.Tuner([1, 2], said.append)
    step = steps(tuner, clock, 1 + 30, 0.01, 1)  # one untimed step, then 0.3 s at 100 it/s
    assert set_threads == [1, 2] and not said
    assert steps(tuner, clock, 1 + 10, 0.05, step) < 0  # then 0.5 s at 20 it/s: decided
    assert set_threads == [1, 2, 1]
    assert said == ["threads: 1 (run.threads auto: 1 thread 100 it/s, 2 threads 20 it/s)"]


def test_auto_takes_more_threads_where_they_are_faster(clock, set_threads) -> None:
    said: list[str] = []
    tuner = threads.Tuner([1, 4], said.append)
    step = steps(tuner, clock, 31, 0.01, 1)
    steps(tuner, clock, 61, 0.005, step)
    assert set_threads[-1] == 4
    assert said == ["threads: 4 (run.threads auto: 1 thread 100 it/s, 4 threads 200 it/s)"]


def test_an_evaluation_inside_a_window_is_not_timed(clock, set_threads) -> None:
    said: list[str] = []
    tuner = threads.Tuner([1, 2], said.append)
    steps(tuner, clock, 10, 0.01, 1)
    clock.now += 100.0  # an evaluation ran; the runner restarts the window
    tuner.restart()
    step = steps(tuner, clock, 31, 0.01, 11)
    steps(tuner, clock, 11, 0.05, step)
    assert said == ["threads: 1 (run.threads auto: 1 thread 100 it/s, 2 threads 20 it/s)"]


def test_a_collapse_is_warned_about_once(clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    said: list[str] = []
    watch = threads.Watch(said.append)
    for step, seconds in [(0, 0.0), (50, 0.5), (100, 0.5), (150, 5.0), (200, 5.0)]:
        clock.now += seconds
        watch.observe(step, "train")
    assert said == [
        "warning: at step 150 training slowed from 100 to 10 it/s; other jobs may be using "
        "the cores: try run.threads: 1 (now 2)"
    ]


def test_a_new_phase_is_compared_with_itself(clock) -> None:
    said: list[str] = []
    watch = threads.Watch(said.append)
    for step, seconds, phase in [(0, 0.0, "pre"), (50, 0.5, "pre"), (100, 5.0, "fine")]:
        clock.now += seconds
        watch.observe(step, phase)
    clock.now += 5.0
    watch.observe(150, "fine")
    assert said == []


@pytest.mark.parametrize(
    ("setting", "smoke", "default", "free", "line"),
    [
        (2, False, 4, 4, "threads: 2 (run.threads)"),
        ("auto", True, 4, 4, "threads: 1 (run.threads auto, in a smoke run)"),
        ("auto", False, 1, 4, "threads: 1 (run.threads auto: torch's default is 1 here "
         "(OMP_NUM_THREADS))"),
        ("auto", False, 4, 1, "threads: 1 (run.threads auto: 1 core is free)"),
    ],
)  # fmt: skip
def test_start_says_what_it_chose(monkeypatch, set_threads, setting, smoke, default, free, line):
    monkeypatch.setattr(torch, "get_num_threads", lambda: default)
    monkeypatch.setattr(threads, "free_cores", lambda workers: free)
    said: list[str] = []
    assert threads.start(setting, said.append, smoke) is None
    assert (said, set_threads) == ([line], [int(line.split()[1])])


def test_start_times_when_a_second_core_is_free(monkeypatch, set_threads) -> None:
    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    monkeypatch.setattr(threads, "free_cores", lambda workers: 2)
    tuner = threads.start("auto", print, smoke=False)
    assert isinstance(tuner, threads.Tuner) and tuner.counts == [1, 2] and set_threads == [1]


@pytest.mark.parametrize(
    ("per_second", "shown"), [(412.4, "412"), (38.2, "38"), (2.46, "2.5"), (0.314, "0.31")]
)
def test_rates_are_shown_as_people_read_them(per_second, shown) -> None:
    assert threads.shown_rate(per_second) == shown
