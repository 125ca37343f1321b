"""Shared helpers of the data tests: normalised entries and small files written to tmp_path."""

from __future__ import annotations

import copy
import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from nnspec.registry import REGISTRY

IDX_CODES = {np.dtype(np.uint8): 0x08, np.dtype(">i4"): 0x0C, np.dtype(">f4"): 0x0D}


def normalised(category: str, name: str, **given) -> dict:
    """``{name: params}`` with every declared default filled, as the spec side hands it over."""
    kind = REGISTRY.get(category, name)
    params = {p.name: copy.deepcopy(p.default) for p in kind.params if not p.required}
    params.update(given)
    missing = [p.name for p in kind.params if p.name not in params]
    assert not missing, f"{name} needs {missing}"
    return {name: params}


def data_section(dataset: dict, split: dict | None = None, **given) -> dict:
    """A normalised ``data`` section around one dataset entry."""
    fractions = {"val": 0.0, "test": 0.0, "order": "nnspec"} | (split or {})
    section = {"dataset": dataset, "split": fractions, "transforms": [], "batch_size": 64}
    section |= {"shuffle": True, "drop_last": False, "val": None, "test": None}
    section |= {"stream": False, "workers": 0}
    return section | given


class Files:
    """Writes small data files under one folder and returns their names relative to it."""

    def __init__(self, root: Path):
        self.root = root

    def idx(self, name: str, array: np.ndarray, gz: bool = False) -> str:
        array = np.asarray(array, array.dtype.newbyteorder(">") if array.itemsize > 1 else None)
        head = bytes([0, 0, IDX_CODES[array.dtype], array.ndim])
        raw = head + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
        return self.write(name, gzip.compress(raw) if gz else raw)

    def npz(self, name: str, **arrays: np.ndarray) -> str:
        np.savez(self.root / name, **arrays)
        return name

    def npy(self, name: str, array: np.ndarray) -> str:
        np.save(self.root / name, array)
        return name

    def text(self, name: str, text: str) -> str:
        (self.root / name).write_text(text)
        return name

    def write(self, name: str, raw: bytes) -> str:
        (self.root / name).write_bytes(raw)
        return name

    def images(self, name: str, classes: dict[str, list[np.ndarray]]) -> str:
        """A folder with one sub-folder per class of uint8 PNGs (H, W) or (H, W, 3)."""
        from PIL import Image

        for label, pictures in classes.items():
            (self.root / name / label).mkdir(parents=True)
            for i, picture in enumerate(pictures):
                Image.fromarray(picture).save(self.root / name / label / f"{i}.png")
        return name


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


@pytest.fixture(name="normalised")
def normalised_fixture():
    return normalised


@pytest.fixture(name="data_section")
def data_section_fixture():
    return data_section
