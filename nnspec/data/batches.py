"""In-memory (x, y) batches without DataLoader overhead: resumable and shardable for DDP.

Each epoch's order is a permutation from a ``torch.Generator`` seeded with
``seed + epoch`` (or ``0..n-1`` without shuffling), so any epoch can be rebuilt from
its number alone; a resume needs only the epoch and the position in it. Under DDP
every rank draws the same permutation, cuts it to ``world_size · (n // world_size)``
examples and takes the strided share ``perm[rank::world_size]``: the shares are
disjoint and equal, so every rank runs the same number of batches. Up to
``world_size − 1`` examples sit out each epoch (different ones each epoch when shuffling).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch
from torch import Tensor

from nnspec.data.transfer import to_device
from nnspec.errors import RunError

Batch = tuple[Tensor, Tensor | None]


class BatchStream:
    """Batches of in-memory tensors, indexed on their own device by a per-epoch order."""

    def __init__(
        self,
        x: Tensor,
        y: Tensor | None,
        batch_size: int,
        shuffle: bool,
        drop_last: bool,
        seed: int,
        rank: int = 0,
        world_size: int = 1,
    ):
        if y is not None and len(y) != len(x):
            raise ValueError(f"x has {len(x)} examples but y has {len(y)}")
        if batch_size < 1 or not 0 <= rank < world_size:
            raise ValueError(f"bad batch_size {batch_size} or rank {rank} of {world_size}")
        self.x, self.y = x, y
        self.batch_size, self.shuffle, self.drop_last = batch_size, shuffle, drop_last
        self.seed, self.rank, self.world_size = seed, rank, world_size
        self.share = len(x) // world_size  # examples per rank per epoch
        self.epoch, self.position = 0, 0  # position: batches already served this epoch
        self._order: Tensor | None = None
        self._epoch_data: tuple[Tensor, Tensor | None] | None = None
        self._batches = len(self)
        if self._batches == 0:
            raise RunError(
                f"{len(x)} examples over {world_size} process(es) give no batch of "
                f"{batch_size} with drop_last: true"
            )

    @classmethod
    def from_split(
        cls, split: dict[str, np.ndarray], device: torch.device | str, **kw
    ) -> BatchStream:
        """A stream over one split from ``load_data``, moved to the device once."""
        x, y = (
            to_device(torch.from_numpy(a), device) if a is not None else None
            for a in (split["x"], split.get("y"))
        )
        return cls(x, y, **kw)

    def __len__(self) -> int:
        """Batches per epoch on this rank."""
        full, rest = divmod(self.share, self.batch_size)
        return full if self.drop_last or rest == 0 else full + 1

    def order(self) -> Tensor:
        """This rank's example indices for the current epoch, on the data's device."""
        if self._order is None:
            self._order = to_device(self.permutation(), self.x.device)
        return self._order

    def permutation(self) -> Tensor:
        """This rank's example indices for the current epoch, on the CPU."""
        n = len(self.x)
        if self.shuffle:
            generator = torch.Generator().manual_seed(self.seed + self.epoch)
            perm = torch.randperm(n, generator=generator)
        else:
            perm = torch.arange(n)
        return perm[: self.share * self.world_size][self.rank :: self.world_size]

    def epoch_data(self) -> tuple[Tensor, Tensor | None]:
        """This epoch's examples gathered once in batch order, so a batch is a slice (a view).

        One gather per epoch instead of one per batch: a step then costs no indexing.
        """
        if self._epoch_data is None:
            order = self.order()
            self._epoch_data = (self.x[order], None if self.y is None else self.y[order])
        return self._epoch_data

    def next_batch(self) -> Batch:
        """The next batch, moving on to the next epoch when this one is used up."""
        if self.position >= self._batches:
            self._next_epoch()
        x, y = self.epoch_data()
        start = self.position * self.batch_size
        self.position += 1
        end = start + self.batch_size
        return x[start:end], None if y is None else y[start:end]

    def __iter__(self) -> Iterator[Batch]:
        """The rest of the current epoch (the whole next epoch if this one is used up)."""
        if self.position >= len(self):
            self._next_epoch()
        while self.position < len(self):
            yield self.next_batch()

    def _next_epoch(self) -> None:
        self.epoch, self.position, self._order = self.epoch + 1, 0, None
        self._epoch_data = None

    def state_dict(self) -> dict:
        """Where the stream is, plus what must match for a resume to be exact."""
        return {"epoch": self.epoch, "position": self.position, **self._identity()}

    def load_state_dict(self, state: dict) -> None:
        """Continue exactly where a saved stream stopped; it must be configured alike.

        Every rank serves the same number of batches, so all ranks stand at the same
        epoch and position: rank 0's state (the one a checkpoint keeps) serves every rank.
        """
        problem = self.state_problem(state)
        if problem:
            raise RunError(f"cannot resume the batch stream: {problem}")
        self.epoch, self.position, self._order = state["epoch"], state["position"], None
        self._epoch_data = None

    def state_problem(self, state: object) -> str | None:
        """What is wrong with a saved state, or None."""
        if not isinstance(state, dict):
            return f"its state is a {type(state).__name__}, not a mapping"
        missing = [k for k in ("epoch", "position", *self._identity()) if k not in state]
        if missing:
            return f"its state lacks {', '.join(missing)}"
        mine = {k: v for k, v in self._identity().items() if k != "rank"}
        saved = {k: state[k] for k in mine}
        if saved != mine:
            return f"it was saved as {saved}, but is now {mine}"
        for key, limit in (("epoch", None), ("position", self._batches)):
            value = state[key]
            if type(value) is not int or value < 0 or (limit is not None and value > limit):
                bound = f"0..{limit}" if limit is not None else "a whole number >= 0"
                return f"its {key} is {value!r}; expected {bound}"
        return None

    def _identity(self) -> dict:
        return {
            "examples": len(self.x),
            "batch_size": self.batch_size,
            "shuffle": self.shuffle,
            "drop_last": self.drop_last,
            "seed": self.seed,
            "rank": self.rank,
            "world_size": self.world_size,
        }
