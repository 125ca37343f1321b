"""IDX and NPZ loaders on small generated files, and their errors on corrupt ones."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from nnspec.data.files import idx, npz
from nnspec.errors import RunError

IMAGES = np.arange(4 * 3 * 2, dtype=np.uint8).reshape(4, 3, 2)
LABELS = np.array([3, 0, 9, 1], np.uint8)


def load_idx(files, **params):
    params = {"labels": None, "shape": None, "classes": None} | params
    return idx(params, np.random.default_rng(0), files.root)


def load_npz(files, **params):
    params = {"x": "x", "y": None, "y_shape": None, "shape": None, "classes": None} | params
    return npz(params, np.random.default_rng(0), files.root)


def error(fn, *args, **params) -> str:
    with pytest.raises(RunError) as err:
        fn(*args, **params)
    return str(err.value)


@pytest.mark.parametrize("gz", [False, True])
def test_idx_reads_raw_and_gzipped_files_alike(files, gz):
    name = "data.idx"  # the name never says gz: the magic bytes decide
    got = load_idx(files, images=files.idx(name, IMAGES, gz), labels=files.idx("l", LABELS, gz))
    np.testing.assert_array_equal(got["x"], IMAGES)
    np.testing.assert_array_equal(got["y"], LABELS)
    assert got["x"].dtype == np.float32 and got["y"].dtype == np.int64


def test_idx_reads_wider_big_endian_types_and_reshapes(files):
    values = np.arange(8, dtype=">f4").reshape(2, 4) / 3
    got = load_idx(files, images=files.idx("f", values), shape=[1, 2, 2])
    np.testing.assert_array_equal(got["x"], values.reshape(2, 1, 2, 2))
    assert "y" not in got


def test_idx_wrong_magic(files):
    name = files.write("bad", b"\x08\x03\x00\x00rest")
    assert error(load_idx, files, images=name) == (
        f"{files.root / name}: not an IDX file "
        "(magic bytes 08 03 00 00; expected 00 00 <type> <ndim>)"
    )


def test_idx_truncated_data(files):
    raw = (files.root / files.idx("full", IMAGES)).read_bytes()
    name = files.write("cut", raw[:-5])
    assert error(load_idx, files, images=name) == (
        f"{files.root / name}: IDX file is truncated: dimensions [4, 3, 2] need 24 bytes "
        "of data, found 19"
    )


def test_idx_truncated_header(files):
    name = files.write("head", b"\x00\x00\x08\x03\x00\x00\x00\x04")
    assert error(load_idx, files, images=name) == (
        f"{files.root / name}: truncated IDX header (8 bytes, 3 dimensions need 16)"
    )


def test_idx_truncated_gzip(files):
    raw = gzip.compress((files.root / files.idx("full", IMAGES)).read_bytes())
    name = files.write("cut.gz", raw[:-10])
    assert error(load_idx, files, images=name) == (
        f"{files.root / name}: gzip data is corrupt or truncated"
    )


def test_idx_label_count_and_range_are_checked(files):
    images = files.idx("im", IMAGES)
    short = files.idx("short", LABELS[:3])
    assert error(load_idx, files, images=images, labels=short) == (
        f"{files.root / short}: 4 examples but 3 labels"
    )
    labels = files.idx("lab", LABELS)
    assert error(load_idx, files, images=images, labels=labels, classes=5) == (
        f"{files.root / labels}: label 9 is outside 0..4 (classes: 5)"
    )


def test_idx_shape_must_fit_the_examples(files):
    name = files.idx("im", IMAGES)
    assert error(load_idx, files, images=name, shape=[5]) == (
        f"{files.root / name}: each example has 6 values, but shape [5] needs 5"
    )


def test_missing_file_names_the_path_and_where_it_was_looked_for(files):
    assert error(load_idx, files, images="nope.idx") == (
        f"nope.idx: file not found (looked for {Path(files.root) / 'nope.idx'})"
    )


def test_npz_reads_named_arrays(files):
    path = files.npz("d.npz", images=IMAGES, t=LABELS)
    got = load_npz(files, path=path, x="images", y="t", shape=[6], classes=10)
    np.testing.assert_array_equal(got["x"], IMAGES.reshape(4, 6))
    np.testing.assert_array_equal(got["y"], LABELS)
    assert got["x"].dtype == np.float32 and got["y"].dtype == np.int64


def test_npz_missing_key_lists_what_is_there(files):
    path = files.npz("d.npz", images=IMAGES, labels=LABELS)
    assert error(load_npz, files, path=path, x="image") == (
        f"{files.root / path}: no array named 'image'; the archive holds 'images', 'labels'; "
        "did you mean 'images'?"
    )


def test_npz_not_an_archive(files):
    np.save(files.root / "a.npy", IMAGES)
    assert error(load_npz, files, path="a.npy") == (
        f"{files.root / 'a.npy'}: not an NPZ archive (it does not start with the zip signature)"
    )


def test_npz_truncated(files):
    raw = (files.root / files.npz("d.npz", x=IMAGES)).read_bytes()
    name = files.write("cut.npz", raw[: len(raw) // 2])
    assert error(load_npz, files, path=name) == (
        f"{files.root / name}: NPZ archive is corrupt or truncated"
    )


def test_npz_object_arrays_are_never_unpickled(files):
    path = files.npz("o.npz", x=np.array([{"a": 1}, None], dtype=object))
    assert error(load_npz, files, path=path) == (
        f"{files.root / path}: array 'x' holds Python objects, which are never unpickled"
    )


def test_npz_label_shape_and_count_are_checked(files):
    path = files.npz("d.npz", x=IMAGES, y=np.zeros((4, 2)), z=np.zeros(3))
    assert error(load_npz, files, path=path, y="y") == (
        f"{files.root / path}: each label of 'y' has shape [2], expected []"
    )
    assert (
        error(load_npz, files, path=path, y="z") == f"{files.root / path}: 4 examples but 3 labels"
    )
    assert load_npz(files, path=path, y="y", y_shape=[2])["y"].dtype == np.float32


def test_npz_member_with_truncated_data(files):
    import io
    import zipfile

    buffer = io.BytesIO()
    np.save(buffer, np.arange(100))
    with zipfile.ZipFile(files.root / "m.npz", "w") as archive:
        archive.writestr("x.npy", buffer.getvalue()[:-40])
    assert error(load_npz, files, path="m.npz") == (
        f"{files.root / 'm.npz'}: NPZ archive is corrupt or truncated"
    )
