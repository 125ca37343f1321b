"""Every registered optimizer steps as the same optimizer built in plain torch does.

On CPU, foreach is decided once; a plain SGD steps through torch's functional ``sgd``
(nnspec.train.optim_sgd), and must leave parameters, state and checkpoints exactly as
``SGD.step`` would.
"""

import importlib
import warnings

import pytest
import torch
from torch import nn
from torch.optim import optimizer as torch_optimizer

import nnspec.train.optim_sgd
from nnspec.registry.core import REGISTRY
from nnspec.train import optim_eager
from nnspec.train.optim import build_stepper
from nnspec.train.optim_eager import kind_of
from nnspec.train.optim_sgd import sgd_step

# An optimizer that measures residuals (ekf) has no gradient twin: tests/train/test_optim_ekf.py;
# nor one whose step takes a closure over every example (lbfgs): tests/train/test_optim_lbfgs.py
OPTIMIZERS = [
    k.name for k in REGISTRY.kinds("optimizer") if k.info.measures is None and not k.info.full_batch
]


def options(name: str, **changes) -> dict:
    """The optimizer's declared defaults, with a learning rate where it has none."""
    kind = REGISTRY.get("optimizer", name)
    return {p.name: p.default for p in kind.params} | {"type": name, "lr": 0.01} | changes


def parameters(seed: int = 0) -> list[nn.Parameter]:
    """Two trained parameters and one that never gets a gradient."""
    g = torch.Generator().manual_seed(seed)
    return [nn.Parameter(torch.randn(4, 3, generator=g)) for _ in range(2)] + [
        nn.Parameter(torch.randn(3, generator=g))
    ]


def give_gradients(params: list[nn.Parameter]) -> None:
    """A deterministic gradient of the weights for all but the last parameter."""
    for p in params[:-1]:
        p.grad = p.detach() * 0.5 + 1.0
    params[-1].grad = None


def same_state(ours: dict, theirs: dict) -> bool:
    """Equal per-parameter state: the same entries, tensors equal element for element."""
    if ours.keys() != theirs.keys():
        return False
    return all(
        ours[i].keys() == theirs[i].keys()
        and all(
            torch.equal(torch.as_tensor(v), torch.as_tensor(theirs[i][k]))
            for k, v in ours[i].items()
        )
        for i in ours
    )


def has_momentum_schedule(name: str) -> bool:
    return "momentum_schedule" in {p.name for p in REGISTRY.get("optimizer", name).params}


def is_functional(stepper) -> bool:
    return getattr(stepper.rule, "func", None) is sgd_step


# Each registered optimizer as a user would build it in plain PyTorch: its class and
# nnspec's documented defaults spelled out (not nnspec.train.optim's factories, so a wrong
# mapping, a dropped option or a changed default shows); lr 0.01, weight decay 0.1.
WD = 0.1
TORCH = {
    "sgd": (torch.optim.SGD, {"momentum": 0.0}),
    "momentum": (torch.optim.SGD, {"momentum": 0.9}),
    "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    "adagrad": (torch.optim.Adagrad, {"eps": 1e-8}),
    "rmsprop": (
        torch.optim.RMSprop,
        {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False},
    ),
    "adadelta": (torch.optim.Adadelta, {"rho": 0.9, "eps": 1e-6}),
    "adam": (torch.optim.Adam, {"betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": False}),
    "adamw": (torch.optim.AdamW, {"betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": False}),
}
# Values unlike every default, to show that each option reaches torch.
CHANGED = {"momentum": 0.3, "eps": 0.1, "alpha": 0.5, "rho": 0.5, "betas": (0.5, 0.9)}
CHANGED |= {"amsgrad": True, "centered": True}


def plain_torch(name: str, params: list, changed: bool = False) -> torch.optim.Optimizer:
    cls, defaults = TORCH[name]
    kwargs = defaults | ({k: CHANGED[k] for k in defaults if k in CHANGED} if changed else {})
    return cls(params, lr=0.01, weight_decay=WD, **kwargs)


def changed_options(name: str) -> dict:
    """nnspec's options for ``plain_torch(name, changed=True)``."""
    _, defaults = TORCH[name]
    return {k: list(v) if k == "betas" else v for k, v in CHANGED.items() if k in defaults}


def test_every_registered_optimizer_has_its_plain_torch_twin():
    assert sorted(TORCH) == sorted(OPTIMIZERS)


def change_momentum_by_hand(optimizer: torch.optim.Optimizer, value: float) -> None:
    """What a hand-written loop does to change momentum (Adam: β1) between steps."""
    group = optimizer.param_groups[0]
    if "betas" in group:
        group["betas"] = (value, group["betas"][1])
        return
    group["momentum"] = value
    if isinstance(optimizer, torch.optim.RMSprop):  # it makes its buffer only at its first step
        for param in group["params"]:
            if optimizer.state.get(param):
                optimizer.state[param].setdefault("momentum_buffer", torch.zeros_like(param))


@pytest.mark.parametrize("changed", [False, True], ids=["defaults", "changed"])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizers_step_exactly_as_plain_torch_does(name, changed):
    """Three steps with weight decay, the momentum (or β1) changed by a schedule after two."""
    changes = {"weight_decay": WD} | (changed_options(name) if changed else {})
    if has_momentum_schedule(name):
        changes["momentum_schedule"] = [{"epoch": 1, "momentum": 0.5}]
    ours, theirs = parameters(), parameters()
    stepper = build_stepper(options(name, **changes), ours, ["net"], total=10)
    plain = plain_torch(name, theirs, changed)
    assert kind_of(stepper.optimizer) is type(plain)
    for step in range(3):
        if step == 2 and has_momentum_schedule(name):
            stepper.set_epoch(1)
            change_momentum_by_hand(plain, 0.5)
        give_gradients(ours)
        give_gradients(theirs)
        stepper.step()
        plain.step()
    assert all(torch.equal(a, b) for a, b in zip(ours, theirs, strict=True))
    assert same_state(stepper.optimizer.state_dict()["state"], plain.state_dict()["state"])


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_plain_sgd_alone_takes_the_functional_step(name):
    stepper = build_stepper(options(name), parameters(), ["net"], total=10)
    assert is_functional(stepper) == isinstance(stepper.optimizer, torch.optim.SGD)
    if not is_functional(stepper):  # torch's own step, called past its dynamo wrappers
        assert stepper.rule.func is optim_eager._step


@pytest.mark.parametrize("foreach", [None, False])
@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov"])
def test_the_functional_step_passes_what_sgd_step_passes(name, foreach, monkeypatch):
    """Same arguments to torch's ``sgd``, foreach=None included (what a CUDA group keeps)."""
    calls = []

    def record(*args, **kwargs):
        calls.append((len(args[0]), kwargs))

    theirs, ours = plain_torch(name, parameters()), plain_torch(name, parameters())
    for optimizer in (theirs, ours):
        optimizer.param_groups[0]["foreach"] = foreach
        give_gradients(optimizer.param_groups[0]["params"])
    monkeypatch.setattr(importlib.import_module("torch.optim.sgd"), "sgd", record)
    theirs.step()
    monkeypatch.setattr(nnspec.train.optim_sgd, "sgd", record)
    nnspec.train.optim_sgd.sgd_step(ours)
    assert calls[0] == calls[1]


@pytest.mark.parametrize("name", ["momentum", "nesterov"])
def test_a_resumed_momentum_sgd_continues_exactly(name):
    whole, first = parameters(), parameters()
    straight = build_stepper(options(name), whole, ["net"], total=10)
    before = build_stepper(options(name), first, ["net"], total=10)
    for _ in range(2):
        for params, stepper in ((whole, straight), (first, before)):
            give_gradients(params)
            stepper.step()
    resumed_params = [nn.Parameter(p.detach().clone()) for p in first]
    resumed = build_stepper(options(name), resumed_params, ["net"], total=10)
    resumed.optimizer.load_state_dict(before.optimizer.state_dict())
    for _ in range(2):
        for params, stepper in ((whole, straight), (resumed_params, resumed)):
            give_gradients(params)
            stepper.step()
    assert all(torch.equal(a, b) for a, b in zip(whole, resumed_params, strict=True))


def test_a_scheduled_sgd_calls_step_and_its_scheduler_sees_it():
    schedule = {"step": {"every": 1, "gamma": 0.5, "total": None}}
    params = parameters()
    stepper = build_stepper(options("sgd", schedule=schedule), params, ["net"], total=10)
    assert not is_functional(stepper)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the scheduler warns if it sees no optimizer.step
        give_gradients(params)
        stepper.step()
    assert stepper.optimizer.param_groups[0]["lr"] == pytest.approx(0.005)


def test_global_step_hooks_make_sgd_call_step():
    calls = []
    handle = torch_optimizer.register_optimizer_step_pre_hook(
        lambda optimizer, args, kwargs: calls.append(type(optimizer).__name__)
    )
    try:
        params = parameters()
        stepper = build_stepper(options("sgd"), params, ["net"], total=10)
        give_gradients(params)
        stepper.step()
    finally:
        handle.remove()
    assert not is_functional(stepper)
    assert calls == ["SGD"]


def test_momentum_a_schedule_turns_on_for_rmsprop_starts_from_zero():
    """Its first step with momentum is then the plain step (up to rounding); the next is not."""
    schedule = [{"epoch": 1, "momentum": 0.5}]
    on, off = parameters(), parameters()
    turned_on = build_stepper(options("rmsprop", momentum_schedule=schedule), on, ["net"], 10)
    plain = build_stepper(options("rmsprop"), off, ["net"], 10)
    gaps = []
    for step in range(4):
        if step == 2:
            turned_on.set_epoch(1)
        for params, stepper in ((on, turned_on), (off, plain)):
            give_gradients(params)
            stepper.step()
        gaps.append(max(float((a - b).detach().abs().max()) for a, b in zip(on, off, strict=True)))
    assert gaps[:2] == [0.0, 0.0] and gaps[2] < 1e-6 < 1e-4 < gaps[3]


@pytest.mark.parametrize("name", ["adagrad", "adadelta"])
def test_optimizers_without_momentum_take_no_momentum_schedule(name):
    assert not has_momentum_schedule(name)
