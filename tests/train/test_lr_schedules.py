"""Every learning-rate schedule gives the rate its formula gives, step by step (and torch's).

The formulas are written here from the schedules' documentation, independently of
nnspec.train.optim; the rate is read from the optimizer as each update uses it (update t
counts from 0) over a phase of ``TOTAL`` updates. Each case runs in both units: counting
steps, and counting epochs of ``PER_EPOCH`` updates, where the formula sees epoch
t // PER_EPOCH, a schedule without ``total`` spans the phase's ``EPOCHS`` epochs, and
torch's scheduler steps once per epoch as pytorch/examples' loops step it.
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
PER_EPOCH = 3
EPOCHS = math.ceil(TOTAL / PER_EPOCH)  # 7: the phase's length in epochs
UNITS = ("step", "epoch")


def cosine(t: int, span: int, warmup: int = 0, min_lr: float = 0.0) -> float:
    if t < warmup:
        return LR * (t + 1) / warmup
    progress = min(1.0, (t - warmup) / max(1, span - warmup))
    return min_lr + (LR - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


Formula = Callable[[int, int], float]  # (t in the unit, the phase's span in the unit) -> rate
Torch = Callable[[torch.optim.Optimizer, int], lr_scheduler.LRScheduler]

# kind: [(its parameters, the rate at unit t, torch's own scheduler or None)]
CASES: dict[str, list[tuple[dict, Formula, Torch | None]]] = {
    "step": [
        (
            {"every": 3, "gamma": 0.5},
            lambda t, span: LR * 0.5 ** (t // 3),
            lambda o, span: lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
        ),
    ],
    "multistep": [
        (
            {"milestones": [2, 5, 15], "gamma": 0.5},
            lambda t, span: LR * 0.5 ** ((t >= 2) + (t >= 5) + (t >= 15)),
            lambda o, span: lr_scheduler.MultiStepLR(o, milestones=[2, 5, 15], gamma=0.5),
        ),
    ],
    "exponential": [
        (
            {"gamma": 0.9},
            lambda t, span: LR * 0.9**t,
            lambda o, span: lr_scheduler.ExponentialLR(o, 0.9),
        ),
    ],
    "inv": [  # Caffe's lenet_solver: gamma 1e-4, power 0.75; torch has no such scheduler
        ({"gamma": 1.0e-4, "power": 0.75}, lambda t, span: LR * (1 + 1.0e-4 * t) ** -0.75, None),
        ({"gamma": 0.5, "power": 2.0}, lambda t, span: LR * (1 + 0.5 * t) ** -2.0, None),
    ],
    "poly": [
        (
            {"power": 2.0},
            lambda t, span: LR * (1 - min(t, span) / span) ** 2.0,
            lambda o, span: lr_scheduler.PolynomialLR(o, total_iters=span, power=2.0),
        ),
        ({"total": 5, "power": 0.5}, lambda t, span: LR * (1 - min(t, 5) / 5) ** 0.5, None),
    ],
    "cosine": [
        (
            {"min_lr": 0.01},
            lambda t, span: cosine(t, span, min_lr=0.01),
            lambda o, span: lr_scheduler.CosineAnnealingLR(o, T_max=span, eta_min=0.01),
        ),
        ({"warmup": 4}, lambda t, span: cosine(t, span, warmup=4), None),
        ({"total": 5, "min_lr": 0.02}, lambda t, span: cosine(t, 5, min_lr=0.02), None),
    ],
    "warmup": [
        (
            {"steps": 5},
            lambda t, span: LR * min(1.0, (t + 1) / 5),
            lambda o, span: lr_scheduler.LinearLR(o, 1 / 5, 1, total_iters=4),
        ),
    ],
    "linear": [
        (
            {"end": 0.02},
            lambda t, span: LR + (0.02 - LR) * min(t, span) / span,
            lambda o, span: lr_scheduler.LinearLR(o, 1.0, 0.02 / LR, total_iters=span),
        ),
        ({"total": 5}, lambda t, span: LR * (1 - min(t, 5) / 5), None),
    ],
}
IDS = [(k, i, unit) for k, cases in CASES.items() for i in range(len(cases)) for unit in UNITS]
TORCH_IDS = [c for c in IDS if CASES[c[0]][c[1]][2] is not None]


def case_id(kind: str, i: int, unit: str) -> str:
    return f"{kind}-{i}-{unit}"


def test_every_registered_schedule_has_value_tests() -> None:
    assert sorted(CASES) == sorted(REGISTRY.names("lr_schedule"))


def test_every_schedule_declares_its_unit() -> None:
    for kind in REGISTRY.kinds("lr_schedule"):
        unit = next(p for p in kind.params if p.name == "unit")
        assert (unit.default, unit.type.options) == ("step", UNITS), kind.name


def rates(optimizer: torch.optim.Optimizer, step: Callable[[], None]) -> list[float]:
    """The learning rate each of TOTAL updates uses."""
    used = []
    for _ in range(TOTAL):
        used.append(optimizer.param_groups[0]["lr"])
        step()
    return used


def nnspec_rates(kind: str, params: dict, unit: str) -> list[float]:
    declared = {p.name: p.default for p in REGISTRY.get("lr_schedule", kind).params}
    sgd = {p.name: p.default for p in REGISTRY.get("optimizer", "sgd").params}
    schedule = {kind: declared | params | {"unit": unit}}
    options = sgd | {"type": "sgd", "lr": LR, "schedule": schedule}
    weight = nn.Parameter(torch.zeros(2))
    per_epoch = PER_EPOCH if unit == "epoch" else 1
    stepper = build_stepper(options, [weight], ["net"], TOTAL, per_epoch)
    return rates(stepper.optimizer, stepper.step)


def formula_rates(formula: Formula, unit: str) -> list[float]:
    """The formula's rate of each update: at update t, or at its epoch t // PER_EPOCH."""
    if unit == "step":
        return [formula(t, TOTAL) for t in range(TOTAL)]
    return [formula(t // PER_EPOCH, EPOCHS) for t in range(TOTAL)]


@pytest.mark.parametrize(("kind", "case", "unit"), IDS, ids=[case_id(*c) for c in IDS])
def test_a_schedule_gives_its_formula_s_rate_at_every_step(kind: str, case: int, unit: str) -> None:
    params, formula, _ = CASES[kind][case]
    assert nnspec_rates(kind, params, unit) == pytest.approx(formula_rates(formula, unit))


@pytest.mark.parametrize(("kind", "case", "unit"), TORCH_IDS, ids=[case_id(*c) for c in TORCH_IDS])
def test_a_schedule_gives_torch_s_rate_where_torch_has_it(kind: str, case: int, unit: str) -> None:
    params, _, make = CASES[kind][case]
    assert make is not None
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(2))], lr=LR)
    scheduler = make(optimizer, TOTAL if unit == "step" else EPOCHS)
    updates = 0

    def step() -> None:
        nonlocal updates
        optimizer.step()
        updates += 1
        if unit == "step" or updates % PER_EPOCH == 0:  # pytorch/examples: once per epoch
            scheduler.step()

    assert nnspec_rates(kind, params, unit) == pytest.approx(rates(optimizer, step))


def test_an_epoch_schedule_holds_its_rate_through_each_epoch() -> None:
    """pytorch/examples mnist: StepLR(step_size=1, gamma=0.7) stepped after each epoch."""
    got = nnspec_rates("step", {"every": 1, "gamma": 0.7}, "epoch")
    assert got[:7] == pytest.approx([LR] * 3 + [LR * 0.7] * 3 + [LR * 0.49])


RUN = """\
seed: 0
data: {dataset: xor, batch_size: 3}
networks: {mlp: {layers: [{linear: 4}, relu, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
optimizers:
  opt: {type: sgd, params: [mlp], lr: 0.1, schedule: {step: {every: 1, gamma: 0.5, unit: epoch}}}
schedule:
  - train: {loss: xent, optimizer: opt}
    epochs: 3
"""


def test_a_run_s_epoch_is_its_batches_per_epoch(write_spec) -> None:
    """xor's 4 examples in batches of 3: 2 updates an epoch (the last batch is short)."""
    from nnspec.spec.pipeline import resolve
    from nnspec.train.prepare import prepare

    session, plans = prepare(resolve(write_spec(RUN)), torch.device("cpu"), smoke=False)
    stepper = session.steppers["opt"]
    assert (len(session.stream), plans[0].total) == (2, 6)
    assert rates(stepper.optimizer, stepper.step)[:6] == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    )
