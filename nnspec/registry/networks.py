"""Network kinds: sequential layer lists, and the energy-based networks.

A sequential network is written ``{input, layers, init}``; the others are
written as one key, ``{rbm: {visible: 64, hidden: 100}}``.
"""

from itertools import pairwise

from nnspec.registry.core import declare
from nnspec.registry.info import NetworkInfo, Violation
from nnspec.registry.params import Choice, Float, Int, ListOf, Nested, Param

SEQUENTIAL = (
    Param(
        "input",
        ListOf(Int(1), min_len=1, scalar_ok=True),
        None,
        "input shape without the batch dimension; omitted: the data's shape",
    ),
    Param("layers", Nested("layer", many=True), doc="the layers, applied in order"),
    Param(
        "init",
        Nested("init", by_layer=True),
        None,
        "weight initialisation for every layer, or per layer kind: {conv2d: {normal: 0.02}}",
    ),
)

UNITS = Param(
    "units",
    Choice(("bernoulli", "gaussian")),
    "bernoulli",
    "visible units: binary (bernoulli) or real-valued with unit variance (gaussian)",
)
INIT_STD = Param("init_std", Float(0, open_min=True), 0.01, "std of the initial weights N(0, std²)")
SAMPLE_STEPS = Param(
    "sample_steps",
    Int(1),
    1000,
    "Gibbs steps at the top RBM per sample drawn (outputs.samples, sampling metrics)",
)

declare(
    "network",
    "sequential",
    "Layers applied in order (written as {input, layers, init}).",
    *SEQUENTIAL,
    info=NetworkInfo(),
)


def _sizes(p: dict) -> list[int]:
    hidden = p["hidden"] if isinstance(p["hidden"], list) else [p["hidden"]]
    return [p["visible"], *hidden]


def _stack_count(p: dict, x: tuple, env: object) -> int:
    sizes = _sizes(p)
    return sum(a * b + a + b for a, b in pairwise(sizes))  # W, visible and hidden bias


def _autoencoder_count(p: dict, x: tuple, env: object) -> int:
    sizes = _sizes(p)
    return sum(2 * a * b + a + b for a, b in pairwise(sizes))  # encoder + decoder


def _top(p: dict, x: tuple, env: object) -> tuple:
    return (_sizes(p)[-1],)


declare(
    "network",
    "rbm",
    "A restricted Boltzmann machine: E(v,h) = −aᵀv − bᵀh − vᵀWh.",
    Param("visible", Int(1), doc="number of visible units"),
    Param("hidden", Int(1), doc="number of hidden units"),
    UNITS,
    INIT_STD,
    SAMPLE_STEPS,
    shape=_top,
    count=_stack_count,
    info=NetworkInfo(unrollable=True, sampleable=True, rbms=True, likelihood=True),
)
declare(
    "network",
    "rbm_stack",
    "RBMs stacked for a DBN: visible → hidden[0] → hidden[1] ...",
    Param("visible", Int(1), doc="number of visible units of the first RBM"),
    Param(
        "hidden",
        ListOf(Int(1), min_len=1, scalar_ok=True),
        doc="hidden units of each RBM, bottom first",
    ),
    UNITS,
    INIT_STD,
    SAMPLE_STEPS,
    shape=_top,
    count=_stack_count,
    info=NetworkInfo(stackable=True, unrollable=True, sampleable=True, rbms=True),
)


def _sigmoid_units(p: dict) -> Violation | None:
    """Codes sampled as bits must be probabilities: sigmoid units."""
    if p["activation"] == "sigmoid":
        return None
    units = f"activation: {p['activation']}"
    return Violation("activation", "its units are not probabilities", "activation: sigmoid", units)


declare(
    "network",
    "autoencoder_stack",
    "Autoencoders stacked for layer-wise pretraining (SDAE): sigmoid encoders and decoders.",
    Param("visible", Int(1), doc="input size of the first autoencoder"),
    Param(
        "hidden",
        ListOf(Int(1), min_len=1, scalar_ok=True),
        doc="code size of each autoencoder, bottom first",
    ),
    Param("activation", Choice(("sigmoid", "relu", "tanh")), "sigmoid", "unit nonlinearity"),
    shape=_top,
    count=_autoencoder_count,
    info=NetworkInfo(stackable=True, unrollable=True, bits=_sigmoid_units),
)
declare(
    "network",
    "hopfield",
    "A Hopfield network of ±1 units with Hebbian weights.",
    Param("size", Int(1), doc="number of units"),
    Param("update", Choice(("async", "sync")), "async", "asynchronous or synchronous updates"),
    Param("max_sweeps", Int(1), 50, "update sweeps before recall gives up"),
    shape=lambda p, x, env: (p["size"],),
    count=lambda p, x, env: 0,
    info=NetworkInfo(hebbian=True),
)  # Hebbian, not trained
