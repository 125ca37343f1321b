"""Shared helpers for the compiled-loss tests: a tiny runtime and normalised noise entries."""

from __future__ import annotations

import pytest
import torch
from torch import Tensor, nn

from nnspec.train.runtime import Runtime

torch.set_num_threads(1)  # the CI machine is shared; these tensors are tiny
SEED = 7


def runtime(
    networks: dict[str, nn.Module], x: Tensor, y: Tensor | None = None, classes: int | None = None
) -> Runtime:
    """A CPU runtime over ``networks`` whose train split is (x, y), generator seeded with SEED."""
    return Runtime(
        spec={},
        networks=networks,
        splits={"train": (x, y)},
        device=torch.device("cpu"),
        generator=torch.Generator().manual_seed(SEED),
        classes=classes,
    )


def twin(rt: Runtime) -> torch.Generator:
    """A generator in the runtime's current state, to replay its next draws by hand."""
    g = torch.Generator()
    g.set_state(rt.generator.get_state())
    return g


@pytest.fixture
def make_rt():
    return runtime


@pytest.fixture
def replay():
    return twin


def no_grads(module: nn.Module) -> bool:
    return all(p.grad is None for p in module.parameters())


def all_grads(module: nn.Module) -> bool:
    return all(p.grad is not None and p.grad.abs().sum() > 0 for p in module.parameters())


@pytest.fixture
def grads():
    """(no_grads, all_grads) checks on a module's parameters after a backward pass."""
    return no_grads, all_grads
