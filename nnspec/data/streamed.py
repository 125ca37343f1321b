"""Streamed batches: a ``DataLoader`` with workers reads each batch from the files.

The order is ``BatchStream``'s: a permutation from a generator seeded with
``seed + epoch``, cut into batches, so a streamed run draws the very batches an
in-memory run of the same data draws, and a resume from (epoch, position) is exact.
The loader is given that epoch's remaining batches of indices as its sampler; its
workers only read and transform (no randomness), so the batches do not depend on
how many workers read them.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset

from nnspec.data.batches import Batch, BatchStream
from nnspec.data.mapped import Rows


class RowsDataset(Dataset):
    """``dataset[indices]`` is one batch: the rows read and transformed, and their labels."""

    def __init__(self, rows: Rows, y: np.ndarray | None):
        self.rows, self.y = rows, y

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, indices: Tensor) -> Batch:
        at = indices.numpy()
        x = torch.from_numpy(self.rows.take(at))
        return x, None if self.y is None else torch.from_numpy(self.y[at])


class StreamedBatches(BatchStream):
    """A ``BatchStream`` whose batches come from a ``DataLoader`` over ``RowsDataset``."""

    def __init__(self, dataset: RowsDataset, workers: int, device: torch.device, **kw):
        super().__init__(dataset, None, **kw)  # type: ignore[arg-type]  (only len(x) is used)
        self.workers, self.device = workers, torch.device(device)
        self._loader = None  # an iterator over the rest of the current epoch

    def order(self) -> Tensor:
        """This rank's example indices for the epoch; kept on the CPU, where rows are read."""
        if self._order is None:
            self._order = self.permutation()
        return self._order

    def next_batch(self) -> Batch:
        if self.position >= self._batches:
            self._next_epoch()
        if self._loader is None:
            self._loader = iter(self._rest())
        x, y = next(self._loader)
        self.position += 1
        move = {"device": self.device, "non_blocking": self.device.type == "cuda"}
        return x.to(**move), None if y is None else y.to(**move)

    def _rest(self) -> DataLoader:
        """A loader of this epoch's batches from the current position on."""
        order, size = self.order(), self.batch_size
        batches = [order[i * size : (i + 1) * size] for i in range(self.position, self._batches)]
        return DataLoader(
            self.x,
            sampler=batches,
            batch_size=None,  # each sampled item is a whole batch of indices
            num_workers=self.workers,
            pin_memory=self.device.type == "cuda",
        )

    def _next_epoch(self) -> None:
        super()._next_epoch()
        self._loader = None

    def load_state_dict(self, state: dict) -> None:
        super().load_state_dict(state)
        self._loader = None


class MappedSplit:
    """A streamed split where metrics expect a tensor: its length, shape, dtype and slices.

    Metrics read splits in evaluation batches (``x[i : i + EVAL_BATCH]``); a slice is
    read from the files and moved to the device. ``min``/``max`` take a streaming pass.
    """

    def __init__(self, rows: Rows, device: torch.device):
        self.rows, self.device = rows, torch.device(device)
        self.shape = torch.Size(rows.shape)
        self.dtype = torch.from_numpy(np.empty(0, rows.dtype)).dtype

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: slice) -> Tensor:
        if not isinstance(key, slice):
            raise TypeError(f"a streamed split is read in slices, not by {type(key).__name__}")
        rows = np.arange(len(self))[key]
        return torch.from_numpy(self.rows.take(rows)).to(self.device)

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def min(self) -> Tensor:
        return torch.tensor(min(float(c.min()) for c in self.rows.chunks()))

    def max(self) -> Tensor:
        return torch.tensor(max(float(c.max()) for c in self.rows.chunks()))


def streamed_stream(x: MappedSplit, y: Tensor | None, workers: int, **kw) -> StreamedBatches:
    """The training stream over a streamed split (``kw``: ``BatchStream``'s settings)."""
    labels = None if y is None else y.cpu().numpy()
    return StreamedBatches(RowsDataset(x.rows, labels), workers, x.device, **kw)
