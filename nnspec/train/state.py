"""Everything a resume restores: weights, optimizers, loss state, data order, RNG, position.

Under torchrun every rank calls ``capture`` at the same step (it gathers each
rank's RNG state into rank 0's checkpoint) and ``restore`` on resume (each rank
takes back its own RNG state; weights, optimizer and stream states are alike on
every rank).
"""

from __future__ import annotations

import torch

from nnspec.errors import CheckpointError
from nnspec.train import distributed
from nnspec.train.session import Session


def capture(
    session: Session,
    position: dict,
    spec: dict,
    best: float | None = None,
    early: dict | None = None,
) -> dict:
    """A checkpoint payload of tensors and plain containers only (collective under torchrun).

    ``best`` is the best value of the watched metric so far: a resumed run compares its
    evaluations with it, so it overwrites best.pt only with a better one. ``early``:
    early stopping's state, so a resumed run stops where an unbroken one does.
    """
    rt = session.rt
    rng = {"torch": torch.get_rng_state(), "generator": rt.generator.get_state()}
    world = distributed.World(rt.rank, rt.world_size)
    return {
        "format": 1,
        "spec": spec,
        "position": position,
        "best": best,
        "early_stopping": early,
        "world_size": rt.world_size,
        "networks": {n: m.state_dict() for n, m in rt.networks.items()},
        "optimizers": {k: s.optimizer.state_dict() for k, s in session.steppers.items()},
        "schedulers": {
            k: s.scheduler.state_dict()
            for k, s in session.steppers.items()
            if s.scheduler is not None
        },
        "losses": {n: loss.state_dict() for n, loss in session.losses.items()},
        "phases": {label: phase.state_dict() for label, phase in session.phases.items()},
        "scalers": session.precision.state_dict(),  # fp16's loss scales; {} otherwise
        "stream": session.stream.state_dict(),
        "rng": rng,
        "rng_by_rank": distributed.gather(rng, world) if rt.world_size > 1 else [],
    }


def restore(session: Session, payload: dict) -> dict:
    """Load a payload that ``check_fits`` accepted into a fresh session; returns the position,
    with the best watched value so far under ``best`` (None in a checkpoint older than it).

    torch still checks what a shape check cannot (an optimizer's group options, a
    loss's own state); its error is reported under the part that carried it.
    """
    rt = session.rt
    for name, module in rt.networks.items():
        _load(f"networks.{name}", module.load_state_dict, payload["networks"][name])
    for key, stepper in session.steppers.items():
        _load(f"optimizers.{key}", stepper.optimizer.load_state_dict, payload["optimizers"][key])
        if stepper.scheduler is not None:
            _load(
                f"schedulers.{key}", stepper.scheduler.load_state_dict, payload["schedulers"][key]
            )
    for name, loss in session.losses.items():
        _load(f"losses.{name}", loss.load_state_dict, payload["losses"][name])
    saved = payload.get("phases", {})  # absent before phases kept state
    for label, phase in session.phases.items():
        if label in saved:
            _load(f"phases.{label}", phase.load_state_dict, saved[label])
    _load("scalers", session.precision.load_state_dict, payload.get("scalers", {}))
    session.stream.load_state_dict(payload["stream"])
    rng = payload["rng_by_rank"][rt.rank] if rt.world_size > 1 else payload["rng"]
    _load("rng.torch", torch.set_rng_state, rng["torch"])
    _load("rng.generator", rt.generator.set_state, rng["generator"])
    return {
        **payload["position"],
        "best": payload.get("best"),
        "early_stopping": payload.get("early_stopping"),
    }


def _load(what: str, load, state: object) -> None:
    try:
        load(state)
    except (KeyError, TypeError, ValueError, IndexError, RuntimeError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(f"{what}: {detail}") from None
