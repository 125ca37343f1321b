"""New data for a trained run: read a CSV, NPY or NPZ file and apply the run's transforms.

The transforms are the spec's, with the statistics fitted during the run
(run_state.json), never refitted on the new data. ``noise`` is not applied: it
corrupted the stored splits once, when they were loaded, and is not part of what
the model takes as input.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from nnspec.data.base import LOADERS, Arrays, arrays, canonical
from nnspec.data.files import npz
from nnspec.data.fitted import APPLIES
from nnspec.data.tables import read_rows
from nnspec.data.transforms import TRANSFORMS
from nnspec.errors import RunError, UsageError
from nnspec.spec.typed import Application, Data, Spec

SUFFIXES = (".csv", ".npy", ".npz")


def read_new(path: Path, data: Data) -> Arrays:
    """A file's examples (and labels, where it has them) in canonical dtypes."""
    if not path.is_file():
        raise UsageError(f"--data {path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"--data {path}: expected a .csv, .npy or .npz file")
    kind, params = data.dataset.kind, data.dataset.params
    same = kind == suffix[1:]  # the run read files of this format: read the new one alike
    if suffix == ".npy":
        return _npy(path)
    if suffix == ".npz":
        return _npz(path, params if same else {"x": "x", "y": "y"})
    return _csv(path, params if same else None)


def _npy(path: Path) -> Arrays:
    try:
        x = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise RunError(f"{path}: not a readable .npy array ({exc})") from None
    if x.dtype.kind not in "biuf" or x.ndim == 0:
        raise RunError(f"{path}: expected numbers, one row per example; found {x.dtype} {x.shape}")
    return arrays(x)


def _npz(path: Path, keys: dict) -> Arrays:
    """The spec's array names where the spec reads an NPZ archive, else x and y."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            y = keys.get("y") if keys.get("y") in archive.files else None
    except (ValueError, OSError):  # not an archive: the loader says so, naming the file
        y = None
    params = {"path": path.name, "x": keys["x"], "y": y, "shape": None, "classes": None}
    params["y_shape"] = keys.get("y_shape")
    return npz(params, np.random.default_rng(0), path.parent)


def _csv(path: Path, spec_csv: dict | None) -> Arrays:
    """The spec's CSV layout where the spec reads a CSV; else every column is a feature."""
    header = spec_csv["header"] if spec_csv else _has_header(path)
    label = spec_csv["label"] if spec_csv else None
    if spec_csv and isinstance(label, str):
        names = read_rows(path, header)[0] or []
        label = label if label in names else None  # inputs to predict need no label column
    params = {"path": path.name, "header": header, "label": label, "shape": None, "classes": None}
    return LOADERS["csv"](params, np.random.default_rng(0), path.parent)


def _has_header(path: Path) -> bool:
    """Whether the first row holds a cell that is not a number."""
    first = read_rows(path, False)[1][0]
    try:
        [float(cell) for cell in first]
    except ValueError:
        return True
    return False


def prepare_new(found: Arrays, state: dict, spec: Spec, shown: str) -> Arrays:
    """The new examples shaped as the run's raw data, then transformed as the run's were."""
    x = _as_input(found["x"], state["input"], shown)
    out = {"x": x, **({"y": found["y"]} if "y" in found and state["y"] is not None else {})}
    for transform, kept in zip(spec.data.transforms, state["transforms"], strict=True):
        out = _transform(transform, kept, out)
    out = {k: canonical(a) for k, a in out.items()}
    want = state["x"]["shape"]
    if list(out["x"].shape[1:]) != want:
        raise RunError(
            f"{shown}: after the transforms an example has shape "
            f"{list(out['x'].shape[1:])}, but the run's examples have {want}"
        )
    return out


def _as_input(x: np.ndarray, shape: list[int], shown: str) -> np.ndarray:
    """Examples in the raw shape the run read; a flat row of as many values is reshaped."""
    if list(x.shape[1:]) == shape:
        return x
    if math.prod(x.shape[1:]) == math.prod(shape):
        return x.reshape(len(x), *shape)
    raise RunError(
        f"{shown}: each example has shape {list(x.shape[1:])} ({math.prod(x.shape[1:])} values), "
        f"but the run was trained on examples of shape {shape} ({math.prod(shape)} values)"
    )


def _transform(transform: Application, kept: dict, data: Arrays) -> Arrays:
    name, params = transform.kind, transform.params
    from nnspec.registry import REGISTRY

    target = REGISTRY.get("transform", name).info.target
    if name == "noise" or target not in data:
        return data
    a = data[target]
    if name in APPLIES:
        done = APPLIES[name](params, kept["state"], a)
    else:
        done = TRANSFORMS[name](params, {"train": a}, np.random.default_rng(0))["train"]
    return {**data, target: done}
