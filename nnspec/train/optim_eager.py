"""torch's optimizers without torch's compiler: the same arithmetic, none of dynamo's import.

In torch 2.13 an optimizer's ``add_param_group`` (so its constructor), ``state_dict``,
``load_state_dict`` and ``zero_grad`` are wrapped in ``torch._disable_dynamo``, whose
first call imports ``torch._dynamo``: about 1.1 s on this project's machines, as long as
``import torch`` itself, and a tenth of a small spec's whole ``nnspec run``. ``step`` is
wrapped to import it too, and to place two graph breaks and a profiler range around
every update. The wrappers keep dynamo from tracing into the optimizer when it is
called from compiled code; nnspec calls its optimizers only from eager Python (even
with ``run.compile: true`` it compiles the networks' forwards), so it can call the
wrapped functions directly (``inspect.unwrap``): the same code, state and results.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import torch
from torch.optim import optimizer as torch_optimizer

# Optimizer methods that torch wraps in _disable_dynamo (see the module docstring).
UNWRAPPED = ("add_param_group", "state_dict", "load_state_dict", "zero_grad")


@functools.cache
def eager(cls: type[torch.optim.Optimizer]) -> type[torch.optim.Optimizer]:
    """``cls`` with its dynamo-disabling wrappers taken off; named as ``cls``, for messages."""
    namespace = {name: inspect.unwrap(getattr(cls, name)) for name in UNWRAPPED}
    namespace["eager_of"] = cls  # what it stands for, for code that asks for a class
    return type(cls.__name__, (cls,), {**namespace, "__module__": cls.__module__})


def kind_of(optimizer: torch.optim.Optimizer) -> type[torch.optim.Optimizer]:
    """The torch class an optimizer is (``torch.optim.SGD`` for ``eager(SGD)``'s instances)."""
    return getattr(type(optimizer), "eager_of", type(optimizer))


def step_rule(optimizer: torch.optim.Optimizer) -> Callable[[], None]:
    """One update, as ``optimizer.step()`` makes it, without its wrappers where none is needed.

    Step hooks (torch's global ones, which a plugin may register, or the optimizer's own)
    run only inside the wrapper, so with any hook the wrapped ``step`` is kept.
    """
    if needs_wrapper(optimizer):
        return optimizer.step
    update = inspect.unwrap(type(optimizer).step)
    return functools.partial(_step, update, optimizer)


def _step(update: Callable, optimizer: torch.optim.Optimizer) -> None:
    # An LR scheduler checks that the optimizer stepped before it does; its own
    # wrapper of ``step``, which we pass by, would have noted it here.
    optimizer._opt_called = True
    with torch.no_grad():  # what the wrapper sets for an optimizer that is not differentiable
        update(optimizer)


def needs_wrapper(optimizer: torch.optim.Optimizer) -> bool:
    """Whether ``step``'s wrapper does something here: a differentiable optimizer keeps
    autograd on, and step hooks run only inside it (a torch without these registries
    counts as having hooks)."""
    if any(group.get("differentiable") for group in optimizer.param_groups):
        return True
    registries = (
        getattr(torch_optimizer, "_global_optimizer_pre_hooks", None),
        getattr(torch_optimizer, "_global_optimizer_post_hooks", None),
        getattr(optimizer, "_optimizer_step_pre_hooks", None),
        getattr(optimizer, "_optimizer_step_post_hooks", None),
    )
    return any(registry is None or len(registry) > 0 for registry in registries)
