"""Where one update of specs/rbm-digits.yaml spends its time, in microseconds.

Each part runs 2,000 times on one batch, best of 7 rounds, one thread: the CD term
(sampling, gradient, free-energy gap, bookkeeping), the fused CD step alone, and the
stepper's SGD step against torch.optim.SGD.step and against its bare arithmetic. A
guide for work on the RBM's speed; the fit-time comparison itself is
benchmarks/rbm_vs_sklearn.py. Parts timed alone run hotter than inside the loop,
where every update also draws a new batch: the last row is the real loop's time per
update over one epoch.

    python benchmarks/rbm_step_costs.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from nnspec.api import load
from nnspec.nn.contrastive import contrastive_divergence
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.prepare import prepare

SPEC = Path(__file__).resolve().parents[1] / "specs" / "rbm-digits.yaml"


def best_microseconds(fn: Callable[[], object], calls: int = 2000, rounds: int = 7) -> float:
    for _ in range(100):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return min(times)


def loop_microseconds() -> float:
    """The real loop's time per update over the spec's first epoch."""
    one_epoch = load(SPEC, ("schedule[0].epochs=1",))
    session, plans = prepare(one_epoch, torch.device("cpu"), smoke=False)
    hooks = Hooks(lambda *a: None, lambda *a: None, session.rt.spec.outputs.log_every)
    start = time.perf_counter()
    run_plan(session, plans[0], 0, 0, hooks)
    return (time.perf_counter() - start) / plans[0].total * 1e6


def parts() -> dict[str, Callable[[], object]]:
    session, plans = prepare(load(SPEC), torch.device("cpu"), smoke=False)
    session.rt.detail = False  # as on the steps that are not logged
    update = plans[0].update(0)
    stepper = session.steppers[update.optimizer]
    x, y = session.stream.next_batch()
    update.term(x, y)  # starts the persistent chains
    loss = session.losses["cd"]
    rbm, chains, g = loss.rbms[0], loss.chains[0], session.rt.generator
    W, a, b = (p.detach() for p in (rbm.W, rbm.a, rbm.b))
    step = contrastive_divergence(W, a, b, x, 1, rbm.units, g, chains.state)
    rows = torch.cat([x, step.v_model])  # (N+M, V)
    pre = torch.addmm(b, rows, W)
    signs = torch.full((len(rows),), 1.0 / len(step.v_model))
    signs[: len(x)] = -1.0 / len(x)  # −1/N on data rows, +1/M on model rows
    lr = stepper.optimizer.param_groups[0]["lr"]

    def bare_sgd() -> None:  # the arithmetic of torch.optim.SGD.step without its wrapper
        with torch.no_grad():
            for param in stepper.params:
                param.add_(param.grad, alpha=-lr)

    return {
        "CD term (what the loop calls)": lambda: (stepper.zero_grad(), update.term(x, y)),
        "  of which the fused CD step": lambda: contrastive_divergence(
            W, a, b, x, 1, rbm.units, g, chains.state
        ),
        "    of which the free-energy gap": lambda: torch.dot(
            torch.addmv(F.softplus(pre).sum(1), rows, a), signs
        ),
        "optimizer step (functional sgd)": stepper.step,
        "  torch.optim.SGD.step instead": stepper.optimizer.step,
        "  the arithmetic alone (3 add_)": bare_sgd,
        "whole update, one batch": lambda: (stepper.zero_grad(), update.term(x, y), stepper.step()),
    }


def main() -> None:
    torch.set_num_threads(1)
    for name, fn in parts().items():
        print(f"{name:34s} {best_microseconds(fn):6.1f} µs")
    print(f"{'whole update, in the loop':34s} {loop_microseconds():6.1f} µs")


if __name__ == "__main__":
    main()
