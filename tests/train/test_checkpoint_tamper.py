"""Tampered or broken checkpoints: each refused with a message that names the part, exit 1.

A refused resume writes nothing: every file of the run directory stays byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from nnspec.errors import CheckpointError
from tests.train.conftest import TINY_MLP, Runs

NOT_IN_SPEC = "checkpoints/last.pt does not fit this spec: "


def _payload(edit: Callable[[dict], object]) -> Callable[[Path], None]:
    """A tamper that edits the saved payload (``edit`` may return a whole new payload)."""

    def tamper(last: Path) -> None:
        payload = torch.load(last, weights_only=True)
        replaced = edit(payload)
        torch.save(payload if replaced is None else replaced, last)

    return tamper


def _set(path: str, value: object) -> Callable[[Path], None]:
    """Set ``payload[a][b]...`` to ``value`` (``path``: keys joined by '/'; ints index lists)."""
    *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]

    def edit(payload: dict) -> None:
        node = payload
        for key in parents:
            node = node[key]
        node[last] = value

    return _payload(edit)


def _drop(path: str) -> Callable[[Path], None]:
    *parents, last = path.split("/")

    def edit(payload: dict) -> None:
        node = payload
        for key in parents:
            node = node[key]
        del node[last]

    return _payload(edit)


def _text(last: Path) -> None:
    last.write_text("these are not the weights you are looking for\n")


FLOATS = torch.zeros(10)
CASES = {
    "text file": (
        _text,
        "checkpoints/last.pt is not a checkpoint: torch.save writes a zip archive, "
        "this file is not one",
    ),
    "a list": (
        _payload(lambda p: [1, 2]),
        "checkpoints/last.pt is not an nnspec checkpoint: it holds a list",
    ),
    "no spec": (
        _drop("spec"),
        "checkpoints/last.pt is not a whole nnspec checkpoint: it lacks spec",
    ),
    "no state": (
        _payload(lambda p: {"spec": p["spec"], "networks": p["networks"]}),
        "checkpoints/last.pt is not a whole nnspec checkpoint: "
        "it lacks position, optimizers, stream, rng",
    ),
    "spec edited": (_set("spec/seed", 99), None),  # message names the run dir: see the test
    "other world size": (
        _set("world_size", 2),
        "checkpoints/last.pt was written by 2 processes and this run has 1 process; resume with "
        "the same number (torchrun --nproc_per_node=2): each process's share of the data and "
        "its noise depend on it",
    ),
    "wrong shape": (
        _set("networks/mlp/0.weight", torch.zeros(16, 64)),
        NOT_IN_SPEC + "networks.mlp: '0.weight' has shape [16, 64], the spec builds [32, 64]",
    ),
    "missing key": (_drop("networks/mlp/3.bias"), NOT_IN_SPEC + "networks.mlp: '3.bias' missing"),
    "unexpected key": (
        _set("networks/mlp/5.weight", torch.zeros(2)),
        NOT_IN_SPEC + "networks.mlp: '5.weight' not in this spec",
    ),
    "unknown network": (_set("networks/G", {}), NOT_IN_SPEC + "networks: 'G' not in this spec"),
    "not a tensor": (
        _set("networks/mlp/0.bias", 3),
        NOT_IN_SPEC + "networks.mlp: '0.bias' holds int, not a tensor",
    ),
    "rng dtype": (
        _set("rng/torch", FLOATS),
        NOT_IN_SPEC + "rng.torch: a torch.uint8 tensor of shape [5056] expected, "
        "found a torch.float32 tensor of shape [10]",
    ),
    "rng size": (
        _set("rng/generator", torch.zeros(10, dtype=torch.uint8)),
        NOT_IN_SPEC + "rng.generator: a torch.uint8 tensor of shape [5056] expected, "
        "found a torch.uint8 tensor of shape [10]",
    ),
    "rng missing": (_drop("rng/generator"), NOT_IN_SPEC + "rng: 'generator' missing"),
    "position phase": (
        _set("position/phase", 5),
        NOT_IN_SPEC + "position: phase 5 is past the end of the schedule (1 phases)",
    ),
    "position index": (
        _set("position", {"phase": 0, "index": 60, "step": 60}),
        NOT_IN_SPEC + "position: update 60 is past phase 0's 60 updates",
    ),
    "position negative": (
        _set("position/step", -1),
        NOT_IN_SPEC + "position: step is -1, not a whole number >= 0",
    ),
    "position step": (
        _set("position", {"phase": 0, "index": 7, "step": 30}),
        NOT_IN_SPEC + "position: step 30 is not where phase 0, update 7 falls (step 7)",
    ),
    "position text": (
        _set("position", "start"),
        NOT_IN_SPEC + "position: 'start' is not {phase, index, step}",
    ),
    "stream position": (
        _set("stream/position", 99),
        NOT_IN_SPEC + "stream: its position is 99; expected 0..45",
    ),
    "stream epoch": (
        _set("stream/epoch", -2),
        NOT_IN_SPEC + "stream: its epoch is -2; expected a whole number >= 0",
    ),
    "stream text": (
        _set("stream", "x"),
        NOT_IN_SPEC + "stream: its state is a str, not a mapping",
    ),
    "stream batch size": (
        _set("stream/batch_size", 8),
        NOT_IN_SPEC + "stream: it was saved as {'examples': 1437, "
        "'batch_size': 8, 'shuffle': True, 'drop_last': False, 'seed': 3, 'world_size': 1}, "
        "but is now {'examples': 1437, 'batch_size': 32, 'shuffle': True, 'drop_last': False, "
        "'seed': 3, 'world_size': 1}",
    ),
    "optimizer groups": (
        _set("optimizers/opt/param_groups", []),
        NOT_IN_SPEC + "optimizers.opt: has 0 parameter groups, the spec builds 1",
    ),
    "optimizer params": (
        _set("optimizers/opt/param_groups/0/params", [0, 1]),
        NOT_IN_SPEC + "optimizers.opt: group 0 has 2 parameters, the spec builds 4",
    ),
    "optimizer option": (
        _set("optimizers/opt/param_groups/0/lr", "fast"),
        NOT_IN_SPEC + "optimizers.opt: group 0: 'lr' is 'fast', not a number",
    ),
    "optimizer state shape": (
        _set("optimizers/opt/state/0/momentum_buffer", torch.zeros(3)),
        NOT_IN_SPEC + "optimizers.opt: 'momentum_buffer' of parameter 0 has shape [3], "
        "the parameter has [32, 64]",
    ),
    "optimizer state key": (
        _set("optimizers/opt/state/9", {}),
        NOT_IN_SPEC + "optimizers.opt: state for parameter 9 matches no parameter",
    ),
    "scheduler missing": (_set("schedulers", {}), NOT_IN_SPEC + "schedulers: 'opt' missing"),
    "loss state": (
        _set("losses/xent", "chains"),
        NOT_IN_SPEC + "losses.xent: a mapping expected, found str",
    ),
    "loss missing": (_set("losses", {}), NOT_IN_SPEC + "losses: 'xent' missing"),
}


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One completed tiny run (its spec, its directory), copied by each case."""
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("finished")
    spec = root / "tiny.yaml"
    spec.write_text(TINY_MLP)
    Runs.run(spec, root / "run")
    return spec, root / "run"


def _snapshot(run: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run)): p.read_bytes() for p in sorted(run.rglob("*")) if p.is_file()}


def _tampered(finished: tuple[Path, Path], tmp_path: Path, case: str) -> Path:
    run = tmp_path / "run"
    shutil.copytree(finished[1], run)
    CASES[case][0](run / "checkpoints" / "last.pt")
    return run


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_checkpoint_is_refused_by_name(finished, tmp_path: Path, case: str) -> None:
    run = _tampered(finished, tmp_path, case)
    before = _snapshot(run)
    with pytest.raises(CheckpointError) as error:
        Runs.run(finished[0], None, resume=run)
    expected = CASES[case][1] or (
        f"checkpoints/last.pt was not written by this spec (its saved spec differs from "
        f"{run / 'spec.yaml'})"
    )
    assert str(error.value) == f"cannot resume {run}: {expected}"
    assert _snapshot(run) == before


@pytest.mark.slow
@pytest.mark.parametrize("case", ["text file", "wrong shape", "position phase", "rng size"])
def test_the_cli_refuses_with_exit_1(finished, tmp_path: Path, case: str) -> None:
    run = _tampered(finished, tmp_path, case)
    before = _snapshot(run)
    command = [sys.executable, "-m", "nnspec", "run", str(finished[0]), "--resume", str(run)]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"}
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"cannot resume {run}: {CASES[case][1]}"
    assert _snapshot(run) == before
