"""Every learning-rate schedule gives the rate its formula gives, step by step (and torch's).

The formulas are written here from the schedules' documentation, independently of
nnspec.train.optim; the rate is read from the optimizer as each update uses it (update t
counts from 0) over a phase of ``TOTAL`` updates.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch
from torch import nn
from torch.optim import lr_scheduler

from nnspec.registry.core import REGISTRY
from nnspec.train.optim import build_stepper

LR, TOTAL = 0.1, 20


def cosine(t: int, warmup: int = 0, min_lr: float = 0.0, span: int = TOTAL) -> float:
    if t < warmup:
        return LR * (t + 1) / warmup
    progress = min(1.0, (t - warmup) / max(1, span - warmup))
    return min_lr + (LR - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


# kind: [(its parameters, the rate of update t, torch's own scheduler or None)]
CASES: dict[str, list[tuple[dict, Callable[[int], float], Callable | None]]] = {
    "step": [
        (
            {"every": 3, "gamma": 0.5},
            lambda t: LR * 0.5 ** (t // 3),
            lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
        ),
    ],
    "exponential": [
        ({"gamma": 0.9}, lambda t: LR * 0.9**t, lambda o: lr_scheduler.ExponentialLR(o, 0.9)),
    ],
    "cosine": [
        (
            {"min_lr": 0.01},
            lambda t: cosine(t, min_lr=0.01),
            lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=TOTAL, eta_min=0.01),
        ),
        ({"warmup": 4}, lambda t: cosine(t, warmup=4), None),
        ({"total": 10, "min_lr": 0.02}, lambda t: cosine(t, min_lr=0.02, span=10), None),
    ],
    "warmup": [
        (
            {"steps": 5},
            lambda t: LR * min(1.0, (t + 1) / 5),
            lambda o: lr_scheduler.LinearLR(o, start_factor=1 / 5, end_factor=1, total_iters=4),
        ),
    ],
    "linear": [
        (
            {"end": 0.02},
            lambda t: LR + (0.02 - LR) * min(t, TOTAL) / TOTAL,
            lambda o: lr_scheduler.LinearLR(o, 1.0, 0.02 / LR, total_iters=TOTAL),
        ),
        ({"total": 10}, lambda t: LR * (1 - min(t, 10) / 10), None),
    ],
}
IDS = [(kind, i) for kind, cases in CASES.items() for i in range(len(cases))]


def test_every_registered_schedule_has_value_tests() -> None:
    assert sorted(CASES) == sorted(REGISTRY.names("lr_schedule"))


def rates(optimizer: torch.optim.Optimizer, step: Callable[[], None]) -> list[float]:
    """The learning rate each of TOTAL updates uses."""
    used = []
    for _ in range(TOTAL):
        used.append(optimizer.param_groups[0]["lr"])
        step()
    return used


def nnspec_rates(kind: str, params: dict) -> list[float]:
    declared = {p.name: p.default for p in REGISTRY.get("lr_schedule", kind).params}
    sgd = {p.name: p.default for p in REGISTRY.get("optimizer", "sgd").params}
    options = sgd | {"type": "sgd", "lr": LR, "schedule": {kind: declared | params}}
    weight = nn.Parameter(torch.zeros(2))
    stepper = build_stepper(options, [weight], ["net"], total=TOTAL)
    return rates(stepper.optimizer, stepper.step)


@pytest.mark.parametrize(("kind", "case"), IDS, ids=[f"{k}-{i}" for k, i in IDS])
def test_a_schedule_gives_its_formula_s_rate_at_every_step(kind: str, case: int) -> None:
    params, formula, _ = CASES[kind][case]
    assert nnspec_rates(kind, params) == pytest.approx([formula(t) for t in range(TOTAL)])


@pytest.mark.parametrize(
    ("kind", "case"),
    [(k, i) for k, i in IDS if CASES[k][i][2] is not None],
    ids=[f"{k}-{i}" for k, i in IDS if CASES[k][i][2] is not None],
)
def test_a_schedule_gives_torch_s_rate_where_torch_has_it(kind: str, case: int) -> None:
    params, _, make = CASES[kind][case]
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(2))], lr=LR)
    scheduler = make(optimizer)

    def step() -> None:
        optimizer.step()
        scheduler.step()

    assert nnspec_rates(kind, params) == pytest.approx(rates(optimizer, step))
