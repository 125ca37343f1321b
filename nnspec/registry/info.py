"""What each kind means beyond its parameters: one typed, torch-free info object per kind.

A kind's info is declared with it (``declare(..., info=LossInfo(...))``) and is the
only place its static behaviour lives: the checks of ``validate`` and the lookups of
the torch side loop over kinds and read these fields, so no module outside a kind's
declaration and implementation names it. A plugin declares the same objects.

Roles name what a loss offers a metric (its classifier, its sampler); a metric that
scores a role's network by default asks every loss of the spec for that role.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# coder: a loss whose network predicts the code its generator's samples were drawn with
ROLES = ("classifier", "regressor", "features", "sampler", "reconstructor", "bound", "coder")
Role = Literal["classifier", "regressor", "features", "sampler", "reconstructor", "bound", "coder"]


def never(params: Mapping[str, Any]) -> bool:
    return False


@dataclass(frozen=True)
class Violation:
    """A broken cross-parameter constraint of one application, for the checker to locate."""

    param: str
    message: str
    expected: str
    received: str


Constraint = Callable[[Mapping[str, Any]], "Violation | None"]


@dataclass(frozen=True)
class LossInfo:
    """A loss kind's static behaviour.

    ``wiring(ctx)`` is its shape rule (``nnspec.spec.check.section_shapes``'s context; None: it
    has no shapes to join). ``needs_labels(params)`` says whether it reads labels;
    ``classifies`` whether its model scores classes. ``trains`` maps
    each term to the parameters naming the networks it trains; ``samples`` names the
    parameter of the network it can draw samples from; ``roles`` what it offers
    metrics; ``layerwise`` the parameter naming a stack it pretrains level by level.
    ``scores``: how a classifier's outputs become class probabilities (``softmax``
    over classes, or a ``sigmoid`` per output, as for binary cross-entropy).
    ``data_free``: the terms that read no training examples (a GAN's generator step
    samples noise only, Algorithm 1), only labels where ``needs_labels``; a step of
    such a term draws no batch, so it does not count towards an epoch.
    """

    wiring: Callable[[Any], list] | None = None
    trains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    samples: str | None = None
    needs_labels: Callable[[Mapping[str, Any]], bool] = never
    classifies: bool = False
    roles: Mapping[str, str] = field(default_factory=dict)
    layerwise: str | None = None
    sums: bool = False  # a weighted sum of other losses' terms (its ``terms`` parameter)
    scores: Literal["softmax", "sigmoid"] = "softmax"
    data_free: tuple[str, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    residuals: bool = False  # its value is the mean squared residual of outputs vs targets
    whole_data: bool = False  # it reads every training example at once (cannot stream)
    # its terms fill the gradients themselves (cd's closed form) and return a detached
    # value: the loop skips backward, and no closure can differentiate it (lbfgs)
    writes_gradients: bool = False
    # ``conditional: true``'s expansion: each parameter naming a network that then takes
    # the one-hot labels too, after the latent code ("latent") or the flattened data ("data").
    conditions: Mapping[str, Literal["latent", "data"]] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkInfo:
    """stackable: pretrained level by level; unrollable: its up-pass can be a layer;
    sampleable: it draws samples itself (its module's ``draw_chain``: Gibbs, or a contractive
    autoencoder's chain); rbms: its levels are RBMs (contrastive divergence trains it, its
    filters and Gibbs chains are pictured); decodes: its levels are autoencoders, each with a
    decoder (reconstruction and contractive losses pretrain them level by level);
    hebbian: it stores patterns;
    likelihood: it has a free energy and a likelihood of its own (one RBM, not a stack);
    boltzmann: binary units coupled pairwise, whose module gives log Z exactly and by AIS
    (``exact_log_partition``, ``ais_log_partition``, ``log_unnormalised``);
    untied: its directed levels have recognition and generative weights of their own
    (a ``wake_sleep`` phase fine-tunes them);
    bits: why a stack's codes cannot be sampled as bits (layer-wise ``input: sample``),
    as a ``Violation`` of its parameters, or None when they can."""

    stackable: bool = False
    unrollable: bool = False
    sampleable: bool = False
    rbms: bool = False
    decodes: bool = False
    hebbian: bool = False
    likelihood: bool = False
    boltzmann: bool = False
    untied: bool = False
    bits: Constraint | None = None
    constraints: tuple[Constraint, ...] = ()
    # A network's own static rule, (name, body, data_x, env, path) -> NetworkShape,
    # for kinds whose shapes are more than one input to one output (graph).
    infer: Callable | None = None


# The roles of parameters an optimizer's ``groups`` can set apart, and the usual split.
PARAM_ROLES = ("weights", "biases", "norm")
ParamRole = Literal["weights", "biases", "norm"]
WEIGHTS_AND_BIASES: Mapping[str, ParamRole] = {"weight": "weights", "bias": "biases"}

# How a role reads in messages ("noise 'masking' is a corruption, not a latent prior").
ROLE_WORDS = {"prior": "latent prior", "corruption": "corruption"}


@dataclass(frozen=True)
class NoiseInfo:
    """A latent ``prior`` (drawn, has a size) or a ``corruption`` (applied to inputs)."""

    role: Literal["prior", "corruption"]
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class PhaseInfo:
    """A phase kind: whether it takes steps/epochs, its static check, its step count.

    ``check(spec, body, path) -> errors``; ``optimizer_steps(spec, entry, per_epoch)``
    gives how many times each named optimizer steps; ``planner`` is ``"module:function"``
    of its torch-side planner, imported only when a run plans the phase.
    """

    length: bool
    check: Callable[[Any, Any, str], list]
    optimizer_steps: Callable[[Any, Mapping[str, Any], int], dict[str, int]]
    planner: str
    accumulates: bool = False  # its updates can average the gradients of several batches
    # its update is one loss term the loop calls, so a full-batch optimizer (lbfgs) can
    # evaluate that term on every training example (``OptimizerInfo.full_batch``)
    full_batch: bool = False
    constraints: tuple[Constraint, ...] = ()
    streams: bool = False  # it can train on streamed data (data.stream), batch by batch


@dataclass(frozen=True)
class MetricInfo:
    """What a metric reports and needs.

    ``scope``: it reads a data ``split``, draws ``samples`` of a model (reported
    under ``eval/``) or watches ``training``. ``role``: whose network (or loss, for a
    metric with a ``loss`` parameter) it scores by default. ``network_has``: the
    ``NetworkInfo`` flag its network's kind must carry (``likelihood``, ``hebbian``);
    by default it scores the spec's only network of such a kind.
    ``needs_sampleable``: a loss samples its network; ``needs_conditional``: that loss
    conditions on labels; ``needs_classifier``: its ``classifier`` parameter names a
    network a loss trains as a classifier.
    """

    scope: Literal["split", "samples", "training"]
    reports: tuple[str, ...]
    role: Role | None = None
    needs_labels: bool = False
    needs_sampleable: bool = False
    needs_classifier: bool = False
    needs_conditional: bool = False
    # A parameter the scored network (of kind ``network_has``) must set above 0: label_accuracy
    # classifies by a dbn's label units, which ``labels: 0`` leaves out.
    network_needs: str | None = None
    needs_modes: bool = False
    network_has: str | None = None
    per_loss: bool = False  # reports one value per (single-term) loss, not ``reports``
    constraints: tuple[Constraint, ...] = ()
    batched: bool = False  # reads a split in evaluation batches only: it can score streamed data


@dataclass(frozen=True)
class DatasetInfo:
    """``shapes(params)``: the data's shapes from its parameters alone; ``modes(params)``:
    the (centres, std) of a synthetic mixture, or None when the data have no known modes;
    ``header(params, base_dir)``: what a file-backed set's file headers say (shapes,
    classes), read without loading it, for ``validate``; None for sets made in code."""

    shapes: Callable[[Mapping[str, Any]], dict]
    modes: Callable[[Mapping[str, Any]], tuple[list[tuple[float, float]], float]] | None = None
    header: Callable[[Mapping[str, Any], Any], Any] | None = None
    constraints: tuple[Constraint, ...] = ()
    streams: bool = False  # data.stream can leave its examples in their files


@dataclass(frozen=True)
class TransformInfo:
    """Which part of an example a transform changes: ``x`` or the labels ``y``."""

    target: Literal["x", "y"]
    constraints: tuple[Constraint, ...] = ()
    per_batch: bool = False  # it can apply to each streamed batch (fitted once, if fitted)


@dataclass(frozen=True)
class LayerInfo:
    """A layer kind's static behaviour beyond its shape and count rules.

    ``outputs``: what its output means to a loss that reads it (``nll`` wants
    ``log_probabilities``; ``probabilities`` sum to 1 over the last dimension;
    ``unit_probabilities`` are each a probability of their own, as a sigmoid's).
    ``roles``: the role of each of its parameters, for an optimizer's ``groups``,
    keyed by a word of the torch parameter's name
    (``weight`` in ``weight_ih_l0``, ``bias`` in ``in_proj_bias``).
    ``stepwise(params, forward)``: for a recurrent layer, why it cannot run forward in
    time carrying its state across calls (truncated BPTT), or with ``forward`` its
    sensitivities too (RTRL), as a ``Violation``; None when it can. Absent (None): the
    layer is not recurrent. ``reads_ids``: its input is integer ids, which only the data
    give (an embedding), so it must be its network's first layer.
    """

    outputs: Literal["values", "probabilities", "unit_probabilities", "log_probabilities"] = (
        "values"
    )
    roles: Mapping[str, ParamRole] = field(default_factory=lambda: dict(WEIGHTS_AND_BIASES))
    constraints: tuple[Constraint, ...] = ()
    stepwise: Callable[[Mapping[str, Any], bool], Violation | None] | None = None
    reads_ids: bool = False


@dataclass(frozen=True)
class OptimizerInfo:
    """``measures``: for an optimizer that needs a loss's residuals rather than a gradient
    (a Kalman filter), ``"module:function"`` of its torch-side term, ``(loss, term name,
    stepper) -> term``, which measures and leaves the update to the optimizer's step; the
    loss must declare ``LossInfo.residuals``. ``max_params``: the most parameters it can
    update (a dense covariance grows as their square). ``full_batch``: each step
    evaluates its loss term on every training example, as often as the step asks (L-BFGS's
    line search), through a closure handed to its ``step``; it draws no batch."""

    constraints: tuple[Constraint, ...] = ()
    measures: str | None = None
    max_params: int | None = None
    full_batch: bool = False


@dataclass(frozen=True)
class LrScheduleInfo:
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class InitInfo:
    """``matrices``: it draws only tensors of two or more dimensions (its fan needs them),
    so it cannot draw a normalisation's scale in a per-layer-kind ``init``."""

    matrices: bool = False
    constraints: tuple[Constraint, ...] = ()


INFO_TYPES: dict[str, type] = {
    "layer": LayerInfo,
    "network": NetworkInfo,
    "loss": LossInfo,
    "optimizer": OptimizerInfo,
    "lr_schedule": LrScheduleInfo,
    "dataset": DatasetInfo,
    "transform": TransformInfo,
    "metric": MetricInfo,
    "phase": PhaseInfo,
    "init": InitInfo,
    "noise": NoiseInfo,
}


def below(low: str, high: str) -> Constraint:
    """The constraint ``params[low] < params[high]``, reported at ``high``."""

    def rule(params: Mapping[str, Any]) -> Violation | None:
        if params[low] < params[high]:
            return None
        return Violation(
            high,
            f"{high} must be above {low}",
            f"{high} > {low} = {params[low]}",
            str(params[high]),
        )

    return rule
