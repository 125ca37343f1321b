"""A session without the training data: modules and losses around an empty train split.

Predicting and exporting need the networks, and the losses that say how a generator
samples (its noise, its conditioning) and what a classifier's outputs mean, but not
the examples. The empty split carries the examples' shape and dtype from run_state.json.
"""

from __future__ import annotations

from pathlib import Path

import torch

from nnspec.compiler import compile_networks
from nnspec.data.batches import BatchStream
from nnspec.plugins import load_builders
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.train.runtime import Runtime
from nnspec.train.session import Session, build_losses


def empty_split(state: dict, device: torch.device) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Zero examples of the shapes and dtypes the run trained on."""
    x = torch.empty((0, *state["x"]["shape"]), dtype=getattr(torch, state["x"]["dtype"]))
    y = state["y"]
    if y is not None:
        y = torch.empty((0, *y["shape"]), dtype=getattr(torch, y["dtype"]), device=device)
    return x.to(device), y


def light_session(resolved: ResolvedSpec, state: dict, device: torch.device) -> Session:
    """The run's networks (freshly built; the caller loads weights) and losses."""
    load_builders()
    spec = resolved.typed
    torch.manual_seed(spec.seed)  # initial weights are overwritten, but deterministically
    shapes = {name: shape.input for name, shape in resolved.shapes.items()}
    networks = {n: m.to(device) for n, m in compile_networks(spec.networks, shapes).items()}
    generator = torch.Generator(device=device).manual_seed(spec.seed + 1)
    split = empty_split(state, device)
    rt = Runtime(
        spec, networks, {"train": split}, device, generator, state["classes"],
        Path(state["spec_dir"]), state["smoke"],
    )  # fmt: skip
    rt.fitted = state["transforms"]
    session = Session(rt, _no_stream(split))
    session.losses = build_losses(rt)
    return session


def _no_stream(split: tuple) -> BatchStream:
    """A stream over one placeholder example: nothing draws from it outside training."""
    x, y = split
    one = torch.zeros((1, *x.shape[1:]), dtype=x.dtype, device=x.device)
    label = None if y is None else torch.zeros((1, *y.shape[1:]), dtype=y.dtype, device=y.device)
    return BatchStream(one, label, 1, False, False, 0)
