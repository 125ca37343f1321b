"""The deep generative stochastic network (``gsn``) and its ``walkback`` loss.

Bengio, Thibodeau-Laufer, Alain & Yosinski (2014), "Deep Generative Stochastic Networks
Trainable by Backprop", the GAN paper's Table 1 row "Deep GSN": visible units x and
hidden layers h¹..hᴸ, each coupled to its neighbours by one tied weight matrix. A
simulation step updates the odd layers, then the even ones (x among them), each from
its neighbours, with salt-and-pepper noise on x and Gaussian noise before and after
each hidden unit's tanh. The walkback loss unrolls 2L such steps from a corrupted
example and sums the cross-entropy of the clean example under x's means at every step;
backprop runs through the whole chain. The same chain, run from noise, samples.
"""

from __future__ import annotations

from nnspec.registry.boltzmann import HIDDEN_LAYERS, layered_count, trains
from nnspec.registry.core import declare
from nnspec.registry.info import LossInfo, NetworkInfo
from nnspec.registry.networks import _top
from nnspec.registry.params import Bool, Float, Int, Param, Ref

declare(
    "network",
    "gsn",
    "A deep generative stochastic network: visible and tanh hidden layers with tied weights "
    "between neighbours, run as a noisy chain (odd layers, then even) that samples itself.",
    Param("visible", Int(1), doc="number of visible units"),
    HIDDEN_LAYERS,
    Param("input_noise", Float(0, 1), 0.4, "salt-and-pepper fraction of x set to 0 or 1"),
    Param("hidden_noise", Float(0), 2.0, "σ of the Gaussian noise before and after each tanh"),
    Param(
        "noisy_h1",
        Bool(),
        False,
        "the first hidden layer gets the Gaussian noise too (the paper's code: no, x is noisy)",
    ),
    Param("sample_input", Bool(), True, "draw x as bits from its means before corrupting it"),
    Param("sample_steps", Int(1), 100, "chain steps per sample drawn, from noise"),
    shape=_top,
    count=layered_count,
    info=NetworkInfo(sampleable=True),
)
declare(
    "loss",
    "walkback",
    "GSN training: the mean over the walkback chain's steps of the cross-entropy of the "
    "clean example under x's means, backpropagated through the whole unrolled chain.",
    Param("model", Ref("network"), doc="the gsn it trains"),
    Param("walkback", Int(1), None, "simulation steps; default: 2 × the hidden layers"),
    info=LossInfo(trains("gsn", "walkback"), roles={"sampler": "model"}),
)
