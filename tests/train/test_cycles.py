"""Counting an alternate phase: cycles, each optimizer's updates, batches drawn."""

from __future__ import annotations

import pytest

from nnspec.registry.phase_rules import cycles_for
from nnspec.train.cycles import CycleCounter
from nnspec.train.plan import alternate_total, cycle_item


def item(optimizer: str, repeat: int = 1, warmup_repeat=None, warmup_cycles: int = 0) -> dict:
    return {
        "optimizer": optimizer,
        "repeat": repeat,
        "warmup_repeat": warmup_repeat,
        "warmup_cycles": warmup_cycles,
    }


CYCLES = {
    "gan": [item("opt_d"), item("opt_g")],
    "wgan": [item("opt_d", 5), item("opt_g")],
    "wgan-warm": [item("opt_d", 5, 100, 3), item("opt_g")],
}


@pytest.mark.parametrize("name", CYCLES)
@pytest.mark.parametrize("cycles", [1, 2, 7])
def test_counts_agree_with_walking_the_updates(name, cycles):
    cycle = CYCLES[name]
    counter = CycleCounter.of(cycle, cycles, [True, False])
    total = alternate_total(cycle, cycles)
    walked = {"opt_d": 0, "opt_g": 0}
    for index in range(total):
        walked[cycle[cycle_item(cycle, index)]["optimizer"]] += 1
        assert counter.updates(index + 1) == walked
        assert counter.batches(index + 1) == walked["opt_d"]  # only D reads examples
    assert counter.cycles_done(total) == cycles
    assert counter.cycles_done(total - 1) == cycles - 1


@pytest.mark.parametrize(
    ("name", "batches", "cycles"),
    [
        ("gan", 575, 575),  # 25 epochs of 23 batches: one D step per batch, a G step each
        ("wgan", 575, 115),  # five critic batches per cycle
        ("wgan", 576, 116),  # a part-cycle is run whole
        ("wgan-warm", 300, 3),  # three warm-up cycles of 100 critic batches
        ("wgan-warm", 310, 5),
    ],
)
def test_epochs_count_the_batches_of_the_steps_that_read_examples(name, batches, cycles):
    assert cycles_for(CYCLES[name], [True, False], batches) == cycles


def test_a_cycle_that_reads_no_examples_runs_one_cycle_per_batch():
    assert cycles_for(CYCLES["gan"], [False, False], 40) == 40
