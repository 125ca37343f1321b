"""Terms of full-batch optimizers (``OptimizerInfo.full_batch``): every example, in a closure.

L-BFGS evaluates its objective several times per step (its line search), always on the
same examples. The term the loop calls draws no batch: it hands the optimizer's step a
closure over the whole training split (``stepper.rule``), and returns the loss there
before the step, for the logs.
"""

from __future__ import annotations

from functools import partial

import torch
from torch import Tensor

from nnspec.data.batches import BatchStream
from nnspec.losses.base import Logs, Loss, Term
from nnspec.train.optim import Stepper


def whole_data_term(loss: Loss, term: Term, stepper: Stepper, stream: BatchStream) -> Term:
    """``term`` on every training example, minimised by ``stepper``'s step with a closure."""
    # a term that writes its own gradients returns a detached value, which no closure can
    # differentiate: validate refuses it (nnspec.spec.check.full_batch)
    assert not loss.writes_gradients, f"validate admits no full-batch optimizer on '{loss.name}'"
    x_all, y_all = stream.x, stream.y  # (N, *x), (N,): the training split, on the device

    def closure() -> Tensor:
        stepper.zero_grad()
        with torch.enable_grad():
            value, _ = term(x_all, y_all)
            value.backward()
        return value.detach()

    stepper.rule = partial(stepper.optimizer.step, closure)  # once: the closure is fixed

    def run(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        with torch.no_grad():
            value, logs = term(x_all, y_all)
        return value, logs

    return run
