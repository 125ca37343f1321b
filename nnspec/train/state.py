"""Everything a resume restores: weights, optimizers, loss state, data order, RNG, position."""

from __future__ import annotations

import torch

from nnspec.errors import CheckpointError
from nnspec.train.session import Session


def capture(session: Session, position: dict, spec: dict) -> dict:
    """A checkpoint payload of tensors and plain containers only."""
    rt = session.rt
    return {
        "format": 1,
        "spec": spec,
        "position": position,
        "networks": {n: m.state_dict() for n, m in rt.networks.items()},
        "optimizers": {k: s.optimizer.state_dict() for k, s in session.steppers.items()},
        "schedulers": {
            k: s.scheduler.state_dict()
            for k, s in session.steppers.items()
            if s.scheduler is not None
        },
        "losses": {n: loss.state_dict() for n, loss in session.losses.items()},
        "stream": session.stream.state_dict(),
        "rng": {"torch": torch.get_rng_state(), "generator": rt.generator.get_state()},
    }


def restore(session: Session, payload: dict) -> dict:
    """Load a payload into a freshly prepared session; returns the saved position."""
    rt = session.rt
    _same_keys("networks", payload["networks"], rt.networks)
    for name, module in rt.networks.items():
        module.load_state_dict(payload["networks"][name])
    _same_keys("optimizers", payload["optimizers"], session.steppers)
    for key, stepper in session.steppers.items():
        stepper.optimizer.load_state_dict(payload["optimizers"][key])
        if stepper.scheduler is not None:
            stepper.scheduler.load_state_dict(payload["schedulers"][key])
    for name, loss in session.losses.items():
        loss.load_state_dict(payload["losses"].get(name, {}))
    session.stream.load_state_dict(payload["stream"])
    torch.set_rng_state(payload["rng"]["torch"])
    rt.generator.set_state(payload["rng"]["generator"])
    return payload["position"]


def _same_keys(what: str, saved: dict, current: dict) -> None:
    if set(saved) != set(current):
        raise CheckpointError(
            f"the checkpoint's {what} ({', '.join(sorted(saved))}) do not "
            f"match this spec's ({', '.join(sorted(current))})"
        )
