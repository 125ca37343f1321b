"""load_data: every dataset against its declared info, seeds, splits and transforms end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnspec.data.base import LOADERS
from nnspec.data.pipeline import load_data, load_dataset
from nnspec.errors import RunError
from nnspec.registry import REGISTRY
from nnspec.spec.typed import Application, Data

PIXELS = np.arange(6 * 2 * 3, dtype=np.uint8).reshape(6, 2, 3)
RGB = np.zeros((3, 4, 3), np.uint8)

TOKENS = {"copy_memory", "reverse", "chars"}  # their x are integer token ids

# Small parameters for each declared dataset; file datasets write their file first.
EXAMPLES = {
    "digits": lambda files: {"nudge": True, "layout": "image"},
    "xor": lambda files: {"repeat": 3, "noise": 0.1},
    "ring": lambda files: {"size": 40},
    "grid": lambda files: {"side": 3, "size": 40},
    "bars_and_stripes": lambda files: {"side": 3, "layout": "image"},
    "patterns": lambda files: {"count": 3, "size": 7},
    "adding": lambda files: {"length": 9, "size": 5},
    "copy_memory": lambda files: {"length": 3, "delay": 4, "alphabet": 5, "size": 6},
    "reverse": lambda files: {"length": 4, "vocab": 3, "size": 6},
    "chars": lambda files: {"path": files.text("t.txt", "to be or not to be\n"), "length": 4},
    "idx": lambda files: {
        "images": files.idx("im.idx.gz", PIXELS, gz=True),
        "labels": files.idx("lab.idx", np.array([0, 1, 2, 0, 1, 2], np.uint8)),
        "shape": [1, 2, 3],
        "classes": 3,
    },
    "npz": lambda files: {
        "path": files.npz("d.npz", x=PIXELS, t=np.ones((6, 2))),
        "y": "t",
        "y_shape": [2],
        "shape": [6],
    },
    "npy": lambda files: {
        "path": files.npy("x.npy", PIXELS),
        "labels": files.npy("y.npy", np.array([0, 1, 2, 0, 1, 2], np.uint8)),
        "shape": [6],
        "classes": 3,
    },
    "csv": lambda files: {
        "path": files.text("d.csv", "a,b,c\n1,2,0\n3,4,1\n5,6,1\n"),
        "label": "c",
        "shape": [2],
        "classes": 2,
    },
    "image_folder": lambda files: {
        "path": files.images("img", {"a": [RGB, RGB], "b": [RGB]}),
        "size": [2, 5],
    },
}


def test_every_dataset_has_an_example_and_a_loader():
    names = REGISTRY.names("dataset")
    assert sorted(EXAMPLES) == names
    assert sorted(LOADERS) == names


@pytest.mark.parametrize("kind", REGISTRY.kinds("dataset"), ids=lambda k: k.name)
def test_loaded_shapes_equal_declared_info(kind, files, normalised):
    entry = normalised("dataset", kind.name, **EXAMPLES[kind.name](files))
    data = load_dataset(Application.of(entry), np.random.default_rng(0), files.root)
    info = kind.info.shapes(entry[kind.name])
    assert data["x"].shape[1:] == info["x"]
    assert data["x"].dtype == (np.int64 if kind.name in TOKENS else np.float32)
    if info["y"] is None:
        assert "y" not in data
        return
    assert data["y"].shape == (len(data["x"]), *info["y"])
    if info["classes"] is not None:
        assert data["y"].dtype == np.int64
        assert data["y"].min() >= 0 and data["y"].max() < info["classes"]


def test_same_seed_same_arrays_and_other_seed_other_arrays(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "ring", size=100), split={"val": 0.1, "test": 0.2})
    data["transforms"] = [normalised("transform", "noise", std=0.5)]
    a, b, c = (load_data(Data.of(data), seed, tmp_path) for seed in (3, 3, 4))
    assert list(a) == ["train", "val", "test"]
    for split in a:
        for key in ("x", "y"):
            np.testing.assert_array_equal(a[split][key], b[split][key])
    assert not np.array_equal(a["train"]["x"][:10], c["train"]["x"][:10])


def test_bernoulli_rbm_protocol_scales_before_the_split(normalised, data_section, tmp_path):
    """minmax with fit: all equals scikit-learn's minmax_scale of the whole nudged set."""
    from sklearn.preprocessing import minmax_scale

    digits = normalised("dataset", "digits", nudge=True)
    data = data_section(digits, split={"test": 0.2})
    data["transforms"] = [normalised("transform", "minmax", fit="all")]
    got = load_data(Data.of(data), 0, tmp_path)
    rng = np.random.default_rng(0)
    whole = minmax_scale(load_dataset(Application.of(digits), rng, tmp_path)["x"])
    rows = np.random.default_rng(0).permutation(len(whole))
    np.testing.assert_array_equal(got["test"]["x"], whole[np.sort(rows[: len(got["test"]["x"])])])
    assert len(got["train"]["x"]) == 7188 and len(got["test"]["x"]) == 1797


def test_fitting_on_train_differs_from_fitting_on_all(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "ring", size=200), split={"test": 0.5})
    fits = {}
    for fit in ("train", "all"):
        data["transforms"] = [normalised("transform", "scale", minmax=True, fit=fit)]
        fits[fit] = load_data(Data.of(data), 0, tmp_path)
    assert fits["train"]["train"]["x"].min() == 0 and fits["train"]["train"]["x"].max() == 1
    assert not np.array_equal(fits["train"]["test"]["x"], fits["all"]["test"]["x"])


def test_a_val_dataset_supplies_the_val_split(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "ring", size=50))
    data["val"] = normalised("dataset", "ring", size=20)
    got = load_data(Data.of(data), 0, tmp_path)
    assert len(got["train"]["x"]) == 50 and len(got["val"]["x"]) == 20
    assert not np.array_equal(got["train"]["x"][:20], got["val"]["x"])


def test_a_val_dataset_and_a_val_fraction_conflict(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "ring", size=50), split={"val": 0.1})
    data["val"] = normalised("dataset", "ring", size=20)
    with pytest.raises(RunError, match=r"^data.val gives a val dataset, so split.val must be 0"):
        load_data(Data.of(data), 0, tmp_path)


def test_splits_must_have_alike_shapes(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "digits"))
    data["test"] = normalised("dataset", "digits", layout="image")
    with pytest.raises(RunError) as err:
        load_data(Data.of(data), 0, tmp_path)
    assert str(err.value) == "the test data give x of shape [1, 8, 8], but the train data give [64]"


def test_a_label_transform_needs_labels(normalised, data_section, tmp_path):
    data = data_section(normalised("dataset", "patterns"))
    data["transforms"] = [normalised("transform", "one_hot", classes=2)]
    with pytest.raises(
        RunError,
        match=r"^one_hot transforms labels, but the data have none "
        r"\(at data\.transforms\[0\]\.one_hot\)$",
    ):
        load_data(Data.of(data), 0, tmp_path)


def test_loading_data_never_imports_torch(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from nnspec.data import load_data; "
        "from nnspec.spec.typed import Data; "
        "load_data(Data.of({'dataset': {'xor': {'repeat': 1, 'noise': 0.0}}, "
        "'split': {'val': 0.0, 'test': 0.0, 'order': 'nnspec'}, 'transforms': [], "
        "'batch_size': 1, 'shuffle': True, 'drop_last': False, 'val': None, 'test': None, "
        "'stream': False, 'workers': 0}), "
        "0, Path('.')); "
        "assert 'torch' not in sys.modules, 'torch was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


@pytest.mark.parametrize(
    ("slot", "entry", "expected"),
    [
        ("dataset", {"csv": {"path": "gone.csv"}},
         "gone.csv: file not found (looked for {root}/gone.csv) (at data.dataset.csv.path)"),
        ("val", {"csv": {"path": "t.csv", "label": "lable"}},
         "{root}/t.csv: no column named 'lable'; did you mean 'label'? (at data.val.csv.label)"),
        ("dataset", {"csv": {"path": "folder"}},
         "{root}/folder: cannot be read: Is a directory (at data.dataset.csv.path)"),
    ],
)  # fmt: skip
def test_a_file_that_fails_at_run_time_names_its_spec_path(
    files, normalised, data_section, slot, entry, expected
) -> None:
    files.text("t.csv", "a,label\n1,0\n2,1\n")
    (files.root / "folder").mkdir()
    ((name, given),) = entry.items()
    data = data_section(normalised("dataset", "csv", path="t.csv", label="label"))
    data[slot] = normalised("dataset", name, **given)
    with pytest.raises(RunError) as err:
        load_data(Data.of(data), 0, files.root)
    assert str(err.value) == expected.format(root=files.root)


def test_a_transform_that_fails_at_run_time_names_its_spec_path(normalised, data_section):
    data = data_section(normalised("dataset", "xor"))
    data["transforms"] = [
        normalised("transform", "scale"),
        normalised("transform", "one_hot_inputs", classes=2),
    ]
    with pytest.raises(RunError) as err:
        load_data(Data.of(data), 0, Path("."))
    assert str(err.value) == (
        "one_hot: the train values are not integer class ids (float32) "
        "(at data.transforms[1].one_hot_inputs)"
    )
