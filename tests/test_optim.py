"""Every registered optimizer: on CPU, foreach is decided once and steps match the default."""

import pytest
import torch
from torch import nn

from nnspec.optim import FACTORIES, build_stepper
from nnspec.registry.core import REGISTRY


def options(name: str) -> dict:
    """The optimizer's declared defaults, with a learning rate where it has none."""
    kind = REGISTRY.get("optimizer", name)
    return {p.name: p.default for p in kind.params} | {"type": name, "lr": 0.01}


def parameters(seed: int = 0) -> list[nn.Parameter]:
    g = torch.Generator().manual_seed(seed)
    return [nn.Parameter(torch.randn(4, 3, generator=g)), nn.Parameter(torch.randn(3, generator=g))]


@pytest.mark.parametrize("name", REGISTRY.names("optimizer"))
def test_cpu_optimizers_fix_foreach_and_step_as_the_default_does(name):
    ours, theirs = parameters(), parameters()
    stepper = build_stepper(options(name), ours, ["net"], total=10)
    default = FACTORIES[name](theirs, options(name))
    assert all(group.get("foreach", False) is False for group in stepper.optimizer.param_groups)
    for _ in range(3):
        for params, optimizer in ((ours, stepper.optimizer), (theirs, default)):
            for p in params:
                p.grad = p.detach() * 0.5 + 1.0  # a deterministic gradient of the weights
            optimizer.step()
    assert all(torch.equal(a, b) for a, b in zip(ours, theirs, strict=True))
