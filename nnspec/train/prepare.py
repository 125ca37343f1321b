"""From a resolved spec to a ready session: seeds, device, data, modules, losses, plans."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch

from nnspec.compile import compile_networks
from nnspec.data import load_data
from nnspec.data.batches import BatchStream
from nnspec.registry.datasets import dataset_info
from nnspec.spec.phases import phase_kind
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.train import phases as _phases  # noqa: F401  (registers the planners)
from nnspec.train.plan import PLANNERS, Plan
from nnspec.train.runtime import Runtime
from nnspec.train.session import Session, build_losses, build_named_steppers


def pick_device(choice: str) -> torch.device:
    if choice == "cuda" or (choice == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def seed_everything(seed: int, deterministic: bool) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)


def _tensor_splits(arrays: dict, device: torch.device) -> dict:
    out = {}
    for split, data in arrays.items():
        y = data.get("y")
        out[split] = (
            torch.as_tensor(data["x"], device=device),
            None if y is None else torch.as_tensor(y, device=device),
        )
    return out


def prepare(
    resolved: ResolvedSpec, device: torch.device, smoke: bool, rank: int = 0, world_size: int = 1
) -> tuple[Session, list[Plan]]:
    """Build everything a run needs, deterministically from the spec's seed."""
    spec = resolved.plain()
    seed_everything(spec["seed"], spec["run"]["deterministic"])
    arrays = load_data(spec["data"], spec["seed"], Path(resolved.path).parent)
    input_shapes = {name: shape.input for name, shape in resolved.shapes.items()}
    networks = {n: m.to(device) for n, m in compile_networks(spec, input_shapes).items()}
    generator = torch.Generator(device=device).manual_seed(spec["seed"] + 1)
    rt = Runtime(
        spec,
        networks,
        _tensor_splits(arrays, device),
        device,
        generator,
        dataset_info(spec["data"]["dataset"])["classes"],
        Path(resolved.path).parent,
        smoke,
        rank,
        world_size,
    )
    data = spec["data"]
    stream = BatchStream(
        rt.splits["train"][0],
        rt.splits["train"][1],
        data["batch_size"],
        data["shuffle"],
        data["drop_last"],
        spec["seed"],
        rank,
        world_size,
    )
    session = Session(rt, stream)
    session.losses = build_losses(rt)
    session.steppers = build_named_steppers(rt, total=_longest(spec, len(stream)))
    plans = [_plan(entry, i, session) for i, entry in enumerate(spec["schedule"])]
    return session, plans


def _plan(entry: dict, index: int, session: Session) -> Plan:
    kind = phase_kind(entry)
    label = entry["phase"] or (kind if index == 0 else f"{kind}{index}")
    return PLANNERS[kind](entry, label, session)


def _longest(spec: dict, per_epoch: int) -> int:
    # Named optimizers may serve several phases; their schedules span the longest.
    lengths = [p["steps"] or (p["epochs"] or 1) * per_epoch for p in spec["schedule"]]
    return max(lengths, default=1)
