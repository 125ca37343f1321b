"""The image-folder loader on tiny generated PNGs."""

from __future__ import annotations

import numpy as np
import pytest

from nnspec.data.images import image_folder
from nnspec.errors import RunError

GREY = np.array([[0, 50], [100, 250]], np.uint8)
RED = np.zeros((2, 2, 3), np.uint8) + np.array([255, 0, 0], np.uint8)


def load(files, **params):
    params = {"size": [2, 2], "grayscale": False, "classes": None} | params
    return image_folder(params, np.random.default_rng(0), files.root)


def error(files, **params) -> str:
    with pytest.raises(RunError) as err:
        load(files, **params)
    return str(err.value)


def test_classes_are_sorted_folders_and_pixels_are_kept(files):
    path = files.images("img", {"zebra": [GREY], "ant": [GREY, GREY]})
    got = load(files, path=path, grayscale=True)
    assert got["x"].shape == (3, 1, 2, 2) and got["x"].dtype == np.float32
    np.testing.assert_array_equal(got["x"][0, 0], GREY)
    np.testing.assert_array_equal(got["y"], [0, 0, 1])


def test_rgb_is_channels_first_and_resized(files):
    path = files.images("img", {"red": [RED]})
    got = load(files, path=path, size=[3, 5])
    assert got["x"].shape == (1, 3, 3, 5)
    np.testing.assert_array_equal(got["x"][0, :, 1, 2], [255, 0, 0])


def test_an_unreadable_image_is_named(files):
    path = files.images("img", {"a": [GREY]})
    (files.root / path / "a" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert (
        error(files, path=path) == f"{files.root / path / 'a' / 'broken.png'}: not a readable image"
    )


def test_folder_without_class_folders_or_images(files):
    (files.root / "empty").mkdir()
    assert error(files, path="empty") == f"{files.root / 'empty'}: no class sub-folders"
    (files.root / "empty" / "cats").mkdir()
    assert error(files, path="empty").startswith(
        f"{files.root / 'empty' / 'cats'}: no images (.png"
    )


def test_classes_must_match_the_folders(files):
    path = files.images("img", {"a": [GREY], "b": [GREY]})
    assert (
        error(files, path=path, classes=3)
        == f"{files.root / path}: 2 class folders, but classes is 3"
    )
