"""specs/reference/pytorch-dcgan.yaml trains to the very weights of its hand-written twin.

benchmarks/handwritten/pytorch_dcgan.py is pytorch/examples' dcgan written out (its
weights_init, Sigmoid and BCELoss, one G pass per batch) drawing nnspec's random streams
(docs/language.md, "Random streams of a run"): after the same updates every parameter
and BatchNorm statistic of the run's last.pt equals the twin's, bit for bit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from benchmarks.handwritten import pytorch_dcgan
from nnspec.api import load, run
from nnspec.train.prepare import prepare

SPEC = Path(__file__).resolve().parents[2] / "specs" / "reference" / "pytorch-dcgan.yaml"
QUICK = ("evaluate.metrics[0].parzen.samples=50", "outputs.samples.count=4", "outputs.plots=false")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_the_spec_and_its_twin_reach_equal_weights(tmp_path: Path, seed: int) -> None:
    resolved = load(SPEC, (f"seed={seed}", "schedule[0].epochs=2", *QUICK))  # 40 cycles
    session, _ = prepare(resolved, torch.device("cpu"), smoke=False)
    summary = run(resolved, out=tmp_path, overwrite=True)
    nets = pytorch_dcgan.networks(seed)
    _, updates = pytorch_dcgan.train(session.rt.splits["train"][0], 2, seed, nets=nets)
    assert summary["updates"] == updates == {"opt_d": 40, "opt_g": 40}
    saved = torch.load(tmp_path / "checkpoints" / "last.pt", weights_only=True)["networks"]
    for name, net in zip(("G", "D"), nets, strict=True):
        spec_side, twin_side = saved[name], net.state_dict()
        assert len(spec_side) == len(twin_side)
        for (key, a), b in zip(spec_side.items(), twin_side.values(), strict=True):
            assert torch.equal(a, b), f"{name} {key}: {float((a - b).abs().max())}"
