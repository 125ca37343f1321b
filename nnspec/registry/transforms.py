"""Transform declarations, and the static shapes of the data after them (torch-free).

Transforms run in order after splitting. Each one acts on one side of the data,
named by its ``TransformInfo.target``: ``"x"`` (the examples) or ``"y"`` (the labels). Its
``shape`` rule maps one example's (or one label's) shape, like a layer's. A ``"y"``
transform leaves ``classes`` alone: ``one_hot`` turns class-index labels of shape
``s`` into float32 vectors of shape ``s + (classes,)``, still naming as many classes.
Transforms with fitted statistics take ``fit``: ``train`` (the default) fits on the
train split; ``all`` fits on every split together, which is the same as transforming
before splitting (the protocol of scikit-learn's BernoulliRBM example).
"""

from __future__ import annotations

import math

from nnspec.registry.core import REGISTRY, Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.datasets import Info, dataset_info
from nnspec.registry.info import TransformInfo
from nnspec.registry.params import REQUIRED, Bool, Choice, Float, Int, ListOf, Number, Param
from nnspec.registry.params import Shape as ShapeParam

SPLITS = ("train", "val", "test")
FIT = Param(
    "fit",
    Choice(("train", "all")),
    "train",
    "fit on the train split, or on all splits together (as if before splitting)",
)
PAIR = ListOf(Number(), min_len=2, max_len=2)


def same(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    """Elementwise transforms keep the shape."""
    return shape


def _scale(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    if (params["from"] is None) == (not params["minmax"]):
        raise ShapeMismatch(
            "scale needs exactly one of 'from' and 'minmax: true'",
            expected="from: [lo, hi], or minmax: true",
            received=f"from: {params['from']}, minmax: {str(params['minmax']).lower()}",
        )
    if params["from"] is not None and params["from"][0] == params["from"][1]:
        raise ShapeMismatch("scale's 'from' range is empty", "lo != hi", str(params["from"]))
    return shape


def _reshape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    target = tuple(params["shape"])
    if math.prod(target) != math.prod(shape):
        raise ShapeMismatch(
            f"cannot reshape {math.prod(shape)} values into {list(target)}",
            expected=f"a shape of {math.prod(shape)} values",
            received=f"{list(target)} ({math.prod(target)} values)",
        )
    return target


def _flatten(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return (math.prod(shape),)


def _one_hot(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return (*shape, params["classes"])


def _x(rule=same, per_batch: bool = True) -> dict:
    return {"shape": rule, "info": TransformInfo("x", per_batch=per_batch)}


declare(
    "transform",
    "scale",
    "Map x linearly from [lo, hi] to 'to': a fixed 'from' range, or minmax: true for the "
    "smallest and largest value of the fitted data (one range for all features).",
    Param("from", PAIR, None, "the input range [lo, hi]"),
    Param("minmax", Bool(), False, "fit the input range to the data"),
    Param("to", PAIR, [0.0, 1.0], "the output range"),
    FIT,
    main="from",
    **_x(_scale),
)
declare(
    "transform",
    "minmax",
    "Scale each feature to 'to' from its fitted minimum and maximum, exactly as scikit-learn's "
    "minmax_scale (a constant feature is shifted, not scaled).",
    Param("to", PAIR, [0.0, 1.0], "the output range (scikit-learn's feature_range)"),
    FIT,
    main="to",
    **_x(),
)
declare(
    "transform",
    "standardize",
    "Subtract the fitted mean and divide by the fitted standard deviation (1 where it is 0).",
    Param("per_feature", Bool(), True, "one mean and deviation per feature, or one for all"),
    FIT,
    **_x(),
)
declare(
    "transform",
    "binarize",
    "Set x to 1.0 where it exceeds the threshold and to 0.0 elsewhere.",
    Param("threshold", Float(), 0.5, "values above it become 1"),
    main="threshold",
    **_x(),
)
declare("transform", "flatten", "Flatten each example to one vector.", **_x(_flatten))
declare(
    "transform",
    "reshape",
    "Reshape each example; the number of values must not change.",
    Param("shape", ShapeParam(), REQUIRED, "the new shape, without the batch dimension"),
    main="shape",
    **_x(_reshape),
)
declare(
    "transform",
    "noise",
    "Add seeded gaussian noise to x once, when the data are loaded. (Per-batch corruption for "
    "denoising autoencoders belongs to the loss, not here.)",
    Param("std", Float(min=0), 0.1, "standard deviation"),
    Param("splits", ListOf(Choice(SPLITS), min_len=1), list(SPLITS), "the splits it applies to"),
    main="std",
    **_x(per_batch=False),  # the noise of a split is drawn once, over all of it
)
declare(
    "transform",
    "one_hot",
    "Turn integer class labels y into float32 one-hot vectors: shape s becomes s + (classes,).",
    Param("classes", Int(min=1), REQUIRED, "length of the one-hot vectors"),
    main="classes",
    shape=_one_hot,
    info=TransformInfo("y"),
)
declare(
    "transform",
    "one_hot_inputs",
    "Turn integer token ids x into float32 one-hot vectors: shape s becomes s + (classes,).",
    Param("classes", Int(min=1), REQUIRED, "length of the one-hot vectors"),
    main="classes",
    **_x(_one_hot, per_batch=False),  # its ids are checked over every example first
)


def transform_info(data_info: Info, transform: dict, env: ShapeEnv | None = None) -> Info:
    """The info after one normalised transform ``{kind: params}``; raises ShapeMismatch.

    An unknown x shape (None) stays unknown; a ``"y"`` transform of data without
    labels is a mismatch.
    """
    ((name, params),) = transform.items()
    kind = REGISTRY.get("transform", name)
    target = kind.info.target
    shape = data_info[target]
    if shape is None and target == "y":
        raise ShapeMismatch(f"{name} transforms labels, but the dataset has none")
    if shape is not None:
        shape = tuple(kind.shape(params, shape, env))
    return {**data_info, target: shape}


def data_info(data: dict) -> Info:
    """The shapes of the data after every transform, from a normalised ``data`` section."""
    result = dataset_info(data["dataset"])
    for transform in data["transforms"]:
        result = transform_info(result, transform)
    return result
