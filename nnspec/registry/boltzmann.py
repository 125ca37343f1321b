"""Boltzmann machines and deep Boltzmann machines: their networks, losses and likelihoods.

Seed 003 ("玻尔兹曼机 BM", "Deep Boltzmann Machine"). A ``boltzmann_machine`` couples every
pair of its binary units and trains with Gibbs-sampled positive (visible units clamped)
and negative (free-running) phases, the ``boltzmann`` loss. A ``dbm`` stacks layers
coupled both ways and trains with the ``mean_field`` loss: a mean-field positive phase
and persistent Gibbs chains, pretrained level by level as RBMs with doubled weights.
Both carry ``NetworkInfo.boltzmann``: log Z and the likelihood by exact enumeration
(``exact_log_likelihood``) or annealed importance sampling (``ais_log_likelihood``).
"""

from __future__ import annotations

from itertools import pairwise

from nnspec.errors import SpecError
from nnspec.registry.core import declare
from nnspec.registry.info import LossInfo, MetricInfo, NetworkInfo
from nnspec.registry.loss_rules import visible_units
from nnspec.registry.metrics import NETWORK
from nnspec.registry.networks import INIT_STD, _sizes, _top
from nnspec.registry.params import Bool, Float, Int, ListOf, Param, Ref
from nnspec.words import a

MEAN_FIELD = Param(
    "mean_field", Int(1), 10, "mean-field updates of the hidden units' posterior given v"
)


def _bm_count(p: dict, x: tuple, env: object) -> int:
    n = p["visible"] + p["hidden"]
    return n * (n - 1) // 2 + n  # one weight per pair of units, one bias per unit


def layered_count(p: dict, x: tuple, env: object) -> int:
    """Layers coupled to their neighbours by one matrix each (a dbm's, a gsn's)."""
    sizes = _sizes(p)
    return sum(a * b for a, b in pairwise(sizes)) + sum(sizes)  # W per level, b per layer


HIDDEN_LAYERS = Param(
    "hidden",
    ListOf(Int(1), min_len=1, scalar_ok=True),
    doc="units of each hidden layer, bottom first",
)


declare(
    "network",
    "boltzmann_machine",
    "A Boltzmann machine: binary visible and hidden units, every pair coupled symmetrically.",
    Param("visible", Int(1), doc="number of visible units"),
    Param("hidden", Int(1), doc="number of hidden units"),
    INIT_STD,
    MEAN_FIELD,
    shape=lambda p, x, env: (p["hidden"],),
    count=_bm_count,
    info=NetworkInfo(boltzmann=True),
)
declare(
    "network",
    "dbm",
    "A deep Boltzmann machine: layers of binary units, each coupled both ways to the next "
    "(one hidden layer: an RBM).",
    Param("visible", Int(1), doc="number of visible units"),
    HIDDEN_LAYERS,
    INIT_STD,
    MEAN_FIELD,
    shape=_top,
    count=layered_count,
    info=NetworkInfo(stackable=True, unrollable=True, boltzmann=True),
)


def trains(kind: str, loss: str):
    """The wiring rule of a loss that trains networks of ``kind`` on the data's units."""

    def rule(ctx) -> list[SpecError]:
        actual = ctx.shapes[ctx.loss["model"]].kind
        if actual != kind:
            return [
                SpecError(
                    f"loss '{ctx.name}' ({loss}) trains {a(kind)} network",
                    f"losses.{ctx.name}.model",
                    ctx.loss.where("model"),
                    expected=f"{a(kind)} network",
                    received=f"'{ctx.loss['model']}', {a(actual)} network",
                )
            ]
        return visible_units(ctx)

    return rule


MODEL = Param("model", Ref("network"), doc="the network it trains")
CHAINS = Param("chains", Int(1), 100, "persistent Gibbs chains of the negative phase")
WEIGHT_COST = Param("weight_cost", Float(0), 0.0, "L2 cost ½·c·‖W‖² on the weights (not biases)")
declare(
    "loss",
    "boltzmann",
    "Boltzmann machine learning: ⟨sᵢsⱼ⟩ with the visible units clamped minus ⟨sᵢsⱼ⟩ free "
    "running, both by Gibbs sampling.",
    MODEL,
    Param("sweeps", Int(1), 5, "Gibbs sweeps over the units in each phase, per update"),
    CHAINS,
    Param(
        "persistent",
        Bool(),
        True,
        "keep the free-running chains between updates; false: restart them at the clamped states",
    ),
    WEIGHT_COST,
    info=LossInfo(trains("boltzmann_machine", "boltzmann"), roles={"features": "model"}),
)
declare(
    "loss",
    "mean_field",
    "DBM learning: a mean-field positive phase and persistent Gibbs chains; level by level "
    "(a layerwise phase), RBMs with doubled weights.",
    MODEL,
    Param("k", Int(1), 5, "Gibbs steps of the chains per update (CD-k when pretraining)"),
    CHAINS,
    WEIGHT_COST,
    info=LossInfo(trains("dbm", "mean_field"), roles={"features": "model"}, layerwise="model"),
)

declare(
    "metric",
    "exact_log_likelihood",
    "Exact log-likelihood per example, and KL(split ‖ model) from the split's empirical "
    "distribution, by enumerating states (at most 2^22).",
    NETWORK,
    info=MetricInfo("split", ("exact_log_likelihood", "exact_kl"), network_has="boltzmann"),
)
declare(
    "metric",
    "ais_log_likelihood",
    "Log-likelihood per example with log Z by annealed importance sampling (a DBM's: the "
    "mean-field lower bound), log Ẑ and its standard error.",
    NETWORK,
    Param("runs", Int(2), 100, "independent AIS runs"),
    Param("steps", Int(1), 10000, "inverse temperatures between 0 and 1"),
    info=MetricInfo(
        "split", ("ais_log_likelihood", "ais_log_z", "ais_log_z_se"), network_has="boltzmann"
    ),
)
