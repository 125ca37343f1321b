"""Dataset and transform declarations: static info, static shapes after transforms, purity."""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

import nnspec.registry.datasets as datasets
import nnspec.registry.transforms as transforms
from nnspec.registry import REGISTRY, ShapeMismatch
from nnspec.registry.datasets import Column, dataset_info
from nnspec.registry.params import Invalid
from nnspec.registry.transforms import data_info, transform_info


def entry(category: str, name: str, **given) -> dict:
    kind = REGISTRY.get(category, name)
    params = {p.name: copy.deepcopy(p.default) for p in kind.params if not p.required}
    return {name: params | given}


def data(dataset: dict, *steps: dict) -> dict:
    return {"dataset": dataset, "transforms": list(steps)}


@pytest.mark.parametrize("kind", REGISTRY.kinds("dataset"), ids=lambda k: k.name)
def test_every_dataset_declares_info_with_its_three_keys(kind):
    assert callable(kind.info.shapes) and kind.doc
    required = {p.name: "f" if p.name != "size" else [2, 2] for p in kind.params if p.required}
    got = dataset_info(entry("dataset", kind.name, **required))
    assert got.keys() == {"x", "classes", "y"}
    assert got["x"] is None or (isinstance(got["x"], tuple) and all(d > 0 for d in got["x"]))


@pytest.mark.parametrize(
    ("name", "given", "want"),
    [
        ("digits", {}, {"x": (64,), "classes": 10, "y": ()}),
        ("digits", {"layout": "image"}, {"x": (1, 8, 8), "classes": 10, "y": ()}),
        ("bars_and_stripes", {"side": 3}, {"x": (9,), "classes": None, "y": None}),
        ("adding", {"length": 7}, {"x": (7, 2), "classes": None, "y": (1,)}),
        ("copy_memory", {"length": 3, "delay": 4}, {"x": (10,), "classes": 10, "y": (10,)}),
        ("grid", {"side": 4}, {"x": (2,), "classes": 16, "y": ()}),
        ("idx", {"images": "i"}, {"x": None, "classes": None, "y": None}),
        (
            "idx",
            {"images": "i", "labels": "l", "shape": [784]},
            {"x": (784,), "classes": None, "y": ()},
        ),
        ("npz", {"path": "p", "y": "t", "y_shape": [3]}, {"x": None, "classes": None, "y": (3,)}),
        (
            "image_folder",
            {"path": "p", "size": [5, 6], "grayscale": True},
            {"x": (1, 5, 6), "classes": None, "y": ()},
        ),
    ],
)
def test_info_values(name, given, want):
    assert dataset_info(entry("dataset", name, **given)) == want


@pytest.mark.parametrize("kind", REGISTRY.kinds("transform"), ids=lambda k: k.name)
def test_every_transform_names_its_target_and_shape_rule(kind):
    assert kind.info.target in ("x", "y") and callable(kind.shape) and kind.doc


def test_data_info_follows_the_transforms():
    got = data_info(
        data(
            entry("dataset", "digits"),
            entry("transform", "scale", **{"from": [0, 16]}),
            entry("transform", "reshape", shape=[1, 8, 8]),
            entry("transform", "one_hot", classes=10),
        )
    )
    assert got == {"x": (1, 8, 8), "classes": 10, "y": (10,)}


def test_one_hot_inputs_turns_token_ids_into_vectors():
    got = data_info(
        data(
            entry("dataset", "reverse", length=5, vocab=7),
            entry("transform", "one_hot_inputs", classes=7),
        )
    )
    assert got == {"x": (5, 7), "classes": 7, "y": (5,)}


def test_an_unknown_x_shape_stays_unknown():
    got = data_info(data(entry("dataset", "csv", path="t.csv"), entry("transform", "flatten")))
    assert got["x"] is None


def test_reshape_to_a_different_size_is_a_mismatch():
    with pytest.raises(ShapeMismatch) as err:
        data_info(data(entry("dataset", "digits"), entry("transform", "reshape", shape=[1, 7, 7])))
    assert str(err.value) == "cannot reshape 64 values into [1, 7, 7]"
    assert (err.value.expected, err.value.received) == (
        "a shape of 64 values",
        "[1, 7, 7] (49 values)",
    )


def test_a_label_transform_without_labels_is_a_mismatch():
    with pytest.raises(
        ShapeMismatch, match=r"^one_hot transforms labels, but the dataset has none$"
    ):
        transform_info(
            dataset_info(entry("dataset", "patterns")), entry("transform", "one_hot", classes=2)
        )


@pytest.mark.parametrize("given", [{}, {"from": [0, 1], "minmax": True}, {"from": [2, 2]}])
def test_scale_needs_one_nonempty_input_range(given):
    with pytest.raises(ShapeMismatch):
        transform_info(dataset_info(entry("dataset", "xor")), entry("transform", "scale", **given))


def test_column_accepts_names_and_indices_only():
    assert Column().check("label") == "label" and Column().check(-1) == -1
    for bad in (True, 1.5, None):
        with pytest.raises(Invalid):
            Column().check(bad)


@pytest.mark.parametrize("module", [datasets, transforms])
def test_declarations_import_neither_torch_nor_numpy(module):
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert all(
        name == "__future__" or name.split(".")[0] in ("nnspec", "dataclasses", "typing", "math")
        for name in imported
    )
