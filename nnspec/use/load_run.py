"""``nnspec.load_run(DIR)``: a finished run's spec and trained modules, ready to use.

Two ways to rebuild a run. ``load_run`` compiles the networks and losses around an
empty train split shaped as run_state.json records, so predicting needs neither the
training data nor their files. ``rebuild`` prepares the run exactly as ``nnspec run``
did (the same seeded data, splits and transforms), which evaluating on the run's
splits needs, and which older run directories without run_state.json need anyway.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import torch

from nnspec.errors import CheckpointError, RunError, UsageError
from nnspec.nn.graph import upgrade_payload
from nnspec.spec.pipeline import ResolvedSpec, resolve
from nnspec.train.checkpoint import load_checkpoint
from nnspec.train.checkpoint_check import check_tensors
from nnspec.train.session import Session
from nnspec.use.state import read_run_state

CHECKPOINTS = ("last", "best")


@dataclass
class LoadedRun:
    """A run directory's resolved spec and its modules with trained weights (eval mode)."""

    path: Path
    resolved: ResolvedSpec
    session: Session
    state: dict  # run_state.json, or what rebuilding found for an older run directory
    checkpoint: Path

    @property
    def spec(self) -> dict:
        return self.resolved.plain()

    @property
    def modules(self) -> dict[str, torch.nn.Module]:
        return self.session.rt.networks

    def predict(self, inputs, network: str | None = None) -> dict:
        """Predictions for raw inputs (an array or tensor shaped like the spec's data).

        The run's transforms are applied first; returns ``{"outputs": ...}`` plus
        ``probabilities`` and ``labels`` for a classifier (see nnspec.use.predict).
        """
        from nnspec.use.predict import predict

        return predict(self, inputs, network)


def load_run(
    path: str | Path, checkpoint: str = "last", device: str = "cpu", full: bool = False
) -> LoadedRun:
    """Load a run directory; ``full`` also reloads its data splits (for evaluate)."""
    path = Path(path)
    resolved = run_spec(path)
    ckpt = checkpoint_path(path, checkpoint)
    payload = load_checkpoint(ckpt)
    state = read_run_state(path)
    if full or state is None:
        session = rebuild(resolved, state, torch.device(device))
        state = state or _found_state(session)
    else:
        from nnspec.use.light import light_session

        session = light_session(resolved, state, torch.device(device))
    load_weights(session, payload, ckpt)
    for module in session.rt.networks.values():
        module.eval()
    return LoadedRun(path, resolved, session, state, ckpt)


def run_spec(path: Path) -> ResolvedSpec:
    """The run's resolved spec.yaml, with the run directory checked first."""
    if not path.is_dir():
        raise UsageError(f"{path} is not a run directory: no such directory")
    if not (path / "spec.yaml").is_file():
        raise UsageError(f"{path} is not a run directory: it has no spec.yaml (nnspec run --out)")
    state = read_run_state(path)
    data_dir = state["spec_dir"] if state else None  # data files are the run spec's folder's
    return resolve(path / "spec.yaml", data_dir=data_dir)


def checkpoint_path(path: Path, which: str) -> Path:
    """checkpoints/best.pt or last.pt (last: the weights summary.json's metrics were taken of)."""
    if which not in CHECKPOINTS:
        raise UsageError(f"--checkpoint must be best or last, got {which!r}")
    ckpt = path / "checkpoints" / f"{which}.pt"
    if not ckpt.is_file():
        why = " (only a run whose outputs.checkpoints.watch names a metric keeps one)"
        raise RunError(f"{path} has no {which} checkpoint, {ckpt}" + (why * (which == "best")))
    return ckpt


def rebuild(resolved: ResolvedSpec, state: dict | None, device: torch.device) -> Session:
    """The run's session as ``nnspec run`` prepared it, data paths from the spec's folder."""
    from nnspec.train.prepare import prepare

    spec_dir = Path(state["spec_dir"]) if state else Path.cwd()
    moved = dataclasses.replace(resolved, path=spec_dir / "spec.yaml")
    smoke = bool(state and state["smoke"])
    session, _ = prepare(moved, device, smoke)
    return session


def _found_state(session: Session) -> dict:
    from nnspec.use.state import describe_run

    return describe_run(session.rt)


def load_weights(session: Session, payload: dict, ckpt: Path) -> None:
    """The checkpoint's networks and loss states (persistent chains), checked first."""
    upgrade_payload(session.rt.networks, payload)  # a conditional run from before graphs
    for name, module in session.rt.networks.items():
        what = f"{ckpt}: networks.{name}"
        saved = payload["networks"].get(name) if isinstance(payload["networks"], dict) else None
        check_tensors(what, saved, module.state_dict())
        _load(what, module.load_state_dict, saved)
    for name, loss in session.losses.items():
        _load(f"{ckpt}: losses.{name}", loss.load_state_dict, payload.get("losses", {}).get(name))


def _load(what: str, load, state: object) -> None:
    try:
        load(state if state is not None else {})
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{what}: {str(exc).strip().splitlines()[0]}") from None
