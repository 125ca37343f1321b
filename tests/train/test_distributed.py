"""Two data-parallel processes on CPU (gloo) agree with each other and with one process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

SPEC = """\
nnspec: 2
seed: 0
data: {dataset: digits, split: {test: 0.2}, transforms: [{scale: {from: [0, 16], to: [0, 1]}}],
       batch_size: 32, drop_last: true}
networks:
  G: {input: [4], layers: [{linear: 16}, relu, {linear: 64}]}
  D: {layers: [{linear: 16}, {leaky_relu: 0.2}, {linear: 1}]}
  mlp: {layers: [{linear: 32}, relu, {linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 4}}
optimizers:
  opt_d: {type: adam, params: [D], lr: 1.0e-3}
  opt_g: {type: adam, params: [G], lr: 1.0e-3}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 30
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d, repeat: 2}
      - {loss: gan.generator, optimizer: opt_g}
    steps: 10
evaluate: {metrics: [accuracy]}
outputs: {plots: false}
"""

# Runs the same phases as `nnspec run`, then gathers every rank's parameters.
RANK_SCRIPT = textwrap.dedent("""
    import sys, torch, torch.distributed as dist
    from nnspec.api import load
    from nnspec.train import distributed
    from nnspec.train.loop import Hooks, run_plan
    from nnspec.train.prepare import prepare
    world = distributed.detect()
    distributed.start(world, torch.device("cpu"))
    torch.set_num_threads(1)
    session, plans = prepare(load(sys.argv[1]), torch.device("cpu"), False, world)
    hooks = Hooks(lambda *a: None, lambda *a: None)
    step = 0
    for plan in plans:
        step = run_plan(session, plan, 0, step, hooks)
    flat = torch.cat([p.detach().reshape(-1) for m in session.rt.networks.values()
                      for p in m.parameters()])
    gathered = [torch.empty_like(flat) for _ in range(world.size)]
    dist.all_gather(gathered, flat)
    if world.rank == 0:
        torch.save(gathered, sys.argv[2])
    distributed.stop(world)
""")


def _torchrun(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node=2",
        "--standalone",
        *args,
    ]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "ddp.yaml"
    path.write_text(SPEC)
    return path


@pytest.mark.slow
def test_ranks_hold_identical_parameters(spec: Path, tmp_path: Path) -> None:
    script = tmp_path / "ranks.py"
    script.write_text(RANK_SCRIPT)
    done = _torchrun(str(script), str(spec), str(tmp_path / "params.pt"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    rank0, rank1 = torch.load(tmp_path / "params.pt", weights_only=True)
    assert torch.equal(rank0, rank1)


@pytest.mark.slow
def test_two_processes_match_one_with_the_same_global_batch(
    spec: Path, tmp_path: Path, runs
) -> None:
    done = _torchrun("-m", "nnspec", "run", str(spec), "--out", str(tmp_path / "two"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    runs.run(spec, tmp_path / "one")
    two, one = runs.weights(tmp_path / "two"), runs.weights(tmp_path / "one")
    # Supervised phase: the same examples per global batch, so equal up to float
    # rounding (tolerance 1e-5). The GAN phase draws different noise per process.
    for key, value in one["mlp"].items():
        torch.testing.assert_close(two["mlp"][key], value, rtol=1e-5, atol=1e-5)
    assert runs.summary(tmp_path / "two")["status"] == "completed"
