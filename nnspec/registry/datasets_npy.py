"""The ``npy`` dataset: NumPy .npy files, one or many shards, read by row offset (torch-free).

Its declaration and its ``validate`` header reader; the loader is nnspec.data.mapped.
"""

from __future__ import annotations

from pathlib import Path

from nnspec.registry.core import declare
from nnspec.registry.dataset_headers import Found, _reshaped
from nnspec.registry.datasets import CLASSES, SHAPE, info
from nnspec.registry.file_headers import BadFile
from nnspec.registry.info import DatasetInfo
from nnspec.registry.params import REQUIRED, Param, Str
from nnspec.registry.shards import npy_shards


def read_npy(params: dict, base_dir: Path) -> Found:
    """The examples' shards agree with each other, and the labels' shards with them."""
    shards = npy_shards(base_dir, params["path"], "path")
    if params["labels"] is not None:
        labels = npy_shards(base_dir, params["labels"], "labels")
        _paired(shards, labels, params["labels"])
    return Found(_reshaped(shards[0].row, params, params["path"]), params["classes"])


def _paired(shards: list, labels: list, shown: str) -> None:
    """One label file per example file, one label per example."""
    if len(labels) != len(shards):
        raise BadFile(
            f"{shown}: {len(labels)} label file(s) for {len(shards)} example file(s)",
            "labels",
            "one label file per example file, matched in sorted order",
        )
    if labels[0].row:
        raise BadFile(
            f"{shown}: each label has shape {list(labels[0].row)}; expected one value per example",
            "labels",
            "an array of shape [examples]",
        )
    for x, y in zip(shards, labels, strict=True):
        if x.rows != y.rows:
            raise BadFile(f"{y.path.name}: {x.rows} examples but {y.rows} labels", "labels")


declare(
    "dataset",
    "npy",
    "NumPy .npy files, rows read at their offsets (never unpickled): path is one file or a glob "
    "pattern such as parts/x-*.npy, whose matches are shards in sorted order. x is float32 "
    "(uint8 pixels stay 0..255: add a scale transform); integer labels are int64. With "
    "data.stream: true the examples stay on disk and are read batch by batch.",
    Param("path", Str(), REQUIRED, "the examples' .npy file or glob pattern, relative to the spec"),
    Param("labels", Str(), None, "the labels' .npy file or pattern: one file per examples file"),
    SHAPE,
    CLASSES,
    info=DatasetInfo(
        lambda p: info(p["shape"], p["classes"], None if p["labels"] is None else ()),
        header=read_npy,
        streams=True,
    ),
)
