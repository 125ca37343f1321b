"""Pictures of a generator's or decoder's samples: samples.png and interpolation.png.

Both apply when ``outputs.samples`` names a network. Image data (C, H, W), or flat
data whose size is a square, give a grid (one row per class or InfoGAN code for a
conditional model); 2-D data give a scatter over the true modes (ring and grid
datasets) or over the training data. The interpolation strip is the GAN paper's
Figure 3: each row decodes points on the line between two random latents.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import Tensor

from nnspec.metrics.impl_generative import mixture_centres
from nnspec.spec.typed import Samples
from nnspec.train.artifacts import artifact
from nnspec.train.rundir import RunDir
from nnspec.train.sampling import (
    ChainSampler,
    Sampler,
    evaluation_generator,
    inference,
    sampler_for,
)
from nnspec.train.session import Session

ROWS, STEPS = 8, 10
CURVE_STEPS = 50  # a 2-D line is drawn as a curve, so it needs more points than a strip
DPI = 100


def image_shape(shape: tuple[int, ...]) -> tuple[int, int, int] | None:
    """(C, H, W) to show examples of ``shape`` as images, or None when they are not images."""
    if len(shape) == 3 and shape[0] in (1, 3):
        return shape  # type: ignore[return-value]
    side = math.isqrt(shape[0]) if len(shape) == 1 else 0
    return (1, side, side) if side >= 2 and side * side == shape[0] else None


def to_images(x: Tensor, shape: tuple[int, int, int]) -> np.ndarray:
    """(N, H, W) or (N, H, W, 3) float images."""
    images = x.detach().float().cpu().reshape(len(x), *shape).numpy()
    return images[:, 0] if shape[0] == 1 else images.transpose(0, 2, 3, 1)


def value_range(session: Session) -> tuple[float, float]:
    """The training data's range: samples are shown on the data's own scale."""
    x = session.rt.train_x
    return float(x.min()), float(x.max())


def mosaic(images: np.ndarray, rows: int, vrange: tuple[float, float] | None) -> np.ndarray:
    """Tiles scaled to [0, 1] (by ``vrange``, or each by its own range), one-pixel white gaps."""
    lo, hi = vrange if vrange is not None else (None, None)
    cols = math.ceil(len(images) / rows)
    h, w = images.shape[1:3]
    out = np.ones((rows * (h + 1) + 1, cols * (w + 1) + 1, *images.shape[3:]))
    for i, image in enumerate(images):
        low = image.min() if lo is None else lo
        span = max((image.max() if hi is None else hi) - low, 1e-12)
        r, c = divmod(i, cols)
        out[1 + r * (h + 1) : (r + 1) * (h + 1), 1 + c * (w + 1) : (c + 1) * (w + 1)] = np.clip(
            (image - low) / span, 0, 1
        )
    return out


def save_grid(
    path: Path,
    images: np.ndarray,
    rows: int,
    vrange: tuple[float, float] | None,
    title: str,
    row_labels: list[str] | None = None,
    col_labels: list[str] | None = None,
) -> None:
    """Tile ``images`` row by row (``rows`` rows) into one gray figure; None scales each tile."""
    grid = mosaic(images, rows, vrange)
    inches = min(0.1, 10 / max(grid.shape[:2]))  # per pixel: large grids stay a readable size
    width, height = grid.shape[1] * inches + 1, grid.shape[0] * inches + 0.6
    fig, ax = plt.subplots(figsize=(width, height))
    # Margins fixed in inches (title above, labels beside), not fitted by tight_layout,
    # which measures every text's extent: 40 % of drawing a grid.
    left, bottom = (0.6 if row_labels else 0.1), (0.3 if col_labels else 0.1)
    fig.subplots_adjust(
        left=left / width, right=1 - 0.1 / width, bottom=bottom / height, top=1 - 0.35 / height
    )
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if row_labels:
        step = (grid.shape[0] - 1) / rows
        ax.set_yticks([step * (r + 0.5) for r in range(rows)], row_labels, fontsize=8)
    if col_labels:
        step = (grid.shape[1] - 1) / len(col_labels)
        ax.set_xticks([step * (c + 0.5) for c in range(len(col_labels))], col_labels, fontsize=8)
    ax.tick_params(length=0)
    ax.set_frame_on(False)
    ax.set_title(title, fontsize=9)
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def _sampler(session: Session) -> tuple[Sampler | ChainSampler, Samples] | None:
    """The sampler of ``outputs.samples`` (an energy model draws its own, by Gibbs
    sampling); None when unset."""
    cfg = session.rt.spec.outputs.samples
    if cfg is None:
        return None
    return sampler_for(session, cfg.network), cfg


def _group_rows(sampler: Sampler | ChainSampler, count: int) -> tuple[int, Tensor | None]:
    """Rows of the grid and the group of each sample: one row per group when conditional."""
    groups = sampler.groups
    if groups is None:
        return max(1, round(math.sqrt(count))), None
    return groups, torch.arange(groups).repeat_interleave(max(1, count // groups))


def _group_labels(sampler: Sampler | ChainSampler, rows: int) -> list[str] | None:
    """Row labels naming the class or code of rows that cycle through the groups."""
    if sampler.groups is None:
        return None
    prefix = "class" if sampler.conditional else "code"
    return [f"{prefix} {k % sampler.groups}" for k in range(rows)]


@artifact
def samples_png(session: Session, rundir: RunDir, filename: str = "samples.png") -> None:
    """A sample grid (images) or scatter (2-D data) of outputs.samples's network."""
    found = _sampler(session)
    if found is None:
        return
    sampler, cfg = found
    rows, group = _group_rows(sampler, cfg.count)
    n = cfg.count if group is None else len(group)
    with inference(session):
        x, _ = sampler.draw(n, evaluation_generator(session.rt), group)
    shape = image_shape(sampler.shape)
    path = rundir.artifacts / filename
    title = f"{n} samples of {cfg.network}"
    if shape is not None:
        labels = _group_labels(sampler, rows)
        save_grid(path, to_images(x, shape), rows, value_range(session), title, labels)
    elif sampler.shape == (2,):
        scatter(session, x, path, title)


def scatter(session: Session, x: Tensor, path: Path, title: str) -> None:
    """2-D samples over the true modes (ring, grid) or, for other data, the training data."""
    fig, ax = plt.subplots(figsize=(5, 5))
    points = x.detach().float().cpu().numpy()
    _backdrop(session, ax)
    ax.scatter(points[:, 0], points[:, 1], s=3, alpha=0.5, color="tab:blue", label="samples")
    ax.set(title=title, aspect="equal")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def _backdrop(session: Session, ax) -> None:
    modes = mixture_centres(session.rt.spec.data.dataset)
    if modes is not None and not session.rt.spec.data.transforms:
        centres, std = modes
        ax.scatter(
            centres[:, 0],
            centres[:, 1],
            s=60,
            marker="x",
            color="tab:red",
            label="true modes",
            zorder=3,
        )
        for cx, cy in centres:
            ax.add_patch(plt.Circle((cx, cy), 3 * std, fill=False, color="tab:red", lw=0.6))
    else:
        data = session.rt.train_x[:5000].float().cpu().numpy()
        ax.scatter(data[:, 0], data[:, 1], s=2, color="0.75", label="training data")


def latent_lines(sampler: Sampler, gen: torch.Generator, steps: int) -> Tensor:
    """Samples at ``steps`` evenly spaced points of ROWS lines between random latents, row-major.

    The conditioning (class or code) is fixed along each line: only the noise moves.
    """
    ends = sampler.noise(2 * ROWS, gen)  # (2R, Z)
    t = torch.linspace(0, 1, steps, device=ends.device, dtype=ends.dtype)[None, :, None]
    lines = (1 - t) * ends[:ROWS, None] + t * ends[ROWS:, None]  # (R, S, Z)
    groups = sampler.groups_for(ROWS)
    condition = sampler.condition(groups, gen)  # (R, K) or None
    if condition is not None:
        condition = condition.repeat_interleave(steps, 0)  # (R·S, K)
    along = groups.repeat_interleave(steps, 0)  # (R·S,): each line keeps its group
    return sampler.decode(lines.reshape(ROWS * steps, -1), condition, along)


@artifact
def interpolation_png(session: Session, rundir: RunDir) -> None:
    found = _sampler(session)
    if found is None or not isinstance(found[0], Sampler):
        return  # Gibbs chains have no latent to move along a line
    sampler, cfg = found
    shape = image_shape(sampler.shape)
    if shape is None and sampler.shape != (2,):
        return
    steps = STEPS if shape is not None else CURVE_STEPS
    with inference(session):
        x = latent_lines(sampler, evaluation_generator(session.rt), steps)
    out = rundir.artifacts / "interpolation.png"
    title = f"{cfg.network} along straight lines between random latents"
    if shape is not None:
        labels = _group_labels(sampler, ROWS)
        save_grid(out, to_images(x, shape), ROWS, value_range(session), title, labels)
    else:
        paths(session, x.reshape(ROWS, steps, 2), out, title + " (dot: start)")


def paths(session: Session, x: Tensor, out: Path, title: str) -> None:
    """Each latent line's image in 2-D, as a curve marked at its start."""
    fig, ax = plt.subplots(figsize=(5, 5))
    _backdrop(session, ax)
    for row in x.detach().float().cpu().numpy():
        (line,) = ax.plot(row[:, 0], row[:, 1], lw=1)
        ax.plot(row[0, 0], row[0, 1], "o", color=line.get_color(), ms=4)
    ax.set(title=title, aspect="equal")
    ax.title.set_fontsize(8)
    fig.tight_layout()
    fig.savefig(out, dpi=DPI)
    plt.close(fig)
