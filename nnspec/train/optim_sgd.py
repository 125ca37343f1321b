"""torch.optim.SGD's update through torch's functional ``sgd``, for steppers that own the call.

``Optimizer.step`` wraps every update in a profiler range, the step-hook loops and
a grad-mode switch with two dynamo graph breaks: about 7 µs a step on CPU, more than
the arithmetic of a small model's update (an RBM's three ``add_`` take 5.5 µs), and
most of what separated a CD step from scikit-learn's. A stepper that builds its own
SGD loses nothing by calling torch's documented functional API instead, which exists
for callers that hold the state: the arithmetic is torch's own code path, and the
momentum buffers stay in ``optimizer.state`` where ``SGD.step`` keeps them, so
``state_dict``, checkpoints and momentum schedules see no difference. Only the
``Optimizer.step#SGD.step`` profiler range is gone. Where something else relies on
``step`` being called (an LR scheduler wraps it; a plugin may register torch's
global step hooks), the stepper calls ``step``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import torch
from torch.optim.sgd import sgd

from nnspec.train.optim_eager import kind_of, needs_wrapper, step_rule


def update_rule(optimizer: torch.optim.Optimizer, scheduled: bool) -> Callable[[], None]:
    """What a stepper calls to update: the functional form for a plain SGD, else ``step``
    without its wrappers (nnspec.train.optim_eager).

    ``scheduled``: an LR scheduler is attached, which counts ``step`` calls.
    """
    plain = kind_of(optimizer) is torch.optim.SGD and not any(
        group["fused"] or group["differentiable"] for group in optimizer.param_groups
    )
    if plain and not scheduled and not needs_wrapper(optimizer):
        return partial(sgd_step, optimizer)
    return step_rule(optimizer)


def sgd_step(optimizer: torch.optim.SGD) -> None:
    """One ``SGD.step`` over the parameters that have a gradient, as torch's step makes it."""
    with torch.no_grad():
        for group in optimizer.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            momentum, state = group["momentum"], optimizer.state
            buffers = [state[p].get("momentum_buffer") for p in params] if momentum else []
            sgd(
                params,
                grads,
                buffers,  # a missing buffer (None) is started in this list
                has_sparse_grad=any(grad.is_sparse for grad in grads),
                foreach=group["foreach"],
                fused=group["fused"],  # None (not False): lets torch pick foreach on CUDA
                weight_decay=group["weight_decay"],
                momentum=momentum,
                lr=group["lr"],
                dampening=group["dampening"],
                nesterov=group["nesterov"],
                maximize=group["maximize"],
                grad_scale=getattr(optimizer, "grad_scale", None),  # set by a GradScaler
                found_inf=getattr(optimizer, "found_inf", None),
            )
            if momentum:
                for param, buffer in zip(params, buffers, strict=True):
                    state[param]["momentum_buffer"] = buffer
