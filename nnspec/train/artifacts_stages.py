"""stages.png: how a sampler that builds its samples in stages gets there.

A loss whose samples come out of a chain of networks (a Laplacian pyramid) offers
``stages(latent)``: the same samples at every stage, coarsest first. Each row of the
picture is one stage, grown to the data's size, so a column shows one sample refined.
"""

from __future__ import annotations

import numpy as np
import torch

from nnspec.losses.pyramid import grow
from nnspec.train.artifacts import artifact
from nnspec.train.artifacts_generative import image_shape, save_grid, to_images, value_range
from nnspec.train.rundir import RunDir
from nnspec.train.sampling import Sampler, evaluation_generator, inference, sampling_loss
from nnspec.train.session import Session

COLUMNS = 10


def _grown(stage: torch.Tensor, height: int) -> torch.Tensor:
    """A stage (n, C, h, w) doubled up to the data's height."""
    return grow(stage, (height // stage.shape[-2]).bit_length() - 1)


@artifact
def stages_png(session: Session, rundir: RunDir) -> None:
    """One row per stage of ``outputs.samples``'s chain, for a loss that has stages."""
    cfg = session.rt.spec.outputs.samples
    loss = None if cfg is None else sampling_loss(session, cfg.network)
    shape = image_shape(tuple(session.rt.train_x.shape[1:]))
    if loss is None or not hasattr(loss, "stages") or shape is None:
        return
    sampler, vrange = Sampler(session, cfg.network), value_range(session)
    with inference(session):
        latent = sampler.noise(COLUMNS, evaluation_generator(session.rt))
        stages = loss.stages(latent)  # coarsest first, each (n, C, h, w)
        rows = [_grown(stage, shape[1]).clamp(*vrange) for stage in stages]
    images = np.concatenate([to_images(row, shape) for row in rows])
    labels = [f"{s.shape[-2]}×{s.shape[-1]}" for s in stages]
    title = f"{COLUMNS} samples of {cfg.network}, stage by stage"
    save_grid(rundir.artifacts / "stages.png", images, len(rows), vrange, title, labels)
