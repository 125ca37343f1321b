"""Pictures of Boltzmann machines and DBMs (``NetworkInfo.boltzmann``) with image-shaped data.

``boltzmann_filters.png``: the weights from the visible units to each (first-layer)
hidden unit, each tile on its own scale. ``boltzmann_samples.png``: free-running Gibbs
chains from uniform random states, shown after 1, 2, 5, ... steps (sweeps) as the
model's visible means (a DBM's P(v | h¹)) or states (a Boltzmann machine's). With
several such networks the file names end in the network's name.
"""

from __future__ import annotations

import math
from typing import Any

from nnspec.registry import REGISTRY
from nnspec.train.artifacts import artifact
from nnspec.train.artifacts_energy import CHAINS, MAX_FILTERS, SMOKE_SNAPSHOTS, SNAPSHOTS, _file
from nnspec.train.artifacts_generative import image_shape, save_grid, to_images, value_range
from nnspec.train.rundir import RunDir
from nnspec.train.sampling import evaluation_generator, inference
from nnspec.train.session import Session


def boltzmann_networks(session: Session) -> list[tuple[str, Any, tuple[int, int, int]]]:
    """Every network of a ``boltzmann`` kind whose visible units can be shown as images."""
    data = tuple(session.rt.train_x.shape[1:])
    out = []
    for name, network in session.rt.spec.networks.items():
        if REGISTRY.get("network", network.kind).info.boltzmann:
            size = network.params["visible"]
            shape = image_shape(data if size == math.prod(data) else (size,))
            if shape is not None:
                out.append((name, session.rt.network(name), shape))
    return out


@artifact
def boltzmann_filters(session: Session, rundir: RunDir) -> None:
    found = boltzmann_networks(session)
    for name, module, shape in found:
        w = module.filters()[:MAX_FILTERS]  # (H', V)
        title = f"{name}: weights of the first {len(w)} hidden units"
        path = _file(rundir, "boltzmann_filters", name, len(found) > 1)
        save_grid(path, to_images(w, shape), max(1, round(len(w) ** 0.5)), None, title)


@artifact
def boltzmann_samples(session: Session, rundir: RunDir) -> None:
    found = boltzmann_networks(session)
    snapshots = SMOKE_SNAPSHOTS if session.rt.smoke else SNAPSHOTS
    for name, module, shape in found:
        with inference(session):
            x = module.chain_snapshots(CHAINS, snapshots, evaluation_generator(session.rt))
        title = f"{name}: {CHAINS} free Gibbs chains (rows) after this many steps"
        images = to_images(x.reshape(-1, x.shape[-1]), shape)
        path = _file(rundir, "boltzmann_samples", name, len(found) > 1)
        cols = [str(s) for s in snapshots]
        save_grid(path, images, CHAINS, value_range(session), title, col_labels=cols)
