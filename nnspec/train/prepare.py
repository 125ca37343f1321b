"""From a resolved spec to a ready session: seeds, device, data, modules, losses, plans."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import torch

from nnspec.compiler import compile_networks
from nnspec.data import load_data
from nnspec.data.batches import BatchStream
from nnspec.data.mapped import Rows
from nnspec.data.streamed import MappedSplit, streamed_stream
from nnspec.data.transfer import to_device
from nnspec.plugins import load_builders
from nnspec.registry.datasets import dataset_info
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.spec.typed import Phase
from nnspec.train import planners as _planners  # noqa: F401  (registers the planners)
from nnspec.train.distributed import World, average_gradients, broadcast_modules, per_rank_batch
from nnspec.train.plan import Plan, optimizer_epoch_steps, optimizer_steps, planner
from nnspec.train.precision import Precision
from nnspec.train.runtime import Runtime
from nnspec.train.session import Session, build_losses, build_named_steppers


def pick_device(choice: str) -> torch.device:
    if choice == "cuda" or (choice == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def seed_everything(seed: int, deterministic: bool, compiled: bool = False) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if deterministic:
        deterministic_algorithms(compiled)


def deterministic_algorithms(compiled: bool) -> None:
    """torch's deterministic mode, without importing the compiler when nothing is compiled.

    ``torch.use_deterministic_algorithms`` also sets inductor's ``deterministic`` option,
    and importing inductor for that (with dynamo and sympy) costs about 1.8 s of a
    10 s command. Only a compiled run needs that option; an eager one needs the flag.
    """
    if compiled or "torch._inductor.config" in sys.modules:
        torch.use_deterministic_algorithms(True, warn_only=True)
    else:
        torch._C._set_deterministic_algorithms(True, warn_only=True)


def _tensor_splits(arrays: dict, device: torch.device) -> dict:
    out = {}
    for split, data in arrays.items():
        y = data.get("y")
        x = data["x"]
        out[split] = (
            MappedSplit(x, device)
            if isinstance(x, Rows)
            else to_device(torch.as_tensor(x), device),
            None if y is None else to_device(torch.as_tensor(y), device),
        )
    return out


def prepare(
    resolved: ResolvedSpec, device: torch.device, smoke: bool, world: World | None = None
) -> tuple[Session, list[Plan]]:
    """Build everything a run needs, deterministically from the spec's seed."""
    world = world or World()
    load_builders()
    spec = resolved.typed
    seed_everything(spec.seed, spec.run.deterministic, spec.run.compile)
    rt = _runtime(resolved, device, smoke, world)
    if spec.run.compile:
        rt.compiled = {
            name: torch.compile(module)
            for name, module in rt.networks.items()
            if any(True for _ in module.parameters())
        }
    session = Session(rt, _stream(rt, world))
    session.losses = build_losses(rt)
    per_epoch = len(session.stream)
    session.steppers = build_named_steppers(
        rt, optimizer_steps(spec, per_epoch), optimizer_epoch_steps(spec, per_epoch)
    )
    plans = [_plan(phase, i, session) for i, phase in enumerate(spec.schedule)]
    session.precision = Precision.of(spec.run.precision, device, session.steppers)
    if world.size > 1:
        for stepper in session.steppers.values():
            stepper.reduce = average_gradients
    return session, plans


def _runtime(resolved: ResolvedSpec, device: torch.device, smoke: bool, world: World) -> Runtime:
    spec = resolved.typed
    base_dir = Path(resolved.path).parent
    fitted: list[dict] = []  # kept in the run directory, for evaluate and predict
    arrays = load_data(spec.data, spec.seed, base_dir, fitted)
    input_shapes = {name: shape.input for name, shape in resolved.shapes.items()}
    networks = {n: m.to(device) for n, m in compile_networks(spec.networks, input_shapes).items()}
    broadcast_modules(networks, world)
    # Each process draws its own noise; rank 0 draws what a single process would.
    generator = torch.Generator(device=device).manual_seed(spec.seed + 1 + 7919 * world.rank)
    classes = dataset_info(spec.data.dataset.plain())["classes"]
    splits = _tensor_splits(arrays, device)
    rt = Runtime(
        spec, networks, splits, device, generator, classes, base_dir, smoke, world.rank, world.size
    )
    rt.fitted = fitted
    return rt


def _stream(rt: Runtime, world: World) -> BatchStream:
    data, seed = rt.spec.data, rt.spec.seed
    x, y = rt.splits["train"]
    batch = per_rank_batch(data.batch_size, world)
    if isinstance(x, MappedSplit):  # data.stream: read from the files batch by batch
        kw = {"batch_size": batch, "shuffle": data.shuffle, "drop_last": data.drop_last}
        kw |= {"seed": seed, "rank": world.rank, "world_size": world.size}
        return streamed_stream(x, y, data.workers, **kw)
    return BatchStream(x, y, batch, data.shuffle, data.drop_last, seed, world.rank, world.size)


def _plan(phase: Phase, index: int, session: Session) -> Plan:
    label = phase.phase or (phase.kind if index == 0 else f"{phase.kind}{index}")
    plan = planner(phase.kind)(phase, label, session)
    plan.frozen = frozenset(phase.freeze)  # left as they are all phase
    return plan
