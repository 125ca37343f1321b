"""Weight initialisation schemes, applied network-wide by the compiler.

Each scheme sets every weight matrix or kernel (any parameter with two or more
dimensions); biases are zeroed unless ``bias: true`` asks for them to be drawn
from the same distribution; normalisation layers keep their scale 1 and shift 0.
The vanishing-gradient lecture (seed 000) draws weights from N(0, 1).
"""

from __future__ import annotations

from nnspec.registry.core import declare
from nnspec.registry.info import InitInfo, below
from nnspec.registry.params import Bool, Choice, Float, Param

DRAW_BIAS = Param("bias", Bool(), False, "draw biases from the same distribution, not zeros")
GAIN = Param("gain", Float(min=0, open_min=True), 1.0, "scale factor on the standard deviation")
DISTRIBUTION = Param("distribution", Choice(("normal", "uniform")), "normal", "shape of the draw")

declare(
    "init",
    "normal",
    "Weights drawn from N(mean, std^2).",
    Param("mean", Float(), 0.0, "mean of the normal distribution"),
    Param("std", Float(min=0, open_min=True), 1.0, "standard deviation"),
    DRAW_BIAS,
    main="std",
    aliases=("gaussian",),
)
declare(
    "init",
    "uniform",
    "Weights drawn uniformly from [low, high].",
    Param("low", Float(), -0.05, "lower bound"),
    Param("high", Float(), 0.05, "upper bound, above low"),
    DRAW_BIAS,
    info=InitInfo(constraints=(below("low", "high"),)),
)
declare(
    "init",
    "xavier",
    "Glorot & Bengio (2010): variance gain^2 * 2 / (fan_in + fan_out).",
    GAIN,
    Param("distribution", Choice(("normal", "uniform")), "uniform", "shape of the draw"),
    aliases=("glorot",),
    info=InitInfo(matrices=True),
)
declare(
    "init",
    "kaiming",
    "He et al. (2015): variance gain(nonlinearity)^2 / fan, for ReLU-family networks.",
    Param(
        "nonlinearity",
        Choice(("relu", "leaky_relu", "linear", "sigmoid", "tanh", "selu")),
        "relu",
        "activation that follows the layer; sets the gain",
    ),
    Param("slope", Float(min=0), 0.01, "negative slope when nonlinearity is leaky_relu"),
    Param("mode", Choice(("fan_in", "fan_out")), "fan_in", "preserve forward or backward variance"),
    DISTRIBUTION,
    aliases=("he",),
    info=InitInfo(matrices=True),
)
declare(
    "init",
    "orthogonal",
    "Saxe et al. (2014): (semi-)orthogonal weight matrices scaled by gain.",
    GAIN,
    info=InitInfo(matrices=True),
)
declare("init", "zeros", "Every weight and bias zero (only sensible for tests or output layers).")
