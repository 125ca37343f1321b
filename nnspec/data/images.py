"""The image-folder loader: one sub-folder per class, read with Pillow."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnspec.data.base import Arrays, arrays, loads, resolve
from nnspec.errors import RunError

SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")


@loads("image_folder")
def image_folder(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Classes are the sub-folders in sorted order; images are resized to size."""
    root = resolve(base_dir, params["path"])
    folders = class_folders(root)
    if params["classes"] is not None and params["classes"] != len(folders):
        raise RunError(f"{root}: {len(folders)} class folders, but classes is {params['classes']}")
    xs, ys = [], []
    for label, folder in enumerate(folders):
        for file in images_in(folder):
            xs.append(read_image(file, params["size"], params["grayscale"]))
            ys.append(label)
    return arrays(np.stack(xs), np.array(ys))  # (N, C, H, W), (N,)


def class_folders(root: Path) -> list[Path]:
    """The visible sub-folders of the root, sorted by name."""
    if not root.is_dir():
        raise RunError(f"{root}: not a folder")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise RunError(f"{root}: no class sub-folders")
    return folders


def images_in(folder: Path) -> list[Path]:
    """The image files of one class folder, sorted by name; there must be at least one."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise RunError(f"{folder}: no images ({', '.join(SUFFIXES)})")
    return files


def read_image(path: Path, size: list[int], grayscale: bool) -> np.ndarray:
    """One image as float32 (C, H, W) in 0..255, converted and resized (bilinear) as asked."""
    from PIL import Image  # Pillow comes with matplotlib; only image folders need it

    height, width = size
    try:
        with Image.open(path) as image:
            image = image.convert("L" if grayscale else "RGB")
            if image.size != (width, height):
                image = image.resize((width, height), Image.Resampling.BILINEAR)
            pixels = np.asarray(image, np.float32)
    except OSError:  # Pillow's UnidentifiedImageError and truncated-file errors
        raise RunError(f"{path}: not a readable image") from None
    return pixels[None] if grayscale else pixels.transpose(2, 0, 1)
