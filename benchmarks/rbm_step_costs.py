"""Where one update of specs/rbm-digits.yaml spends its time, in microseconds.

Each part runs 2,000 times on one batch, best of 7 rounds, one thread: the CD term
(sampling, gradient, free-energy gap, bookkeeping), the fused CD step alone, the
optimizer step and the gradient reset. A guide for work on the RBM's speed; the
fit-time comparison itself is benchmarks/rbm_vs_sklearn.py.

    python benchmarks/rbm_step_costs.py
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from nnspec.api import load
from nnspec.nn.contrastive import contrastive_divergence
from nnspec.train.prepare import prepare

SPEC = Path(__file__).resolve().parents[1] / "specs" / "rbm-digits.yaml"


def best_microseconds(fn, calls: int = 2000, rounds: int = 7) -> float:
    for _ in range(100):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return min(times)


def main() -> None:
    torch.set_num_threads(1)
    session, plans = prepare(load(SPEC), torch.device("cpu"), smoke=False)
    session.rt.detail = False  # as on the steps that are not logged
    update = plans[0].update(0)
    stepper = session.steppers[update.optimizer]
    x, y = session.stream.next_batch()
    update.term(x, y)  # starts the persistent chains
    loss = session.losses["cd"]
    rbm, chains, g = loss.rbms[0], loss.chains[0], session.rt.generator
    W, a, b = (p.detach() for p in (rbm.W, rbm.a, rbm.b))

    def fused() -> None:
        contrastive_divergence(W, a, b, x, 1, rbm.units, g, chains.state)

    params = [rbm.W, rbm.a, rbm.b]
    lr = stepper.optimizer.param_groups[0]["lr"]

    def bare_sgd() -> None:  # the arithmetic of torch.optim.SGD.step without its wrapper
        with torch.no_grad():
            for param in params:
                param.add_(param.grad, alpha=-lr)

    step = contrastive_divergence(W, a, b, x, 1, rbm.units, g, chains.state)
    rows = torch.cat([x, step.v_model])
    pre = torch.addmm(b, rows, W)
    signs = torch.full((len(rows),), 1.0 / len(step.v_model))
    signs[: len(x)] = -1.0 / len(x)  # −1/N on data rows, +1/M on model rows

    def gap_only() -> None:  # the free-energy gap's share of the fused step
        torch.dot(torch.nn.functional.softplus(pre).sum(1), signs) + torch.dot(step.d_a, a)

    def whole() -> None:
        stepper.zero_grad()
        update.term(x, y)
        stepper.step()

    parts = {
        "CD term (what the loop calls)": lambda: update.term(x, y),
        "  of which the fused CD step": fused,
        "    of which the free-energy gap": gap_only,
        "optimizer step (torch.optim.SGD)": stepper.step,
        "  its arithmetic alone (3 add_)": bare_sgd,
        "gradient reset": stepper.zero_grad,
        "whole update": whole,
    }
    for name, fn in parts.items():
        print(f"{name:34s} {best_microseconds(fn):6.1f} µs")


if __name__ == "__main__":
    main()
