"""Runs a study's trials, ``jobs`` at a time, each in its own process.

Every slot asks the study for a trial while the study holds fewer than ``total``,
starts ``python -m nnspec.sweep.trial`` for it and waits. Several machines run the
same command against one RDB storage; the study numbers their trials, so none
collide. The coordinator itself never imports torch.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import optuna
from optuna.trial import TrialState

from nnspec.cli.render import console
from nnspec.sweep.study import counted, distributions
from nnspec.sweep.sweepfile import Sweep
from nnspec.sweep.table import short


@dataclass
class Pool:
    sweep: Sweep
    study: optuna.Study
    out: Path
    url: str
    total: int
    smoke: bool = False
    roots: tuple[str, ...] = ()
    threads: int = 1
    stopping: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: set[subprocess.Popen] = field(default_factory=set)

    def run(self, jobs: int) -> None:
        """Run trials until the study holds ``total``; on SIGINT/SIGTERM stop every trial."""
        slots = [threading.Thread(target=self._slot, daemon=True) for _ in range(jobs)]
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            for slot in slots:
                slot.start()
            for slot in slots:
                while slot.is_alive():
                    slot.join(0.2)
        except KeyboardInterrupt:
            self._stop(slots)
            raise
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _stop(self, slots: list[threading.Thread]) -> None:
        # Trials run in sessions of their own (a terminal's SIGINT reaches only this
        # process), so each gets exactly one SIGINT and stops as an interrupted run.
        self.stopping = True
        for proc in list(self.running):
            proc.send_signal(signal.SIGINT)
        for slot in slots:
            slot.join()

    def _slot(self) -> None:
        while not self.stopping:
            with self.lock:
                if counted(self.study) >= self.total:
                    return
                trial = self.study.ask(distributions(self.sweep))
            self._trial(trial)

    def _trial(self, trial: optuna.Trial) -> None:
        name = f"trial-{trial.number:04d}"
        trial.set_user_attr("dir", str(self.out / name))
        self._say(f"{name} started: {_values(trial.params)}")
        log = self.out / "logs" / f"{name}.log"
        log.parent.mkdir(exist_ok=True)
        with open(log, "w") as sink:
            proc = subprocess.Popen(self._command(trial, name), stdout=sink, stderr=sink,
                                    env=self._env(), start_new_session=True)  # fmt: skip
            self.running.add(proc)
            code = proc.wait()
            self.running.discard(proc)
        if self.study._storage.get_trial(trial._trial_id).state == TrialState.RUNNING:
            # The process died before telling the study (killed, out of memory, a crash).
            trial.set_user_attr("error", f"the trial process ended with exit code {code}")
        ended = self.study.tell(trial.number, state=TrialState.FAIL, skip_if_finished=True)
        self._say(f"{name} {_ended(ended, self.sweep.metric, code, log)}")

    def _command(self, trial: optuna.Trial, name: str) -> list[str]:
        cmd = [sys.executable, "-m", "nnspec.sweep.trial", str(self.sweep.file),
               "--storage", self.url, "--trial-id", str(trial._trial_id),
               "--out", str(self.out / name), "--threads", str(self.threads)]  # fmt: skip
        cmd += ["--smoke"] if self.smoke else []
        return cmd + [arg for root in self.roots for arg in ("--allow-root", root)]

    def _env(self) -> dict[str, str]:
        threads = str(self.threads)
        return {**os.environ, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}

    def _say(self, text: str) -> None:
        with self.lock:
            console(stderr=True).print(text, markup=False)


def _values(params: dict) -> str:
    return ", ".join(f"{path}={short(v)}" for path, v in params.items())


def _ended(trial: optuna.trial.FrozenTrial, metric: str, code: int, log: Path) -> str:
    if trial.state == TrialState.COMPLETE:
        return f"completed: {metric} {short(trial.value)}"
    if trial.state == TrialState.PRUNED:
        return f"pruned at step {trial.user_attrs.get('pruned_at')}"
    if trial.user_attrs.get("interrupted"):
        return "interrupted"
    return f"failed (exit code {code}); see {log}"
