"""The torch-free half of the plugin: one kind of each of the 11 categories.

Its ``nnspec.plugins`` entry point names this module; importing it declares them.
"""

from __future__ import annotations

from nnspec.registry.core import declare
from nnspec.registry.info import (
    DatasetInfo,
    InitInfo,
    LossInfo,
    MetricInfo,
    NetworkInfo,
    NoiseInfo,
    PhaseInfo,
    TransformInfo,
    below,
)
from nnspec.registry.optimizers import COMMON, LR
from nnspec.registry.params import Float, Int, Nested, Param, Ref
from nnspec.registry.phase_rules import check_train, length


def same(params, shape, env):
    return shape


declare(
    "layer",
    "swish",
    "x · sigmoid(βx), from the allplug plugin.",
    Param("beta", Float(0), 1.0, "the slope β"),
    main="beta",
    shape=same,
    count=lambda p, x, env: 0,
)
declare(
    "network",
    "affine",
    "One affine map, visible → outputs, from the allplug plugin.",
    Param("visible", Int(1), doc="input size"),
    Param("outputs", Int(1), doc="output size"),
    shape=lambda p, x, env: (p["outputs"],),
    count=lambda p, x, env: (p["visible"] + 1) * p["outputs"],
    info=NetworkInfo(),
)


def huber_wiring(ctx):
    return ctx.expect("model", "input", ctx.data.x, "it takes the data's examples")


declare(
    "loss",
    "huber",
    "Huber loss of a network's output on (optionally corrupted) inputs against the labels.",
    Param("model", Ref("network"), doc="the network whose output is scored"),
    Param("delta", Float(0, open_min=True), 1.0, "where the loss turns linear"),
    Param("corruption", Nested("noise", role="corruption"), None, "corruption of the input"),
    info=LossInfo(
        huber_wiring,
        needs_labels=lambda p: True,
        roles={"regressor": "model", "features": "model"},
    ),
)
declare(
    "optimizer",
    "signsgd",
    "Sign SGD: θ ← θ − η·sign(∇).",
    LR,
    *COMMON,
)
declare(
    "lr_schedule",
    "halving",
    "Halve the rate every `every` steps.",
    Param("every", Int(1), doc="steps between halvings"),
    main="every",
)
declare(
    "dataset",
    "sine",
    "x uniform in [-1, 1]^features; y = sin(π·Σx), one value per example.",
    Param("size", Int(1), 64, "number of examples"),
    Param("features", Int(1), 2, "values per example"),
    info=DatasetInfo(lambda p: {"x": (p["features"],), "classes": None, "y": (1,)}),
)
declare(
    "transform",
    "shift",
    "Add a constant to every value of x.",
    Param("by", Float(), doc="the constant"),
    main="by",
    shape=same,
    info=TransformInfo("x"),
)
declare(
    "metric",
    "mae",
    "Mean absolute error of a network's output against the labels.",
    Param("network", Ref("network"), None, "the network it scores"),
    info=MetricInfo("split", ("mae",), "regressor", needs_labels=True),
)


def anneal_steps(spec, entry, per_epoch):
    return {entry["anneal"]["optimizer"]: length(entry, per_epoch)}


declare(
    "phase",
    "anneal",
    "Minimise one loss with a named optimizer (its schedule spans the phase).",
    Param("loss", Ref("term"), doc="the loss or loss term to minimise"),
    Param("optimizer", Ref("optimizer"), doc="the name of an entry of optimizers:"),
    info=PhaseInfo(
        length=True,
        check=check_train,
        optimizer_steps=anneal_steps,
        planner="allplug.builders:plan_anneal",
    ),
)
declare(
    "init",
    "bounded",
    "Weights uniform in [low, high].",
    Param("low", Float(), -0.1, "lower bound"),
    Param("high", Float(), 0.1, "upper bound, above low"),
    info=InitInfo(constraints=(below("low", "high"),)),
)
declare(
    "noise",
    "jitter",
    "x + U(−size, size) on every value.",
    Param("size", Float(0), 0.1, "half-width of the uniform jitter"),
    main="size",
    info=NoiseInfo("corruption"),
)
