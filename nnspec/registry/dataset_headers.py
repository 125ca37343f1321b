"""Per-kind readers of a file dataset's headers: what the files say, or ``BadFile``."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from pathlib import Path

from nnspec.registry.core import did_you_mean
from nnspec.registry.file_headers import BadFile, csv_rows, idx_header, npz_members
from nnspec.registry.shards import csv_shards, is_pattern

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")


@dataclass
class Found:
    """What one dataset's files say: one example's shape and the number of classes."""

    x: tuple[int, ...] | None
    classes: int | None


def _file(params: dict, param: str, base_dir: Path, folder: bool = False) -> Path | None:
    """The named file, resolved as the loader resolves it; None when only a run can read it."""
    resolved = Path(base_dir) / params[param]
    if not resolved.exists():
        raise BadFile(
            f"{params[param]}: file not found (looked for {resolved})",
            param,
            "a folder" if folder else "a file, relative to the spec's folder",
        )
    if folder != resolved.is_dir():
        raise BadFile(
            f"{params[param]}: not a folder" if folder else f"{params[param]}: is a folder",
            param,
            "a folder of class folders" if folder else "a file",
        )
    return resolved if folder or resolved.is_file() else None


def _reshaped(have: tuple[int, ...], params: dict, shown: str) -> tuple[int, ...]:
    """The declared shape, which must hold as many values as each example has."""
    shape = params.get("shape")
    if shape is None:
        return have
    if prod(have) != prod(shape):
        raise BadFile(
            f"{shown}: each example has {prod(have)} values, but shape {list(shape)} "
            f"needs {prod(shape)}",
            "shape",
            f"a shape of {prod(have)} values, such as {list(have)}",
        )
    return tuple(shape)


def read_csv(params: dict, base_dir: Path) -> Found | None:
    if is_pattern(params["path"]):
        path, shown, rows = csv_shards(params, base_dir)
    else:
        path = _file(params, "path", base_dir)
        if path is None:
            return None
        shown = params["path"]
        rows = csv_rows(path, 2 if params["header"] else 1, shown, "path")
    width = len(rows[0])
    label = params["label"]
    if label is not None:
        _column(label, rows[0] if params["header"] else None, width, shown)
    features = width - (label is not None)
    if not features:
        raise BadFile(f"{shown}: no feature columns besides the label", "label")
    return Found(_reshaped((features,), params, shown), params["classes"])


def _column(label: int | str, names: list[str] | None, width: int, shown: str) -> None:
    if isinstance(label, int):
        if not -width <= label < width:
            raise BadFile(
                f"{shown}: label column {label} is out of range for {width} columns",
                "label",
                f"a column index from {-width} to {width - 1}",
            )
    elif names is None:
        raise BadFile(
            f"{shown}: label column '{label}' is a name, but header is false",
            "label",
            "a 0-based column index, or header: true",
        )
    elif label not in names:
        raise BadFile(
            f"{shown}: no column named '{label}'",
            "label",
            "one of " + ", ".join(f"'{n}'" for n in names),
            did_you_mean(label, names),
        )


def read_idx(params: dict, base_dir: Path) -> Found | None:
    path = _file(params, "images", base_dir)
    if path is None:
        return None
    _, dims = idx_header(path, params["images"], "images")
    x = _reshaped(tuple(dims[1:]), params, params["images"])
    labels = None if params["labels"] is None else _file(params, "labels", base_dir)
    if labels is not None:
        kind, counts = idx_header(labels, params["labels"], "labels")
        if len(counts) != 1 or kind == "f":
            raise BadFile(
                f"{params['labels']}: labels must be one integer per example, "
                f"found {'real' if kind == 'f' else 'integer'} values of shape {list(counts)}",
                "labels",
                "a 1-dimensional IDX file of integers",
            )
        _paired(dims[0], counts[0], params["labels"], "labels")
    return Found(x, params["classes"])


def _paired(examples: int, labels: int, shown: str, param: str) -> None:
    if examples != labels:
        raise BadFile(f"{shown}: {examples} examples but {labels} labels", param)


def read_npz(params: dict, base_dir: Path) -> Found | None:
    path = _file(params, "path", base_dir)
    if path is None:
        return None
    shown = params["path"]
    members = npz_members(path, shown, "path")
    _, x = _member(members, params["x"], shown, "x")
    if params["y"] is not None:
        _, y = _member(members, params["y"], shown, "y")
        _paired(x[0], y[0], shown, "y")
        want = tuple(params["y_shape"] or ())
        if y[1:] != want:
            raise BadFile(
                f"{shown}: each label of '{params['y']}' has shape {list(y[1:])}, "
                f"expected {list(want)}",
                "y_shape" if params["y_shape"] is not None else "y",
                f"y_shape: {list(y[1:])}",
            )
    return Found(_reshaped(x[1:], params, shown), params["classes"])


def _member(members: dict, key: str, shown: str, param: str) -> tuple[str, tuple[int, ...]]:
    if key not in members:
        held = ", ".join(f"'{k}'" for k in members) or "nothing"
        raise BadFile(
            f"{shown}: no array named '{key}'; the archive holds {held}",
            param,
            hint=did_you_mean(key, list(members)),
        )
    kind, shape = members[key]
    if kind not in "biuf" or not shape:
        raise BadFile(
            f"{shown}: array '{key}' must be numeric with one row per example, "
            f"found {'numbers' if kind in 'biuf' else 'non-numeric values'} of shape {list(shape)}",
            param,
        )
    return kind, shape


def read_image_folder(params: dict, base_dir: Path) -> Found | None:
    root = _file(params, "path", base_dir, folder=True)
    shown = params["path"]
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise BadFile(f"{shown}: no class sub-folders", "path", "one sub-folder per class")
    if params["classes"] is not None and params["classes"] != len(folders):
        raise BadFile(
            f"{shown}: {len(folders)} class folders, but classes is {params['classes']}",
            "classes",
            f"classes: {len(folders)}, or one folder per class",
        )
    for folder in folders:
        if not any(f.suffix.lower() in IMAGE_SUFFIXES for f in folder.iterdir() if f.is_file()):
            raise BadFile(
                f"{shown}/{folder.name}: no images ({', '.join(IMAGE_SUFFIXES)})",
                "path",
            )
    return Found(None, len(folders))
