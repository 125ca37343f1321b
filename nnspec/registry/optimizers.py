"""Optimizers (every one of lecture 000's) and learning-rate schedules."""

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from nnspec.registry.core import declare
from nnspec.registry.info import LrScheduleInfo, Violation
from nnspec.registry.params import (
    Bool,
    Choice,
    Float,
    Int,
    ListOf,
    Nested,
    Number,
    Param,
    Ref,
    Struct,
)

# One parameter role's settings in an optimizer's ``groups`` (Caffe's lr_mult, decay_mult).
GROUP = Struct(
    (
        Param("lr_mult", Float(0), 1.0, "multiplies the optimizer's rate, schedule included"),
        Param("weight_decay", Float(0), None, "this role's weight decay; default: the optimizer's"),
    )
)
LR = Param("lr", Float(0, open_min=True), doc="learning rate")
COMMON = (
    Param(
        "params",
        ListOf(Ref("network"), min_len=1, scalar_ok=True),
        None,
        "networks it updates; inline in a phase: the networks of its loss",
    ),
    Param("weight_decay", Float(0), 0.0, "L2 weight decay added to the gradient"),
    Param("clip_grad_norm", Float(0, open_min=True), None, "clip the global gradient norm"),
    Param("clip_grad_value", Float(0, open_min=True), None, "clip each gradient element"),
    Param("schedule", Nested("lr_schedule"), None, "a learning-rate schedule"),
    Param(
        "groups",
        Struct(
            tuple(
                Param(role, GROUP, None, f"settings of the {doc}")
                for role, doc in (
                    ("weights", "weights: matrices, kernels, embeddings"),
                    ("biases", "biases of the layers that are not normalisations"),
                    ("norm", "normalisations' scales and shifts"),
                )
            )
        ),
        None,
        "settings by parameter role, as each layer kind declares its parameters' roles",
    ),
)
# Only for optimizers that have a momentum (Adam's is β1); Adagrad and Adadelta have none.
MOMENTUM_SCHEDULE = Param(
    "momentum_schedule",
    ListOf(
        Struct(
            (
                Param("epoch", Int(0), doc="from this epoch on"),
                Param("momentum", Float(0, 1), doc="use this momentum (Adam: β1)"),
            )
        )
    ),
    None,
    "change momentum at given epochs (Hinton's 0.5 then 0.9)",
)
MOMENTUM = Param("momentum", Float(0, 1), 0.9, "momentum coefficient")
EPS = Param("eps", Float(0, open_min=True), 1.0e-8, "term added for numerical stability")


def _optimizer(name: str, doc: str, *params: Param) -> None:
    declare("optimizer", name, doc, *params, *COMMON)


# Where the rate enters the momentum: the two agree while the rate is constant, and
# differ once a schedule changes it (Caffe's solvers use the second).
MOMENTUM_FORM = Param(
    "momentum_form",
    Choice(("pytorch", "caffe")),
    "pytorch",
    "pytorch: v ← μv + ∇, θ ← θ − ηv; caffe: v ← μv + η∇, θ ← θ − v",
)
_optimizer(
    "sgd",
    "Plain stochastic gradient descent: θ ← θ − η∇.",
    LR,
    Param("momentum", Float(0, 1), 0.0, "momentum coefficient"),
    MOMENTUM_FORM,
    MOMENTUM_SCHEDULE,
)
_optimizer(
    "momentum",
    "SGD with classical momentum: v ← μv + ∇, θ ← θ − ηv (or Caffe's form).",
    LR,
    MOMENTUM,
    MOMENTUM_FORM,
    MOMENTUM_SCHEDULE,
)
_optimizer(
    "nesterov",
    "SGD with Nesterov accelerated gradient.",
    LR,
    # Nesterov's look-ahead needs a momentum: torch refuses 0 when the run starts.
    Param("momentum", Float(0, 1, open_min=True), 0.9, "momentum coefficient"),
    MOMENTUM_SCHEDULE,
)
_optimizer(
    "adagrad",
    "Adagrad: per-parameter rates scaled by accumulated squared gradients.",
    Param("lr", Float(0, open_min=True), 0.01, "learning rate"),
    EPS,
)
_optimizer(
    "rmsprop",
    "RMSprop: rates scaled by a moving average of squared gradients.",
    Param("lr", Float(0, open_min=True), 0.001, "learning rate"),
    Param("alpha", Float(0, 1), 0.99, "decay of the squared-gradient average"),
    EPS,
    Param("momentum", Float(0, 1), 0.0, "momentum coefficient"),
    Param("centered", Bool(), False, "normalise by the gradient's variance"),
    MOMENTUM_SCHEDULE,
)
_optimizer(
    "adadelta",
    "Adadelta: unit-correct updates from running averages, no base rate.",
    Param("lr", Float(0, open_min=True), 1.0, "scale of the update"),
    Param("rho", Float(0, 1), 0.9, "decay of the running averages"),
    Param("eps", Float(0, open_min=True), 1.0e-6, "stability term"),
)
ADAM = (
    Param("lr", Float(0, open_min=True), 0.001, "learning rate"),
    Param(
        "betas",
        ListOf(Float(0, 1), min_len=2, max_len=2),
        [0.9, 0.999],
        "decay rates of the first and second moment estimates",
    ),
    EPS,
    Param("amsgrad", Bool(), False, "use the AMSGrad variant"),
    MOMENTUM_SCHEDULE,
)
_optimizer("adam", "Adam: bias-corrected first and second moment estimates.", *ADAM)
declare(
    "optimizer",
    "adamw",
    "Adam with decoupled weight decay.",
    *ADAM,
    *(
        p if p.name != "weight_decay" else Param("weight_decay", Float(0), 0.01, p.doc)
        for p in COMMON
    ),
)

# Every schedule counts in its ``unit``: optimizer steps, or epochs (passes over the
# training data: a schedule in epochs holds its rate through each epoch, as a torch
# scheduler stepped once per epoch does, e.g. pytorch/examples mnist's StepLR).
UNIT = Param(
    "unit",
    Choice(("step", "epoch")),
    "step",
    "what the schedule counts: optimizer steps, or epochs of the training data",
)
TOTAL = Param("total", Int(1), None, "length the schedule spans, in its unit; default: the phase's")


def _schedule(name: str, doc: str, *params: Param, **extra: Any) -> None:
    declare("lr_schedule", name, doc, *params, UNIT, **extra)


def _increasing(params: Mapping[str, Any]) -> Violation | None:
    milestones = params["milestones"]
    if all(a < b for a, b in pairwise(milestones)):
        return None
    return Violation(
        "milestones",
        "milestones must increase",
        "increasing steps or epochs, e.g. [30, 80]",
        f"{milestones}",
    )


_schedule(
    "step",
    "Multiply the rate by gamma every `every` units (torch's StepLR).",
    Param("every", Int(1), doc="units between decays"),
    Param("gamma", Float(0, 1, open_min=True), 0.1, "decay factor"),
)
_schedule(
    "multistep",
    "Multiply the rate by gamma at each milestone (torch's MultiStepLR, Caffe's multistep).",
    Param("milestones", ListOf(Int(1), min_len=1), doc="the units at which the rate decays"),
    Param("gamma", Float(0, 1, open_min=True), 0.1, "decay factor"),
    main="milestones",
    info=LrScheduleInfo(constraints=(_increasing,)),
)
_schedule(
    "exponential",
    "Multiply the rate by gamma every unit (torch's ExponentialLR).",
    Param("gamma", Float(0, 1, open_min=True), doc="decay factor per unit"),
    main="gamma",
)
_schedule(
    "inv",
    "Caffe's inv policy: lr · (1 + gamma · t)^(−power) at unit t.",
    Param("gamma", Float(0, open_min=True), doc="scale of t"),
    Param("power", Float(0, open_min=True), doc="exponent of the decay"),
)
_schedule(
    "poly",
    "Caffe's poly policy: lr · (1 − t/total)^power, 0 from total on (torch's PolynomialLR).",
    TOTAL,
    Param("power", Float(0, open_min=True), 1.0, "exponent of the decay"),
)
_schedule(
    "cosine",
    "Cosine decay to min_lr over the phase, after a linear warmup (torch's CosineAnnealingLR).",
    TOTAL,
    Param("warmup", Int(0), 0, "linear warmup units"),
    Param("min_lr", Float(0), 0.0, "final learning rate"),
)
_schedule(
    "warmup",
    "Linear warmup from 0 over `steps` units, then constant.",
    Param("steps", Int(1), doc="warmup length, in the schedule's unit"),
    main="steps",
)
_schedule(
    "linear",
    "Linear decay from the rate to `end` over the phase (torch's LinearLR).",
    TOTAL,
    Param("end", Number(), 0.0, "final learning rate"),
)
