"""Runs the phase plans in order, with evaluation, checkpoints and stop requests."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from nnspec.metrics import gradient_norms
from nnspec.spec.typed import Spec
from nnspec.train import distributed, threads
from nnspec.train.artifacts import write_artifacts
from nnspec.train.artifacts_generative import samples_png
from nnspec.train.checkpoint import load_checkpoint, save_atomic
from nnspec.train.early_stopping import Patience, StopEarly
from nnspec.train.evaluate import evaluate
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.plan import Plan
from nnspec.train.progress import Progress
from nnspec.train.rundir import RunDir
from nnspec.train.session import Session
from nnspec.train.state import capture


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived; a checkpoint was written after the current step."""


class ScheduleRunner:
    """Drives the loop through every phase and owns the periodic side work."""

    def __init__(
        self, session: Session, plans: list[Plan], rundir: RunDir, spec: Spec, progress: Progress
    ):
        self.session, self.plans, self.rundir, self.spec = session, plans, rundir, spec
        self.progress = progress
        # ``stop``: a signal arrived here; ``halt``: every rank agreed to stop (see _agree).
        self.step, self.stop, self.halt = 0, False, False
        self.world = distributed.World(session.rt.rank, session.rt.world_size)
        self.last_metrics: dict[str, float] = {}
        # Called after each evaluation; returning True asks the run to stop (a pruned trial).
        self.on_evaluate: Callable[[int, dict[str, float]], bool] | None = None
        self.stopped: dict = {}  # where an interrupted run stopped, for summary.json
        self.current_phase, self.phase_index = "", 0
        self.best: float | None = None
        self.epoch = -1
        # outputs.checkpoints.period, in seconds (0: off); ``due``: every rank agreed that
        # rank 0's clock says last.pt is that old (see _agree).
        self.period = spec.outputs.checkpoints.period * 60
        self.saved_at, self.due = monotonic(), False
        outputs = spec.outputs
        samples_every = outputs.samples.every if outputs.samples else None
        # Steps at which a checkpoint or an evaluation falls due (the loop checks
        # losses are finite first), and at which anything periodic falls due.
        self.sync_periods = [p for p in (outputs.checkpoints.every, spec.evaluate.every) if p]
        self.periods = [*self.sync_periods, *([samples_every] if samples_every else [])]
        self.log_every = outputs.log_every
        self.grad_metrics = [m.params for m in spec.evaluate.metrics if m.kind == "grad_norms"]
        self.early = spec.evaluate.early_stopping
        self.patience = Patience()
        self.restored: int | None = None  # the step of the best.pt that restore_best loaded
        self.tuner = threads.start(spec.run.threads, progress.say, session.rt.smoke)
        self.watch = threads.Watch(progress.say)

    def request_stop(self, signum: int, frame: object) -> None:
        self.stop = True

    def run(self, position: dict) -> dict[str, float]:
        self.step = position["step"]
        self.best = position.get("best")  # a resume goes on comparing with the best so far
        self.patience = Patience.from_state(position.get("early_stopping"))
        self.saved_at = monotonic()
        hooks = Hooks(
            self._every_step,
            self._log,
            self.spec.outputs.log_every,
            self._syncs,
            self.spec.run.on_nan == "skip",
        )
        try:
            for index in range(position["phase"], len(self.plans)):
                plan = self.plans[index]
                self.current_phase, self.phase_index = plan.label, index
                start = position["index"] if index == position["phase"] else 0
                self.step = run_plan(self.session, plan, start, self.step, hooks)
            metrics = self._evaluate()
        except StopEarly:
            metrics = self.last_metrics  # evaluated at this very step
        if self.early is not None and self.early.restore_best:
            metrics = self._restore_best(metrics)
        self._checkpoint({"phase": len(self.plans), "index": 0, "step": self.step})
        if self.spec.outputs.plots:
            write_artifacts(self.session, self.rundir)
        return metrics

    def _syncs(self, step: int) -> bool:
        return self.stop or any(step % period == 0 for period in self.sync_periods)

    def _every_step(self, step: int, plan: Plan, index: int) -> None:
        # Runs after every update, so the common case (nothing due) must cost next to nothing.
        self.step = step  # a checkpoint's position and the summary count this step
        self._agree(step)
        if self.session.stream.epoch != self.epoch:  # momentum schedules change per epoch
            self.epoch = self.session.stream.epoch
            for stepper in self.session.steppers.values():
                stepper.set_epoch(self.epoch)
        for params in self.grad_metrics:
            if step % params["every"] == 0:
                self._log_grad_norms(params, step, plan)
        if self.tuner is not None and not self.tuner.after_step(step):
            self.tuner = None  # auto has chosen
        if self.halt or self.due or any(step % period == 0 for period in self.periods):
            self._periodic(step, plan, index)
            self.watch.restart()  # the time evaluation took is not training's
            if self.tuner is not None:
                self.tuner.restart()

    def _agree(self, step: int) -> None:
        """Stop, or save on the clock, only where every rank does, or ranks would wait forever.

        torchrun forwards a signal to every worker, but each may take it at another
        step; the ranks compare requests at the steps where the loop reads the device
        anyway (logging, checkpoints, evaluations), so a single process stops at once.
        The clock is read at logged steps only (its cost stays off the other steps);
        rank 0's reading decides for every rank, in the same all-reduce as the stop.
        """
        logs = step % self.log_every == 0
        if self.world.size == 1:  # the common case first: two comparisons on most steps
            self.halt = self.stop
            if logs and self.period:
                self.due = monotonic() - self.saved_at >= self.period
            return
        if not logs and all(step % p for p in self.sync_periods):
            return
        due = logs and self.period > 0 and monotonic() - self.saved_at >= self.period
        flags = (self.stop, due and self.world.is_writer)
        self.halt, self.due = distributed.any_rank(flags, self.world, self.session.rt.device)

    def _periodic(self, step: int, plan: Plan, index: int) -> None:
        """Evaluation, sample grids, checkpoints and stop requests that fall due at ``step``."""
        every = self.spec.evaluate.every
        if every and step % every == 0 and not self.session.rt.smoke and index < plan.total - 1:
            self._stop_early(self._evaluate(), step)
        samples = self.spec.outputs.samples
        if samples and samples.every and step % samples.every == 0 and self.rundir.writer:
            samples_png(self.session, self.rundir, f"samples_step{step:07d}.png")
        ckpt_every = self.spec.outputs.checkpoints.every
        if (ckpt_every and step % ckpt_every == 0) or self.halt or self.due:
            self._checkpoint(self._position(plan, index))
        if self.halt:
            self.stopped = {"step": step, "phase": plan.label, "epoch": plan.epoch(index)}
            raise Interrupted()

    def _position(self, plan: Plan, index: int) -> dict:
        if index + 1 >= plan.total:
            return {"phase": self.phase_index + 1, "index": 0, "step": self.step}
        return {"phase": self.phase_index, "index": index + 1, "step": self.step}

    def _log(self, values: dict[str, float], step: int, plan: Plan, index: int) -> None:
        self.step = step
        record = {"step": step, "epoch": plan.epoch(index), "phase": plan.label, **values}
        self.rundir.log(record)
        self.progress.update(plan, index, values)
        if self.tuner is None:  # while auto tries thread counts, slow windows are expected
            self.watch.observe(step, plan.label)

    def _log_grad_norms(self, params: dict, step: int, plan: Plan) -> None:
        network = self.session.rt.network(params["network"])
        norms = {f"train/grad_norm/{k}": v for k, v in gradient_norms(network, of="bias").items()}
        if norms:
            self.rundir.log(
                {"step": step, "epoch": self.session.stream.epoch, "phase": plan.label, **norms}
            )

    def _evaluate(self) -> dict[str, float]:
        # Rank 0 evaluates (evaluation never changes parameters); every rank joins best.pt.
        metrics = self._evaluate_here() if self.rundir.writer else {}
        self._maybe_best(metrics)
        if metrics and self.on_evaluate is not None and self.on_evaluate(self.step, metrics):
            self.stop = True
        return metrics

    def _evaluate_here(self) -> dict[str, float]:
        cfg = self.spec.evaluate
        metrics = evaluate(self.session, cfg.metrics, cfg.splits)
        if metrics:
            self.rundir.log(
                {
                    "step": self.step,
                    "epoch": self.session.stream.epoch,
                    "phase": self.current_phase,
                    **metrics,
                }
            )
            self.progress.note(metrics)
        self.last_metrics = metrics
        return metrics

    def _stop_early(self, metrics: dict[str, float], step: int) -> None:
        """Raise ``StopEarly`` where the watched metric ran out of patience (rank 0 decides)."""
        if self.early is None:
            return
        stop = self.patience.observe(self.early, metrics.get(self.early.watch), step)
        if distributed.from_rank0(stop, self.world, self.session.rt.device):
            self.patience.stopped = step
            raise StopEarly()

    def _restore_best(self, metrics: dict[str, float]) -> dict[str, float]:
        """Load best.pt's weights (unless they are the last ones) and evaluate them."""
        path = self.rundir.checkpoints / "best.pt"
        if not path.is_file():
            return metrics
        payload = load_checkpoint(path)
        if payload["position"]["step"] == self.step:
            return metrics
        for name, module in self.session.rt.networks.items():
            module.load_state_dict(payload["networks"][name])
        self.restored = payload["position"]["step"]
        return self._evaluate_here() if self.rundir.writer else {}

    def _watched(self) -> tuple[str | None, str]:
        """best.pt's metric and mode: outputs.checkpoints', else early stopping's."""
        watch = self.spec.outputs.checkpoints
        if watch.watch is None and self.early is not None:
            return self.early.watch, self.early.mode
        return watch.watch, watch.mode

    def _maybe_best(self, metrics: dict[str, float]) -> None:
        name, mode = self._watched()
        if not name:
            return
        value = metrics.get(name)
        better = value is not None and (
            self.best is None or (value > self.best if mode == "max" else value < self.best)
        )
        # Only rank 0 has the metrics; its verdict makes every rank join the checkpoint.
        if distributed.from_rank0(better, self.world, self.session.rt.device):
            self.best = value
            self._checkpoint(self._now(), name="best.pt")

    def _now(self) -> dict:
        return {"phase": self.phase_index, "index": 0, "step": self.step}

    def _checkpoint(self, position: dict, name: str = "last.pt") -> None:
        """Every rank calls this at the same step: ``capture`` gathers each rank's RNG state."""
        payload = capture(
            self.session, position, self.spec.plain(), self.best, self.patience.state_dict()
        )
        if self.rundir.writer:
            save_atomic(payload, self.rundir.checkpoints / name)
        if name == "last.pt":
            self.saved_at, self.due = monotonic(), False


__all__ = ["Interrupted", "ScheduleRunner"]
