"""Dataset declarations: built-in real and synthetic sets, and file loaders (torch-free).

Each dataset carries ``info=DatasetInfo(fn)``: ``fn(params)`` gives the data's shapes
from the parameters alone, so ``validate`` checks networks against data without
loading anything. ``x`` is one example's shape, or None when only the file knows it
(file loaders take an optional ``shape`` to make it known); ``classes`` is the number
of label classes, or None; ``y`` is one label's shape (``()`` for a class index, a
tuple for regression targets or per-step labels), or None when there are no labels.
Parameters whose default is None accept null.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from nnspec.registry import dataset_headers as headers
from nnspec.registry.core import REGISTRY, declare
from nnspec.registry.info import DatasetInfo
from nnspec.registry.params import (
    REQUIRED,
    Bool,
    Choice,
    Float,
    Int,
    Invalid,
    ListOf,
    Param,
    ParamType,
    Shape,
    Str,
)

Info = dict[str, Any]


def info(x: Any, classes: int | None = None, y: Any = None) -> Info:
    """An info dict with shapes as tuples (or None)."""
    return {"x": _tuple(x), "classes": classes, "y": _tuple(y)}


def _tuple(shape: Any) -> tuple[int, ...] | None:
    return None if shape is None else tuple(shape)


def dataset_info(dataset: dict) -> Info:
    """The info of a normalised dataset entry ``{kind: params}``."""
    ((name, params),) = dataset.items()
    return REGISTRY.get("dataset", name).info.shapes(params)


@dataclass(frozen=True)
class Column(ParamType):
    """A CSV column: its header name or its 0-based index (negative counts from the end)."""

    def describe(self) -> str:
        return "a column name or a 0-based column index"

    def check(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise Invalid(self.describe(), value)
        return value

    def schema(self) -> dict:
        return {"anyOf": [{"type": "string"}, {"type": "integer"}]}


def _image(params: dict, side: int) -> tuple[int, ...]:
    return (side * side,) if params["layout"] == "flat" else (1, side, side)


def _layout(side: str) -> Param:
    return Param(
        "layout", Choice(("flat", "image")), "flat", f"flat: ({side},); image: (1, {side})"
    )


def _copy_info(steps: int, classes: int) -> Info:
    return info((steps,), classes, (steps,))


def ring_modes(p: dict) -> tuple[list[tuple[float, float]], float]:
    """The ring's mode centres and per-mode std."""
    angles = [2 * math.pi * k / p["modes"] for k in range(p["modes"])]
    return [(p["radius"] * math.cos(a), p["radius"] * math.sin(a)) for a in angles], p["std"]


def grid_modes(p: dict) -> tuple[list[tuple[float, float]], float]:
    """The grid's mode centres, row by row, and per-mode std."""
    half = (p["side"] - 1) / 2
    cells = [(k // p["side"] - half, k % p["side"] - half) for k in range(p["side"] ** 2)]
    return [(p["spacing"] * i, p["spacing"] * j) for i, j in cells], p["std"]


SIZE = Param("size", Int(min=1), 10000, "number of examples generated")
SHAPE = Param(
    "shape", Shape(), None, "one example's shape: checked against the file, then used to reshape"
)
CLASSES = Param("classes", Int(min=1), None, "number of classes; labels are checked to be below it")

declare(
    "dataset",
    "digits",
    "scikit-learn's bundled 8×8 handwritten digits (1797 images, 10 classes), pixels 0..16. "
    "nudge: true appends the 1-pixel shifts up, left, right and down of scikit-learn's "
    "BernoulliRBM example (nudge_dataset), giving 5× the data.",
    Param("nudge", Bool(), False, "append the four 1-pixel shifts (5× the data)"),
    _layout("64"),
    info=DatasetInfo(lambda p: info(_image(p, 8), 10, ())),
)
declare(
    "dataset",
    "xor",
    "The four XOR points (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, repeated, with optional "
    "gaussian noise.",
    Param("repeat", Int(min=1), 1, "copies of the four points"),
    Param("noise", Float(min=0), 0.0, "standard deviation of gaussian noise added to x"),
    info=DatasetInfo(lambda p: info((2,), 2, ())),
)
declare(
    "dataset",
    "ring",
    "A ring of gaussians in 2-D: mode k is centred at radius·(cos 2πk/modes, sin 2πk/modes); "
    "y = k.",
    Param("modes", Int(min=1), 8, "number of gaussians"),
    Param("radius", Float(min=0, open_min=True), 2.0, "radius of the ring"),
    Param("std", Float(min=0), 0.02, "standard deviation of each gaussian"),
    Param("size", Int(min=1), 50000, "number of examples"),
    info=DatasetInfo(lambda p: info((2,), p["modes"], ()), modes=ring_modes),
)
declare(
    "dataset",
    "grid",
    "A side×side grid of gaussians in 2-D, centred at spacing·(i − (side−1)/2, j − (side−1)/2); "
    "y = i·side + j.",
    Param("side", Int(min=1), 5, "gaussians per row and column"),
    Param("spacing", Float(min=0, open_min=True), 2.0, "distance between neighbouring centres"),
    Param("std", Float(min=0), 0.05, "standard deviation of each gaussian"),
    Param("size", Int(min=1), 50000, "number of examples"),
    info=DatasetInfo(lambda p: info((2,), p["side"] ** 2, ()), modes=grid_modes),
)
declare(
    "dataset",
    "bars_and_stripes",
    "Every side×side binary image whose rows are all constant or whose columns are all constant "
    "(2·2^side − 2 distinct images; 30 for side 4), repeated. No labels.",
    Param("side", Int(min=1, max=12), 4, "image side"),
    Param("repeat", Int(min=1), 1, "copies of the full set"),
    _layout("side²"),
    info=DatasetInfo(lambda p: info(_image(p, p["side"]))),
)
declare(
    "dataset",
    "patterns",
    "Random ±1 patterns, each unit +1 or −1 with probability 1/2, to store in a Hopfield network.",
    Param("count", Int(min=1), 10, "number of patterns"),
    Param("size", Int(min=1), 100, "units per pattern"),
    info=DatasetInfo(lambda p: info((p["size"],))),
)
declare(
    "dataset",
    "adding",
    "The adding problem: x (length, 2) holds a uniform [0, 1) value channel and a marker "
    "channel with one 1 in the first half and one in the second; y (1,) is the sum of the two "
    "marked values.",
    Param("length", Int(min=2), 50, "sequence length T"),
    SIZE,
    info=DatasetInfo(lambda p: info((p["length"], 2), None, (1,))),
)
declare(
    "dataset",
    "copy_memory",
    "The copy-memory task: x is length symbols (ids 1..alphabet), delay−1 blanks (0), a delimiter "
    "(alphabet+1) and length blanks; y is blanks for length+delay steps, then the symbols. "
    "T = 2·length + delay; classes = alphabet + 2.",
    Param("length", Int(min=1), 10, "symbols to remember"),
    Param("delay", Int(min=1), 100, "steps between the symbols and the delimiter's end"),
    Param("alphabet", Int(min=1), 8, "number of distinct symbols"),
    SIZE,
    info=DatasetInfo(lambda p: _copy_info(2 * p["length"] + p["delay"], p["alphabet"] + 2)),
)
declare(
    "dataset",
    "reverse",
    "Reverse a random sequence: x is length uniform token ids in 0..vocab−1, y is x reversed.",
    Param("length", Int(min=1), 10, "sequence length T"),
    Param("vocab", Int(min=2), 10, "number of tokens"),
    SIZE,
    info=DatasetInfo(lambda p: _copy_info(p["length"], p["vocab"])),
)


declare(
    "dataset",
    "idx",
    "MNIST-style IDX files (gzipped or raw, told apart by magic bytes). x is float32 pixels as "
    "stored (0..255 for MNIST): add a scale transform. x's shape is the file's unless shape "
    "is set.",
    Param("images", Str(), REQUIRED, "IDX file of examples, relative to the spec's directory"),
    Param("labels", Str(), None, "IDX file of one integer label per example"),
    SHAPE,
    CLASSES,
    info=DatasetInfo(
        lambda p: info(p["shape"], p["classes"], None if p["labels"] is None else ()),
        header=headers.read_idx,
    ),
)
declare(
    "dataset",
    "npz",
    "Arrays from a NumPy .npz archive (never unpickled). x is float32; integer labels are int64, "
    "real targets float32.",
    Param("path", Str(), REQUIRED, "the .npz file, relative to the spec's directory"),
    Param("x", Str(), "x", "name of the examples array"),
    Param("y", Str(), None, "name of the labels array"),
    Param("y_shape", Shape(), None, "one label's shape, when a label is not a single value"),
    SHAPE,
    CLASSES,
    info=DatasetInfo(lambda p: info(p["shape"], p["classes"], _npz_y(p)), header=headers.read_npz),
)


def _npz_y(params: dict) -> tuple | None:
    if params["y"] is None:
        return None
    return () if params["y_shape"] is None else tuple(params["y_shape"])


declare(
    "dataset",
    "csv",
    "A CSV table: every column but the label is a float32 feature. Integer labels are class ids; "
    "other numbers are float32 regression targets; any other text names classes, numbered in "
    "sorted order.",
    Param("path", Str(), REQUIRED, "the .csv file, relative to the spec's directory"),
    Param("label", Column(), None, "the label column: header name or 0-based index"),
    Param("header", Bool(), True, "the first row names the columns"),
    SHAPE,
    CLASSES,
    info=DatasetInfo(
        lambda p: info(p["shape"], p["classes"], None if p["label"] is None else ()),
        header=headers.read_csv,
        streams=True,
    ),
)
declare(
    "dataset",
    "image_folder",
    "Images in one sub-folder per class (classes numbered in sorted folder order), read with "
    "Pillow and resized to size. x is float32 (channels, height, width) in 0..255.",
    Param("path", Str(), REQUIRED, "the folder, relative to the spec's directory"),
    Param("size", ListOf(Int(min=1), min_len=2, max_len=2), REQUIRED, "[height, width]"),
    Param("grayscale", Bool(), False, "one channel instead of three (RGB)"),
    CLASSES,
    info=DatasetInfo(
        lambda p: info((1 if p["grayscale"] else 3, *p["size"]), p["classes"], ()),
        header=headers.read_image_folder,
    ),
)
