"""Synthetic sets made in code: XOR, gaussian rings and grids, bars and stripes, ±1 patterns."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnspec.data.base import Arrays, arrays, loads

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
XOR_Y = np.array([0, 1, 1, 0])


@loads("xor")
def xor(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """The four XOR points, repeated, plus gaussian noise when noise > 0."""
    x = np.tile(XOR_X, (params["repeat"], 1))
    if params["noise"] > 0:
        x = x + params["noise"] * rng.standard_normal(x.shape)
    return arrays(x, np.tile(XOR_Y, params["repeat"]))


@loads("ring")
def ring(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Modes drawn uniformly, each a gaussian at angle 2πk/modes on the ring."""
    k = rng.integers(params["modes"], size=params["size"])
    angle = 2 * np.pi * k / params["modes"]
    centres = params["radius"] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return arrays(centres + params["std"] * rng.standard_normal(centres.shape), k)


@loads("grid")
def grid(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Modes drawn uniformly from a side×side grid centred on the origin."""
    side = params["side"]
    k = rng.integers(side * side, size=params["size"])
    cells = np.stack([k // side, k % side], axis=1) - (side - 1) / 2
    centres = params["spacing"] * cells
    return arrays(centres + params["std"] * rng.standard_normal(centres.shape), k)


@loads("bars_and_stripes")
def bars_and_stripes(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Row-constant images for every bit pattern, then the column-constant ones not yet seen."""
    side = params["side"]
    bits = (np.arange(2**side)[:, None] >> np.arange(side)[::-1]) & 1  # (2^side, side)
    rows = np.repeat(bits[:, :, None], side, axis=2)  # each row constant
    cols = rows.transpose(0, 2, 1)[1:-1]  # the all-0 and all-1 images are already in rows
    images = np.tile(np.concatenate([rows, cols]), (params["repeat"], 1, 1))
    shape = (-1, side * side) if params["layout"] == "flat" else (-1, 1, side, side)
    return arrays(images.reshape(shape).astype(np.float32))


@loads("patterns")
def patterns(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Independent ±1 units with probability 1/2 each."""
    signs = np.where(rng.random((params["count"], params["size"])) < 0.5, -1.0, 1.0)
    return arrays(signs)
