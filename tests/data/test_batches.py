"""BatchStream: coverage per epoch, seeding, wrapping, exact resume and DDP sharding."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnspec.data.batches import BatchStream
from nnspec.errors import RunError

N = 23
X = torch.arange(N, dtype=torch.float32)[:, None] * torch.ones(1, 3)  # row i is all i
Y = torch.arange(N)


def stream(**kw) -> BatchStream:
    args = {"batch_size": 5, "shuffle": True, "drop_last": False, "seed": 11} | kw
    return BatchStream(X, Y, **args)


def ids(batches) -> list[int]:
    return [int(i) for _, yb in batches for i in yb]


def test_every_example_once_per_epoch_with_a_short_last_batch():
    s = stream()
    assert len(s) == 5
    batches = list(s)
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]
    assert sorted(ids(batches)) == list(range(N))
    for xb, yb in batches:
        torch.testing.assert_close(xb[:, 0], yb.float())


def test_drop_last_serves_only_full_batches_of_distinct_examples():
    s = stream(drop_last=True)
    batches = list(s)
    assert len(s) == len(batches) == 4 and all(len(yb) == 5 for _, yb in batches)
    assert len(set(ids(batches))) == 20


def test_epochs_are_reshuffled_from_seed_plus_epoch():
    s = stream()
    first, second = ids(s), ids(s)
    assert first != second and sorted(first) == sorted(second)
    assert ids(stream()) == first
    assert first == torch.randperm(N, generator=torch.Generator().manual_seed(11)).tolist()
    assert ids(stream(shuffle=False)) == list(range(N))


def test_next_batch_wraps_into_the_next_epoch():
    s, reference = stream(), stream()
    served = [s.next_batch() for _ in range(7)]
    list(reference)  # use up epoch 0
    assert ids(served[5:]) == ids(list(reference)[:2])
    assert (s.epoch, s.position) == (1, 2)


def test_resume_continues_exactly():
    s = stream()
    for _ in range(8):
        s.next_batch()
    resumed = stream()
    resumed.load_state_dict(s.state_dict())
    assert ids(s.next_batch() for _ in range(9)) == ids(resumed.next_batch() for _ in range(9))


def test_breaking_out_of_an_epoch_then_iterating_finishes_it():
    s = stream()
    for i, _ in enumerate(s):
        if i == 1:
            break
    rest = list(s)
    assert len(rest) == 3 and s.epoch == 0


def test_resume_refuses_a_differently_configured_stream():
    state = stream().state_dict()
    with pytest.raises(RunError, match=r"^cannot resume the batch stream: it was saved as"):
        stream(batch_size=4).load_state_dict(state)


@pytest.mark.parametrize("shuffle", [True, False])
def test_ranks_take_disjoint_equal_shares(shuffle):
    ranks = [stream(batch_size=2, shuffle=shuffle, rank=r, world_size=4) for r in range(4)]
    assert {len(r) for r in ranks} == {3}  # 23 // 4 = 5 examples each: batches of 2, 2, 1
    for _epoch in range(2):
        shares = [ids(r) for r in ranks]
        assert all(len(share) == 5 for share in shares)
        assert len(set().union(*shares)) == 20


def test_without_labels_batches_are_x_and_none():
    s = BatchStream(X, None, batch_size=10, shuffle=True, drop_last=False, seed=0)
    xb, yb = s.next_batch()
    assert xb.shape == (10, 3) and yb is None


def test_too_few_examples_for_one_full_batch():
    with pytest.raises(RunError) as err:
        stream(batch_size=30, drop_last=True)
    assert (
        str(err.value) == "23 examples over 1 process(es) give no batch of 30 with drop_last: true"
    )


def test_from_split_keeps_dtypes():
    split = {"x": np.zeros((4, 2), np.float32), "y": np.arange(4)}
    s = BatchStream.from_split(split, "cpu", batch_size=4, shuffle=False, drop_last=False, seed=0)
    xb, yb = s.next_batch()
    assert xb.dtype == torch.float32 and yb.dtype == torch.int64
