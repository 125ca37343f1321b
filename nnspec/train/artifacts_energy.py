"""Pictures of RBMs and DBNs: weight filters (rbm_filters.png) and Gibbs chains (gibbs_samples.png).

They apply to every ``rbm`` or ``rbm_stack`` network whose visible units are images
(see ``image_shape``); with several such networks the file names end in the
network's name. Filters are the bottom RBM's weight columns, one tile per hidden
unit, each scaled to its own range. The Gibbs chains start from P(v | h = 0), the
visible biases alone, and run in the top RBM, shown as visible means passed down
the stack after 1, 2, 5, ... steps: the model's samples as the chains mix.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import Tensor

from nnspec.nn.rbm import RBM
from nnspec.registry import REGISTRY
from nnspec.train.artifacts import artifact
from nnspec.train.artifacts_generative import image_shape, save_grid, to_images, value_range
from nnspec.train.rundir import RunDir
from nnspec.train.sampling import evaluation_generator, inference
from nnspec.train.session import Session

MAX_FILTERS = 100
CHAINS = 10
SNAPSHOTS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
SMOKE_SNAPSHOTS = (1, 2, 5, 10)


def energy_networks(session: Session) -> list[tuple[str, Any, tuple[int, int, int]]]:
    """Every network made of RBMs (``NetworkInfo.rbms``: an rbm, rbm_stack or dbn) whose
    visible units can be shown as images."""
    data = tuple(session.rt.train_x.shape[1:])
    out = []
    for name, network in session.rt.spec.networks.items():
        if REGISTRY.get("network", network.kind).info.rbms:
            module = session.rt.network(name)
            size = module.rbm_levels()[0].visible
            shape = image_shape(data if size == math.prod(data) else (size,))
            if shape is not None:
                out.append((name, module, shape))
    return out


def _file(rundir: RunDir, stem: str, name: str, several: bool):
    return rundir.artifacts / (f"{stem}_{name}.png" if several else f"{stem}.png")


@artifact
def rbm_filters(session: Session, rundir: RunDir) -> None:
    found = energy_networks(session)
    for name, module, shape in found:
        bottom = module.rbm_levels()[0]
        w = bottom.W.detach()[:, :MAX_FILTERS].T  # (H', V): one filter per hidden unit
        rows = max(1, round(len(w) ** 0.5))
        title = f"{name}: weights of the first {len(w)} hidden units"
        save_grid(
            _file(rundir, "rbm_filters", name, len(found) > 1),
            to_images(w, shape),
            rows,
            None,
            title,
        )


def gibbs_chains(module: Any, snapshots: tuple[int, ...], gen) -> Tensor:
    """(CHAINS, len(snapshots), V) visible means of chains run in the top RBM."""
    levels: list[RBM] = module.rbm_levels()
    top = levels[-1]
    h = torch.zeros(CHAINS, top.hidden, dtype=top.W.dtype, device=top.W.device)
    v, done, shots = top.sample_visible(h, gen), 0, []
    for step in snapshots:
        v = top.gibbs(v, step - done, gen, sample_visible=True)
        done = step
        mean = top.visible_mean(top.sample_hidden(v, gen))  # (C, V_top)
        shots.append(module.down_from(mean, len(levels) - 1))
    return torch.stack(shots, 1)


@artifact
def gibbs_samples(session: Session, rundir: RunDir) -> None:
    found = energy_networks(session)
    snapshots = SMOKE_SNAPSHOTS if session.rt.smoke else SNAPSHOTS
    for name, module, shape in found:
        with inference(session):
            x = gibbs_chains(module, snapshots, evaluation_generator(session.rt))
        title = f"{name}: {CHAINS} Gibbs chains (rows) after this many steps"
        images = to_images(x.reshape(-1, x.shape[-1]), shape)
        path = _file(rundir, "gibbs_samples", name, len(found) > 1)
        cols = [str(s) for s in snapshots]
        save_grid(path, images, CHAINS, value_range(session), title, col_labels=cols)
