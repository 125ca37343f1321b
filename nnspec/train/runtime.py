"""What the losses, phases and metrics of a run share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import Tensor, nn

from nnspec.nn.graph import OutputView
from nnspec.spec.typed import Spec

Split = tuple[Tensor, Tensor | None]


@dataclass
class Runtime:
    """A compiled run: the resolved spec, its modules, its data on the device."""

    spec: Spec
    networks: dict[str, nn.Module]
    splits: dict[str, Split]
    device: torch.device
    generator: torch.Generator  # noise and sampling; seeded, on the device
    classes: int | None = None
    base_dir: Path = field(default_factory=Path.cwd)
    smoke: bool = False
    rank: int = 0
    world_size: int = 1
    # run.compile: torch.compile'd forwards, sharing parameters with ``networks``,
    # which stay the plain modules that checkpoints and optimizers see.
    compiled: dict[str, nn.Module] = field(default_factory=dict)
    # Whether losses compute their logged statistics (D's outputs, the ELBO's terms) this
    # step: the loop turns it on for the steps it logs only, so other steps do no extra work.
    detail: bool = True
    # Each data transform's kind, fitted state and input shape (nnspec.data.fitted.describe).
    fitted: list[dict] = field(default_factory=list)

    def network(self, name: str) -> nn.Module:
        if "." in name:  # D.real_fake: one named output of graph D
            owner, _, output = name.partition(".")
            return OutputView(self.networks[owner], output)
        return self.compiled.get(name) or self.networks[name]

    @property
    def train_x(self) -> Tensor:
        return self.splits["train"][0]

    def one_hot(self, y: Tensor) -> Tensor:
        """Labels as float one-hot rows, for conditional models."""
        return torch.nn.functional.one_hot(y.long(), self.classes).to(self.train_x.dtype)
