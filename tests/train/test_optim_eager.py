"""Optimizers called past torch's dynamo wrappers: same results, and no compiler imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from nnspec.train.optim_eager import eager, kind_of, needs_wrapper, step_rule

ROOT = Path(__file__).resolve().parents[2]


def test_eager_classes_keep_their_name_and_kind():
    cls = eager(torch.optim.Adam)
    assert cls.__name__ == "Adam" and issubclass(cls, torch.optim.Adam)
    assert kind_of(cls([nn.Parameter(torch.ones(2))])) is torch.optim.Adam
    assert eager(torch.optim.Adam) is cls  # one class per torch class


def test_a_step_hook_keeps_the_wrapped_step():
    optimizer = eager(torch.optim.Adam)([nn.Parameter(torch.ones(2))])
    assert not needs_wrapper(optimizer)
    calls = []
    optimizer.register_step_pre_hook(lambda *args: calls.append(1))
    assert needs_wrapper(optimizer)
    rule = step_rule(optimizer)
    optimizer.param_groups[0]["params"][0].grad = torch.ones(2)
    rule()
    assert calls == [1]


@pytest.mark.slow
def test_an_eager_run_never_imports_the_compiler(tmp_path):
    """torch._dynamo costs as much as torch's import; an eager run has no use for it."""
    probe = (
        "import sys, nnspec, torch\n"
        "nnspec.run(nnspec.load(sys.argv[1]), out=sys.argv[2], smoke=True)\n"
        "print(torch.are_deterministic_algorithms_enabled())\n"
        "print(sorted(m for m in ('torch._dynamo', 'torch._inductor') if m in sys.modules))\n"
    )
    spec, out = ROOT / "specs" / "lstm-adding.yaml", tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-c", probe, str(spec), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["True", "[]"]  # deterministic all the same
