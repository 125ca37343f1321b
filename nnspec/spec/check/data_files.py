"""Static checks of the data files a spec names: existence, headers, columns and shapes.

Paths resolve as the loaders resolve them, against the spec's folder. Only headers
are read, so ``validate`` stays fast. What the headers tell (the examples' shape,
the number of class folders) fills what the parameters left unknown, so the
networks are checked against the file as they are against a built-in dataset.
A file that is not a regular file (a FIFO, a device) is left to the run.
"""

from __future__ import annotations

from pathlib import Path

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.dataset_headers import Found
from nnspec.registry.datasets import dataset_info
from nnspec.registry.file_headers import BadFile
from nnspec.spec.located import LocDict

SLOTS = ("dataset", "val", "test")


def check_data_files(data: LocDict, base_dir: Path) -> tuple[dict[str, Found], list[SpecError]]:
    """Check every file-backed dataset of ``data``; returns what they say and the errors."""
    found, errors = {}, []
    for slot in SLOTS:
        if data.get(slot) is None:
            continue
        ((kind, params),) = data[slot].items()
        reader = REGISTRY.get("dataset", kind).info.header
        try:
            result = None if reader is None else reader(params, base_dir)
        except BadFile as exc:
            errors.append(_located(exc, slot, kind, params))
            continue
        if result is not None:
            found[slot] = result
    return found, errors or _alike(data, found)


def _located(exc: BadFile, slot: str, kind: str, params: LocDict) -> SpecError:
    where = params.where(exc.param)
    if where.origin == "default":  # a default is written nowhere: point at the dataset
        where = params.loc
    path = f"data.{slot}.{kind}.{exc.param}"
    return SpecError(str(exc), path, where, exc.expected, hint=exc.hint)


def known_data(data: LocDict, found: dict[str, Found]) -> LocDict:
    """The data section with the train files' shape and classes written in as parameters."""
    train = found.get("dataset")
    if train is None:
        return data
    ((kind, params),) = data["dataset"].items()
    filled = dict(params)
    if train.x is not None and "shape" in filled:
        filled["shape"] = list(train.x)
    if train.classes is not None and filled.get("classes") is None:
        filled["classes"] = train.classes
    view = LocDict(data, loc=data.loc)
    view["dataset"] = {kind: filled}
    return view


def _alike(data: LocDict, found: dict[str, Found]) -> list[SpecError]:
    """val and test files must give the train data's example shape."""
    train = _x(data, "dataset", found)
    errors = []
    for slot in ("val", "test"):
        x = _x(data, slot, found) if data.get(slot) is not None else None
        if train is not None and x is not None and x != train:
            errors.append(
                SpecError(
                    f"the {slot} data give examples of shape {list(x)}, "
                    f"but the train data give {list(train)}",
                    f"data.{slot}",
                    data.where(slot),
                    expected=str(list(train)),
                    received=str(list(x)),
                )
            )
    return errors


def _x(data: LocDict, slot: str, found: dict[str, Found]) -> tuple[int, ...] | None:
    if slot in found and found[slot].x is not None:
        return found[slot].x
    return dataset_info(data[slot])["x"]
