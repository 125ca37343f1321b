"""validate reads the headers of the data files a spec names, and points at the spec's line."""

from __future__ import annotations

import gzip
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

CSV_SPEC = """\
nnspec: 2
data:
  dataset: {csv: {path: t.csv, label: label}}
networks:
  mlp:
    input: [2]
    layers: [{linear: 2}]
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    steps: 1
"""
TABLE = "a,b,label\n1,2,0\n3,4,1\n"


@pytest.fixture
def csv_spec(write_spec, edit):
    """``csv_spec(old, new, table=TABLE)``: the CSV spec edited, beside a t.csv."""

    def make(old: str = "", new: str = "", table: str | None = TABLE) -> Path:
        if table is not None:
            Path("t.csv").write_text(table)
        return write_spec(edit(CSV_SPEC, old, new) if old else CSV_SPEC)

    return make


def validate(cli, path: Path) -> str:
    result = cli("validate", path)
    assert result.exit_code == 1, result.output
    return result.stdout.rstrip("\n")


def test_a_csv_that_fits_is_valid_and_needs_no_input_shape(cli, csv_spec) -> None:
    path = csv_spec("    input: [2]\n", "")
    assert cli("validate", path).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "table", "expected"),
    [
        ("input: [2]", "input: [5]", TABLE,
         "spec.yaml:6:5: error: network 'mlp' input (5) does not fit: it takes the data's "
         "examples (at networks.mlp)\n  expected: (2)\n  received: (5)"),
        ("t.csv", "missing.csv", None,
         "spec.yaml:3:25: error: missing.csv: file not found (looked for missing.csv) "
         "(at data.dataset.csv.path)\n  expected: a file, relative to the spec's folder"),
        ("label: label", "label: lable", TABLE,
         "spec.yaml:3:39: error: t.csv: no column named 'lable' (at data.dataset.csv.label); "
         "did you mean 'label'?\n  expected: one of 'a', 'b', 'label'"),
        ("label: label", "label: 3", TABLE,
         "spec.yaml:3:39: error: t.csv: label column 3 is out of range for 3 columns "
         "(at data.dataset.csv.label)\n  expected: a column index from -3 to 2"),
        ("label: label", "label: label, header: false", TABLE,
         "spec.yaml:3:39: error: t.csv: label column 'label' is a name, but header is false "
         "(at data.dataset.csv.label)\n  expected: a 0-based column index, or header: true"),
        ("label: label", "label: 0", "a\n1\n",
         "spec.yaml:3:39: error: t.csv: no feature columns besides the label "
         "(at data.dataset.csv.label)"),
        ("label: label", "label: label, shape: [3]", TABLE,
         "spec.yaml:3:53: error: t.csv: each example has 2 values, but shape [3] needs 3 "
         "(at data.dataset.csv.shape)\n  expected: a shape of 2 values, such as [2]"),
        ("t.csv", "t.csv", "a,b,label\n",
         "spec.yaml:3:25: error: t.csv: no data rows (at data.dataset.csv.path)"),
    ],
)  # fmt: skip
def test_csv_mistakes_are_located(cli, csv_spec, old, new, table, expected) -> None:
    assert validate(cli, csv_spec(old, new, table)) == expected


def test_a_csv_that_is_not_utf8(cli, csv_spec) -> None:
    path = csv_spec()
    Path("t.csv").write_bytes(b"a,b\n\xff\xfe,1\n")
    assert validate(cli, path) == (
        "spec.yaml:3:25: error: t.csv: not a readable CSV file ('utf-8' codec can't decode "
        "byte 0xff in position 4: invalid start byte) (at data.dataset.csv.path)"
    )


def test_a_path_resolves_against_the_spec_folder_not_the_cwd(cli, csv_spec) -> None:
    path = csv_spec()
    Path("sub").mkdir()
    moved = path.rename("sub/spec.yaml")
    assert validate(cli, moved) == (
        "sub/spec.yaml:3:25: error: t.csv: file not found (looked for sub/t.csv) "
        "(at data.dataset.csv.path)\n  expected: a file, relative to the spec's folder"
    )


def test_a_fifo_is_left_to_the_run(cli, csv_spec) -> None:
    path = csv_spec(table=None)
    import os

    os.mkfifo("t.csv")  # reading it would block validate; only the run reads it
    assert cli("validate", path).exit_code == 0


def idx(array: np.ndarray, code: int) -> bytes:
    head = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return head + array.tobytes()


IMAGES_SPEC = CSV_SPEC.replace("input: [2]", "input: [1, 2, 2]").replace(
    "[{linear", "[flatten, {linear"
)
IDX_SPEC = IMAGES_SPEC.replace(
    "{csv: {path: t.csv, label: label}}", "{idx: {images: im.gz, labels: lab.idx}}"
).replace("[1, 2, 2]", "[2, 2]")


@pytest.mark.parametrize(
    ("images", "labels", "expected"),
    [
        (idx(np.zeros((3, 2, 2), np.uint8), 8), idx(np.zeros(3, np.uint8), 8), None),
        (idx(np.zeros((3, 2, 3), np.uint8), 8), idx(np.zeros(3, np.uint8), 8),
         "spec.yaml:6:5: error: network 'mlp' input (2, 2) does not fit: it takes the data's "
         "examples (at networks.mlp)\n  expected: (2, 3)\n  received: (2, 2)"),
        (idx(np.zeros((3, 2, 2), np.uint8), 8), idx(np.zeros(2, np.uint8), 8),
         "spec.yaml:3:42: error: lab.idx: 3 examples but 2 labels (at data.dataset.idx.labels)"),
        (idx(np.zeros((3, 2, 2), np.uint8), 8), idx(np.zeros((3, 1), np.uint8), 8),
         "spec.yaml:3:42: error: lab.idx: labels must be one integer per example, found "
         "integer values of shape [3, 1] (at data.dataset.idx.labels)\n"
         "  expected: a 1-dimensional IDX file of integers"),
        (b"PK\x03\x04 not idx", idx(np.zeros(3, np.uint8), 8),
         "spec.yaml:3:27: error: im.gz: not an IDX file (magic bytes 50 4b 03 04) "
         "(at data.dataset.idx.images)\n  expected: 00 00 <type> <ndim>"),
        (idx(np.zeros((3, 2, 2), np.uint8), 8), idx(np.zeros(3, np.uint8), 8)[:-1],
         "spec.yaml:3:42: error: lab.idx: IDX file is truncated: dimensions [3] need 3 bytes "
         "of data, found 2 (at data.dataset.idx.labels)"),
    ],
)  # fmt: skip
def test_idx_headers(cli, write_spec, images, labels, expected) -> None:
    path = write_spec(IDX_SPEC)
    Path("im.gz").write_bytes(gzip.compress(images) if images[:2] == b"\0\0" else images)
    Path("lab.idx").write_bytes(labels)
    result = cli("validate", path)
    assert (result.stdout.rstrip("\n") if expected else result.exit_code) == (expected or 0)


NPZ_SPEC = CSV_SPEC.replace("{csv: {path: t.csv, label: label}}", "{npz: {path: d.npz, y: t}}")


@pytest.mark.parametrize(
    ("arrays", "expected"),
    [
        ({"x": np.zeros((3, 2)), "t": np.zeros(3, np.int64)}, None),
        ({"x": np.zeros((3, 2)), "y": np.zeros(3, np.int64)},
         "spec.yaml:3:35: error: d.npz: no array named 't'; the archive holds 'x', 'y' "
         "(at data.dataset.npz.y)"),
        ({"x": np.zeros((3, 2)), "t": np.zeros(4, np.int64)},
         "spec.yaml:3:35: error: d.npz: 3 examples but 4 labels (at data.dataset.npz.y)"),
        ({"x": np.zeros((3, 2)), "t": np.zeros((3, 2), np.int64)},
         "spec.yaml:3:35: error: d.npz: each label of 't' has shape [2], expected [] "
         "(at data.dataset.npz.y)\n  expected: y_shape: [2]"),
        ({"x": np.array(["a", "b", "c"]), "t": np.zeros(3, np.int64)},
         "spec.yaml:3:18: error: d.npz: array 'x' must be numeric with one row per example, "
         "found non-numeric values of shape [3] (at data.dataset.npz.x)"),
    ],
)  # fmt: skip
def test_npz_members_are_read_from_their_headers(cli, write_spec, arrays, expected) -> None:
    path = write_spec(NPZ_SPEC)
    np.savez("d.npz", **arrays)
    result = cli("validate", path)
    assert (result.stdout.rstrip("\n") if expected else result.exit_code) == (expected or 0)


def test_an_npz_that_is_not_a_zip(cli, write_spec) -> None:
    path = write_spec(NPZ_SPEC)
    with zipfile.ZipFile("d.npz", "w") as z:
        z.writestr("x.npy", b"not an npy")
    assert validate(cli, path) == (
        "spec.yaml:3:25: error: d.npz: member x.npy is not an NPY array (at data.dataset.npz.path)"
    )


FOLDER_SPEC = IMAGES_SPEC.replace(
    "{csv: {path: t.csv, label: label}}",
    "{image_folder: {path: pics, size: [2, 2], grayscale: true, classes: 3}}",
).replace("{linear: 2}", "{linear: 3}")


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        ({"cat": ["a.png"], "dog": ["b.png"], "eel": ["c.png"]}, None),
        ({"cat": ["a.png"], "dog": ["b.png"]},
         "spec.yaml:3:80: error: pics: 2 class folders, but classes is 3 "
         "(at data.dataset.image_folder.classes)\n  expected: classes: 2, or one folder per class"),
        ({"cat": ["a.png"], "dog": ["notes.txt"], "eel": ["c.png"]},
         "spec.yaml:3:34: error: pics/dog: no images (.png, .jpg, .jpeg, .bmp, .gif, .webp, "
         ".tif, .tiff) (at data.dataset.image_folder.path)"),
        ({},
         "spec.yaml:3:34: error: pics: no class sub-folders (at data.dataset.image_folder.path)"
         "\n  expected: one sub-folder per class"),
    ],
)  # fmt: skip
def test_image_folders_are_counted(cli, write_spec, classes, expected) -> None:
    path = write_spec(FOLDER_SPEC)
    Path("pics").mkdir()
    for name, files in classes.items():
        (Path("pics") / name).mkdir()
        for file in files:
            (Path("pics") / name / file).write_bytes(b"")  # validate never opens an image
    result = cli("validate", path)
    assert (result.stdout.rstrip("\n") if expected else result.exit_code) == (expected or 0)


def test_val_files_must_match_the_train_shape(cli, csv_spec) -> None:
    Path("v.csv").write_text("a,label\n1,0\n")
    path = csv_spec("  dataset:", "  val: {csv: {path: v.csv, label: label}}\n  dataset:")
    assert validate(cli, path) == (
        "spec.yaml:3:8: error: the val data give examples of shape [1], but the train data "
        "give [2] (at data.val)\n  expected: [2]\n  received: [1]"
    )


def test_the_class_folders_are_the_classes_when_classes_is_not_set(cli, write_spec) -> None:
    path = write_spec(FOLDER_SPEC.replace(", classes: 3", ""))
    for name in ("cat", "dog"):
        (Path("pics") / name).mkdir(parents=True)
        (Path("pics") / name / "a.png").write_bytes(b"")
    assert validate(cli, path) == (
        "spec.yaml:6:5: error: network 'mlp' output (3) does not fit: it scores the data's "
        "2 classes (at networks.mlp)\n  expected: (2)\n  received: (3)"
    )


def test_a_folder_where_a_file_belongs(cli, csv_spec) -> None:
    path = csv_spec(table=None)
    Path("t.csv").mkdir()
    assert validate(cli, path) == (
        "spec.yaml:3:25: error: t.csv: is a folder (at data.dataset.csv.path)\n  expected: a file"
    )
