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

ROLES = ("classifier", "regressor", "features", "sampler", "reconstructor", "bound")
Role = Literal["classifier", "regressor", "features", "sampler", "reconstructor", "bound"]


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
    constraints: tuple[Constraint, ...] = ()
    # ``conditional: true``'s expansion: each parameter naming a network that then takes
    # the one-hot labels too, after the latent code ("latent") or the flattened data ("data").
    conditions: Mapping[str, Literal["latent", "data"]] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkInfo:
    """stackable: pretrained level by level; unrollable: its up-pass can be a layer;
    sampleable: it draws samples itself (Gibbs); hebbian: it stores patterns;
    likelihood: it has a free energy and a likelihood of its own (one RBM, not a stack);
    bits: why a stack's codes cannot be sampled as bits (layer-wise ``input: sample``),
    as a ``Violation`` of its parameters, or None when they can."""

    stackable: bool = False
    unrollable: bool = False
    sampleable: bool = False
    hebbian: bool = False
    likelihood: bool = False
    bits: Constraint | None = None
    constraints: tuple[Constraint, ...] = ()
    # A network's own static rule, (name, body, data_x, env, path) -> NetworkShape,
    # for kinds whose shapes are more than one input to one output (graph).
    infer: Callable | None = None


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

    ``check(spec, body, path) -> errors``; ``optimizer_steps(entry, per_epoch)`` gives
    how many times each named optimizer steps; ``planner`` is ``"module:function"``
    of its torch-side planner, imported only when a run plans the phase.
    """

    length: bool
    check: Callable[[Any, Any, str], list]
    optimizer_steps: Callable[[Mapping[str, Any], int], dict[str, int]]
    planner: str
    constraints: tuple[Constraint, ...] = ()


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
    needs_modes: bool = False
    network_has: str | None = None
    per_loss: bool = False  # reports one value per (single-term) loss, not ``reports``
    constraints: tuple[Constraint, ...] = ()


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


@dataclass(frozen=True)
class TransformInfo:
    """Which part of an example a transform changes: ``x`` or the labels ``y``."""

    target: Literal["x", "y"]
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class LayerInfo:
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class OptimizerInfo:
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class LrScheduleInfo:
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class InitInfo:
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
