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

A group with no momentum, weight decay or maximize (an RBM's plain SGD) goes one step
further: its update is ``param.add_(grad, alpha=-lr)`` for each parameter, which is
exactly what torch's single-tensor ``sgd`` does (and, as one ``_foreach_add_``, what its
multi-tensor form does), so it is made as one ``torch._foreach_add_`` with grad mode
switched off directly, without ``sgd``'s dispatch and the ``no_grad`` context (4 µs of
an RBM update's 9).
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
    if _bare(optimizer) and _bare_step(optimizer.param_groups[0]):
        return
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


def _bare(optimizer: torch.optim.SGD) -> bool:
    """One group whose update is ``p -= lr * grad`` alone (no momentum, decay, maximize, scaler)."""
    if len(optimizer.param_groups) != 1 or hasattr(optimizer, "grad_scale"):
        return False
    group = optimizer.param_groups[0]
    plain = not (group["momentum"] or group["weight_decay"] or group["maximize"])
    return plain and isinstance(group["lr"], float)


def _bare_step(group: dict) -> bool:
    """``param.add_(grad, alpha=-lr)`` for each parameter with a gradient, as one call;
    False (nothing done) where a gradient is sparse, which torch's ``sgd`` handles."""
    params = [p for p in group["params"] if p.grad is not None]
    grads = [p.grad for p in params]
    if any(grad.is_sparse for grad in grads):
        return False
    enabled = torch.is_grad_enabled()
    torch._C._set_grad_enabled(False)  # what no_grad does, without its Python context object
    try:
        torch._foreach_add_(params, grads, alpha=-group["lr"])
    finally:
        torch._C._set_grad_enabled(enabled)
    return True
