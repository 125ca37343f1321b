"""``load_data``: a normalised ``data`` section in, split and transformed arrays out.

Randomness comes from independent streams of the spec's seed, so changing one part
(say, the split fractions) never changes another (the generated examples):

- the split permutation: ``numpy.random.default_rng(seed)`` (see ``nnspec.data.split``);
- the examples of ``data.dataset``, ``data.val`` and ``data.test``:
  ``default_rng([seed, 1])``, ``default_rng([seed, 2])`` and ``default_rng([seed, 3])``;
- the i-th transform (``noise``): ``default_rng([seed, 4, i])``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

import numpy as np

from nnspec.data import (  # noqa: F401  (each registers its datasets' loaders)
    builtin,
    csv_rows,
    files,
    images,
    mapped,
    sequences,
    synthetic,
    tables,
)
from nnspec.data.base import LOADERS, STREAMERS, Arrays, canonical
from nnspec.data.fitted import describe
from nnspec.data.mapped import Rows
from nnspec.data.split import split_arrays
from nnspec.data.streaming import is_streamed, transform_streamed
from nnspec.data.transforms import TRANSFORMS
from nnspec.errors import RunError
from nnspec.registry import REGISTRY
from nnspec.registry.shards import is_pattern
from nnspec.spec.typed import Application, Data

SPLITS = ("train", "val", "test")
STREAMS = {"train": 1, "val": 2, "test": 3}


def load_data(
    data: Data, seed: int, base_dir: Path, record: list[dict] | None = None
) -> dict[str, Arrays]:
    """Load, split and transform; returns "train" and, where present, "val" and "test".

    ``record``, where given, receives each transform's fitted state (``fitted.describe``).
    """
    if seed < 0:
        raise RunError(f"seed must be >= 0 to seed numpy's generator, got {seed}")
    rng = np.random.default_rng([seed, STREAMS["train"]])
    whole = load_dataset(data.dataset, rng, base_dir, "data.dataset", data.stream)
    whole = in_memory(whole, data.stream)
    splits = split_arrays(whole, asdict(data.split), seed)
    for name, given in (("val", data.val), ("test", data.test)):
        if given is None:
            continue
        if name in splits:
            raise RunError(
                f"data.{name} gives a {name} dataset, so split.{name} must be 0 or absent"
            )
        rng = np.random.default_rng([seed, STREAMS[name]])
        given_arrays = load_dataset(given, rng, base_dir, f"data.{name}", data.stream)
        splits[name] = in_memory(given_arrays, data.stream)
    check_alike(splits)
    for index, transform in enumerate(data.transforms):
        rng = np.random.default_rng([seed, 4, index])
        try:
            splits = _transformed(transform, splits, rng, record)
        except RunError as exc:  # say which transform of the spec could not apply
            raise RunError(f"{exc} (at data.transforms[{index}].{transform.kind})") from None
    return {s: {k: _canonical(a) for k, a in splits[s].items()} for s in SPLITS if s in splits}


def _transformed(
    transform: Application, splits: dict[str, Arrays], rng: np.random.Generator, record
) -> dict[str, Arrays]:
    """One transform applied: per batch to streamed examples, else to the arrays."""
    if is_streamed(splits) and REGISTRY.get("transform", transform.kind).info.target == "x":
        return transform_streamed(transform, splits, record)
    if record is not None:
        record.append(describe(transform, splits))
    return apply_transform(transform, splits, rng)


def in_memory(arrays: dict, stream: bool) -> dict:
    """Examples a loader left in their files (``Rows``) read in, unless the data stream."""
    x = arrays["x"]
    return arrays if stream or not isinstance(x, Rows) else {**arrays, "x": x.array()}


def _canonical(a):
    return a if isinstance(a, Rows) else canonical(a)


def load_dataset(
    dataset: Application,
    rng: np.random.Generator,
    base_dir: Path,
    where: str = "data.dataset",
    stream: bool = False,
) -> Arrays:
    """The arrays of one dataset; with ``stream``, a csv's examples left in their files.

    A file that cannot be read fails as a ``RunError`` naming the spec path of the
    parameter that names it (``data.dataset.csv.path``), as validate would have.
    """
    name, params = dataset.kind, dataset.params
    try:
        loader = (STREAMERS.get(name) if stream else None) or LOADERS[name]
        return loader(params, rng, Path(base_dir))
    except RunError as exc:
        raise RunError(f"{exc} (at {where}.{name}{_blamed(params, str(exc))})") from None
    except OSError as exc:  # unreadable: permissions, a folder, a device error
        reason = exc.strerror or type(exc).__name__
        at = f"{where}.{name}{_blamed(params, str(exc.filename))}"
        raise RunError(f"{exc.filename}: cannot be read: {reason} (at {at})") from None


def _blamed(params: Mapping, message: str) -> str:
    """``.param`` for the file parameter whose value the message names, if any."""
    words = re.split(r"[\s:]+", message)
    named = [k for k, v in params.items() if isinstance(v, str) and v and _names(v, message, words)]
    return f".{named[0]}" if named else ""


def _names(value: str, message: str, words: list[str]) -> bool:
    """Whether the message names the file ``value`` names, or one its glob pattern matches."""
    return value in message or (is_pattern(value) and fnmatch.filter(words, f"*{value}") != [])


def apply_transform(
    transform: Application, splits: dict[str, Arrays], rng: np.random.Generator
) -> dict:
    """Apply one transform to its target in every split."""
    name, params = transform.kind, transform.params
    target = REGISTRY.get("transform", name).info.target
    if any(target not in arrays for arrays in splits.values()):
        raise RunError(f"{name} transforms labels, but the data have none")
    done = TRANSFORMS[name](params, {s: a[target] for s, a in splits.items()}, rng)
    return {s: {**a, target: done[s]} for s, a in splits.items()}


def check_alike(splits: dict[str, Arrays]) -> None:
    """Every split must have the train split's example and label shapes."""
    train = splits["train"]
    for name, arrays in splits.items():
        for key in ("x", "y"):
            want, got = train.get(key), arrays.get(key)
            if (want is None) != (got is None):
                has, lacks = (name, "train") if want is None else ("train", name)
                raise RunError(f"the {has} data have labels but the {lacks} data do not")
            if want is not None and want.shape[1:] != got.shape[1:]:
                raise RunError(
                    f"the {name} data give {key} of shape {list(got.shape[1:])}, "
                    f"but the train data give {list(want.shape[1:])}"
                )
