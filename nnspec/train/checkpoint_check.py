"""Does a checkpoint fit a freshly prepared session? Checked before anything is loaded.

Each check names the part that does not fit (``networks.G: '0.weight' has shape
[128, 2], the spec builds [64, 2]``), so a tampered, truncated-by-hand or foreign
checkpoint is refused with a reason instead of failing somewhere inside torch.
"""

from __future__ import annotations

import torch
from torch import Tensor

from nnspec.errors import CheckpointError
from nnspec.nn.graph import upgrade_payload
from nnspec.train.plan import Plan
from nnspec.train.session import Session
from nnspec.words import a


def check_fits(session: Session, plans: list[Plan], payload: dict, world_size: int) -> None:
    """Raise ``CheckpointError`` naming the first part of ``payload`` that does not fit."""
    check_position(payload["position"], plans)
    check_best(payload.get("best"))
    upgrade_payload(session.rt.networks, payload)  # a conditional run from before graphs
    fresh = {n: m.state_dict() for n, m in session.rt.networks.items()}
    _check_names("networks", payload["networks"], fresh)
    for name, state in fresh.items():
        check_tensors(f"networks.{name}", payload["networks"][name], state)
    _check_names("optimizers", payload["optimizers"], session.steppers)
    for key, stepper in session.steppers.items():
        check_optimizer(f"optimizers.{key}", payload["optimizers"][key], stepper.optimizer)
    scheduled = {k: s.scheduler for k, s in session.steppers.items() if s.scheduler is not None}
    _check_names("schedulers", payload.get("schedulers", {}), scheduled)
    for key, scheduler in scheduled.items():
        _check_names(f"schedulers.{key}", payload["schedulers"][key], scheduler.state_dict())
    _check_names("losses", payload.get("losses", {}), session.losses)
    for name in session.losses:
        _check_mapping(f"losses.{name}", payload["losses"][name])  # a loss checks its own keys
    for label in set(session.phases) & set(payload.get("phases", {})):
        _check_mapping(f"phases.{label}", payload["phases"][label])  # a phase checks the rest
    problem = session.stream.state_problem(payload["stream"])
    if problem:
        raise CheckpointError(f"stream: {problem}")
    check_rng(payload, session, world_size)


def saved_world_size(payload: dict) -> int:
    """How many processes wrote ``payload`` (older checkpoints: as their stream says)."""
    stream = payload.get("stream")
    fallback = stream.get("world_size", 1) if isinstance(stream, dict) else 1
    return payload.get("world_size", fallback)


def check_world(payload: dict, world_size: int) -> None:
    """Each rank's data share and noise depend on the process count: it must not change."""
    saved = saved_world_size(payload)
    if saved != world_size:
        raise CheckpointError(
            f"was written by {_processes(saved)} and this run has {_processes(world_size)}; "
            f"resume with the same number (torchrun --nproc_per_node={saved}): each process's "
            "share of the data and its noise depend on it"
        )


def _processes(count: object) -> str:
    return "1 process" if count == 1 else f"{count} processes"


def check_best(best: object) -> None:
    """The watched metric's best value so far: a number, or None (none yet, or an older run)."""
    if best is not None and (isinstance(best, bool) or not isinstance(best, int | float)):
        raise CheckpointError(f"best: {best!r} is not a number")


def check_position(position: object, plans: list[Plan]) -> None:
    """A position is where the schedule stopped: a phase, an update in it, the global step."""
    if not isinstance(position, dict) or set(position) != {"phase", "index", "step"}:
        raise CheckpointError(f"position: {position!r} is not {{phase, index, step}}")
    for key, value in position.items():
        if type(value) is not int or value < 0:
            raise CheckpointError(f"position: {key} is {value!r}, not a whole number >= 0")
    phase, index = position["phase"], position["index"]
    if phase > len(plans):
        raise CheckpointError(
            f"position: phase {phase} is past the end of the schedule ({len(plans)} phases)"
        )
    length = plans[phase].total if phase < len(plans) else 1
    if index >= length:
        raise CheckpointError(f"position: update {index} is past phase {phase}'s {length} updates")
    step = sum(plan.total for plan in plans[:phase]) + index
    if position["step"] != step:
        raise CheckpointError(
            f"position: step {position['step']} is not where phase {phase}, update {index} "
            f"falls (step {step})"
        )


def _check_mapping(what: str, saved: object) -> None:
    if not isinstance(saved, dict):
        raise CheckpointError(f"{what}: a mapping expected, found {type(saved).__name__}")


def _check_names(what: str, saved: object, current: dict) -> None:
    _check_mapping(what, saved)
    missing = sorted(map(str, set(current) - set(saved)))
    extra = sorted(map(str, set(saved) - set(current)))
    if missing:
        raise CheckpointError(f"{what}: {_quoted(missing)} missing")
    if extra:
        raise CheckpointError(f"{what}: {_quoted(extra)} not in this spec")


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def check_tensors(what: str, saved: object, fresh: dict[str, Tensor]) -> None:
    """The same keys, each a tensor of the shape the spec builds."""
    _check_names(what, saved, fresh)
    for key, tensor in fresh.items():
        value = saved[key]
        if not isinstance(value, Tensor):
            raise CheckpointError(f"{what}: '{key}' holds {type(value).__name__}, not a tensor")
        if value.shape != tensor.shape:
            raise CheckpointError(
                f"{what}: '{key}' has shape {list(value.shape)}, "
                f"the spec builds {list(tensor.shape)}"
            )


def check_optimizer(what: str, saved: object, optimizer: torch.optim.Optimizer) -> None:
    """The same parameter groups and sizes, and per-parameter state shaped like each parameter."""
    fresh = optimizer.state_dict()
    _check_names(what, saved, fresh)
    groups, state = saved["param_groups"], saved["state"]
    if not isinstance(groups, list) or len(groups) != len(fresh["param_groups"]):
        count = len(groups) if isinstance(groups, list) else repr(groups)
        raise CheckpointError(
            f"{what}: has {count} parameter groups, the spec builds {len(fresh['param_groups'])}"
        )
    ids: list = []
    for number, (group, mine) in enumerate(zip(groups, optimizer.param_groups, strict=True)):
        params = group.get("params") if isinstance(group, dict) else None
        if not isinstance(params, list) or len(params) != len(mine["params"]):
            count = len(params) if isinstance(params, list) else repr(params)
            raise CheckpointError(
                f"{what}: group {number} has {count} parameters, the spec builds "
                f"{len(mine['params'])}"
            )
        _check_options(f"{what}: group {number}", group, fresh["param_groups"][number])
        ids += params
    # An optimizer whose state is not shaped like its parameters (the EKF's covariance)
    # says what shapes it keeps: ``state_shapes(param) -> {name: shape}``.
    shapes = getattr(optimizer, "state_shapes", lambda param: {})
    _check_optimizer_state(what, state, dict(zip(ids, _params(optimizer), strict=True)), shapes)


def _check_options(what: str, saved: dict, fresh: dict) -> None:
    """The same options, each of the kind torch set (a number stays a number)."""
    _check_names(what, saved, fresh)
    for key, value in fresh.items():
        if _kind(saved[key]) != _kind(value):
            raise CheckpointError(f"{what}: '{key}' is {saved[key]!r}, not {_kind(value)}")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, int | float):
        return "a number"
    return "None" if value is None else a(type(value).__name__)


def _params(optimizer: torch.optim.Optimizer) -> list[Tensor]:
    return [p for group in optimizer.param_groups for p in group["params"]]


def _check_optimizer_state(what: str, state: object, params: dict, shapes) -> None:
    if not isinstance(state, dict):
        raise CheckpointError(f"{what}: state is a {type(state).__name__}, not a mapping")
    for key, entry in state.items():
        if key not in params or not isinstance(entry, dict):
            raise CheckpointError(f"{what}: state for parameter {key!r} matches no parameter")
        own = shapes(params[key])
        for name, value in entry.items():
            shape = own.get(name, params[key].shape)
            if isinstance(value, Tensor) and value.dim() > 0 and value.shape != shape:
                raise CheckpointError(
                    f"{what}: '{name}' of parameter {key} has shape {list(value.shape)}, "
                    f"the parameter has {list(shape)}"
                )


def check_rng(payload: dict, session: Session, world_size: int) -> None:
    """RNG states as torch keeps them: byte tensors of the size the generators expect."""
    _check_rng_pair("rng", payload["rng"], session)
    if world_size > 1:
        by_rank = payload.get("rng_by_rank")
        if not isinstance(by_rank, list) or len(by_rank) != world_size:
            raise CheckpointError(f"rng_by_rank: one RNG state per process expected ({world_size})")
        for rank, pair in enumerate(by_rank):
            _check_rng_pair(f"rng_by_rank[{rank}]", pair, session)


def _check_rng_pair(what: str, saved: object, session: Session) -> None:
    fresh = {"torch": torch.get_rng_state(), "generator": session.rt.generator.get_state()}
    _check_names(what, saved, fresh)
    for key, state in fresh.items():
        value = saved[key]
        if (
            not isinstance(value, Tensor)
            or value.dtype != state.dtype
            or value.shape != state.shape
        ):
            found = (
                f"a {value.dtype} tensor of shape {list(value.shape)}"
                if isinstance(value, Tensor)
                else a(type(value).__name__)
            )
            raise CheckpointError(
                f"{what}.{key}: a {state.dtype} tensor of shape {list(state.shape)} expected, "
                f"found {found}"
            )
