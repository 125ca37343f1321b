"""NNSPEC_SYNC_CHECK: unlogged CUDA updates run under sync-debug mode "error" (mocked on CPU)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from nnspec.api import load
from nnspec.data.transfer import to_device
from nnspec.train import loop, sync_guard
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.prepare import prepare

CUDA = torch.device("cuda")  # only compared, never used: the mode switch is mocked
SPEC = """\
nnspec: 2
data: {dataset: xor}
networks:
  m: {layers: [{linear: 4}, tanh, {linear: 1}]}
losses:
  l: {type: mse, model: m}
schedule:
  - train: {loss: l, optimizer: {type: sgd, lr: 0.1}}
    steps: 6
"""


@pytest.fixture
def modes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every mode set; a 'sync' while the mode is 'error' raises, as torch would on a GPU."""
    seen: list[str] = []
    monkeypatch.setattr(torch.cuda, "set_sync_debug_mode", seen.append)
    monkeypatch.setenv(sync_guard.ENV, "1")
    return seen


def test_off_unless_asked_for_on_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sync_guard.ENV, raising=False)
    assert sync_guard.checked(loop.apply, CUDA, False) is loop.apply
    monkeypatch.setenv(sync_guard.ENV, "1")
    assert sync_guard.checked(loop.apply, torch.device("cpu"), False) is loop.apply
    assert sync_guard.checked(loop.apply, CUDA, True) is loop.apply  # on_nan: skip reads all


def test_only_unlogged_updates_are_guarded(modes: list[str]) -> None:
    calls = []
    guarded = sync_guard.checked(lambda s, *a: calls.append(list(modes)), CUDA, False)
    for detail in (False, True, False):
        guarded(SimpleNamespace(rt=SimpleNamespace(detail=detail)))
    assert calls == [["error"], ["error", "default"], ["error", "default", "error"]]
    assert modes == ["error", "default", "error", "default"]


def test_the_mode_is_reset_when_an_update_raises(modes: list[str]) -> None:
    def sync(session, *args):
        raise RuntimeError("called a synchronizing CUDA operation")

    with pytest.raises(RuntimeError, match="synchronizing"):
        sync_guard.checked(sync, CUDA, False)(SimpleNamespace(rt=SimpleNamespace(detail=False)))
    assert modes == ["error", "default"]


def test_the_loop_guards_every_update_but_the_logged_ones(modes, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SPEC)
    session, plans = prepare(load(tmp_path / "s.yaml", ()), torch.device("cpu"), smoke=False)
    session.rt.device = CUDA  # the loop decides from the run's device
    run_plan(session, plans[0], 0, 0, Hooks(lambda *a: None, lambda *a: None, log_every=3))
    # steps 1, 2, 4, 5 are guarded; 3 and 6 are logged (6 is also the phase's last)
    assert modes == ["error", "default"] * 4


def test_to_device_on_the_cpu_is_a_plain_copy() -> None:
    x = torch.arange(6.0)
    assert to_device(x, "cpu") is x
