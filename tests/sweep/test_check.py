"""``nnspec sweep --check``: a sweep file is checked like a spec, without torch or Optuna."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nnspec.sweep.check import check_sweep, trial_spec
from nnspec.sweep.sweepfile import read_sweep
from tests.sweep.conftest import SWEEP

LR = "    schedule[0].train.optimizer.lr: {log_uniform: [1.0e-4, 1.0e-2]}\n"
OUT = "    networks.mlp.sequential.layers[0].linear.out: {int: {low: 64, high: 256, step: 64}}\n"

CASES = {
    "misspelt path segment": (
        LR,
        "    schedule[0].train.optimiser.lr: {log_uniform: [1.0e-4, 1.0e-2]}\n",
        "sweep.yaml:8:5: error: the resolved base spec has no 'optimiser' under "
        "schedule[0].train (at sweep.params.schedule[0].train.optimiser.lr); did you mean "
        "'optimizer'?\n  expected: loss, optimizer\n  received: optimiser",
    ),
    "index past the end": (
        OUT,
        "    networks.mlp.sequential.layers[9].linear.out: {int: [64, 256]}\n",
        "sweep.yaml:9:5: error: the resolved base spec has no [9] under "
        "networks.mlp.sequential.layers (at sweep.params.networks.mlp.sequential.layers[9]"
        ".linear.out); nnspec show --resolved prints the paths of the resolved spec\n"
        "  expected: an index below 7\n  received: 9",
    ),
    "floats into an integer": (
        OUT,
        "    data.batch_size: {uniform: [16, 64]}\n",
        "sweep.yaml:9:33: error: uniform can give 16.0 (a number), which the spec refuses: "
        "expected an integer >= 1 and <= 1000000 (at sweep.params.data.batch_size); sample "
        "integers with {int: [low, high]}\n  expected: an integer >= 1 and <= 1000000\n"
        "  received: 16.0 (a number)",
    ),
    "a choice the parameter refuses": (
        OUT,
        "    networks.mlp.sequential.layers[2].dropout.p: {choice: [0.1, 1.5]}\n",
        "sweep.yaml:9:65: error: choice can give 1.5 (a number), which the spec refuses: 1.5 "
        "is out of range (at sweep.params.networks.mlp.sequential.layers[2].dropout.p)\n"
        "  expected: a number >= 0 and <= 1\n  received: 1.5 (a number)",
    ),
    "a value the static checks refuse": (
        OUT,
        "    networks.mlp.sequential.layers[6].linear.out: {choice: [10, 11]}\n",
        "sweep.yaml:9:65: error: choice can give 11 (an integer), which the spec refuses at "
        "networks.mlp: network 'mlp' output (11) does not fit: it scores the data's 10 classes "
        "(at sweep.params.networks.mlp.sequential.layers[6].linear.out)\n"
        "  expected: (10)\n  received: (11)",
    ),
    "misspelt kind": (
        OUT,
        "    data.batch_size: {choise: [16, 32]}\n",
        "sweep.yaml:9:22: error: a search space is one of choice, uniform, log_uniform or int "
        "(at sweep.params.data.batch_size); did you mean 'choice'?\n"
        "  expected: {choice: [...]}, {uniform: [low, high]}, {log_uniform: [low, high]} or "
        "{int: [low, high]}\n  received: a mapping",
    ),
    "step that does not divide": (
        OUT,
        "    data.batch_size: {int: {low: 16, high: 60, step: 16}}\n",
        "sweep.yaml:9:28: error: high - low must be a multiple of step 16 "
        "(at sweep.params.data.batch_size.int)\n  received: low 16, high 60",
    ),
    "log scale from zero": (
        LR,
        "    schedule[0].train.optimizer.lr: {log_uniform: [0.0, 1.0e-2]}\n",
        "sweep.yaml:8:51: error: a log scale needs low > 0 "
        "(at sweep.params.schedule[0].train.optimizer.lr.log_uniform)\n"
        "  received: low 0.0, high 0.01",
    ),
    "a list as a choice": (
        OUT,
        "    data.split.val: {choice: [[0.1], 0.2]}\n",
        "sweep.yaml:9:31: error: a choice is a number, a string, true, false or null "
        "(at sweep.params.data.split.val.choice)\n"
        "  expected: a scalar (Optuna stores choices as scalars)\n  received: a list",
    ),
    "misspelt metric": (
        "  metric: val/accuracy\n",
        "  metric: val/acuracy\n",
        "sweep.yaml:4:11: error: the base spec's evaluation never reports 'val/acuracy' (at "
        "sweep.metric); did you mean 'val/accuracy'?\n"
        "  expected: one of val/accuracy, test/accuracy, val/loss, test/loss\n"
        "  received: val/acuracy",
    ),
    "misspelt direction": (
        "  direction: maximize\n",
        "  direction: maximise\n",
        "sweep.yaml:5:14: error: unknown value 'maximise' (a string) (at sweep.direction); "
        "did you mean 'maximize'?\n  expected: one of 'maximize', 'minimize'\n"
        "  received: 'maximise' (a string)",
    ),
    "a spec section in the sweep file": (
        "sweep:\n",
        "data: {batch_size: 16}\nsweep:\n",
        "sweep.yaml:3:1: error: a sweep file holds no spec section; 'data' belongs in a spec "
        "(at <top>); write the change in a spec that extends the base, and extend that one\n"
        "  expected: nnspec, name, extends and sweep",
    ),
    "unknown pruner": (
        "  trials: 3\n",
        "  trials: 3\n  pruner: medain\n",
        "sweep.yaml:7:11: error: unknown pruner (at sweep.pruner); did you mean 'median'?\n"
        "  expected: median, none, or {median: {startup_trials, warmup_steps}}\n"
        "  received: 'medain' (a string)",
    ),
}


@pytest.mark.parametrize("old, new, message", CASES.values(), ids=CASES.keys())
def test_each_mistake_is_located_with_what_was_expected(
    write_sweep, cli, old: str, new: str, message: str
) -> None:
    assert SWEEP.count(old) == 1
    result = cli("sweep", write_sweep(SWEEP.replace(old, new)), "--check")
    assert (result.exit_code, result.stderr.rstrip("\n")) == (1, message)


def test_a_valid_sweep_checks_without_running(write_sweep, cli) -> None:
    result = cli("sweep", write_sweep(), "--check")
    assert (result.exit_code, result.stdout) == (
        0,
        "sweep.yaml: a valid sweep of 2 paths of base.yaml\n",
    )


def test_a_trial_spec_is_the_base_with_the_values_set(write_sweep) -> None:
    sweep = read_sweep(write_sweep())
    values = {"schedule[0].train.optimizer.lr": 0.003, sweep.space[1].path: 128}
    spec = trial_spec(sweep, values).plain()
    base = check_sweep(sweep).plain()
    assert spec["schedule"][0]["train"]["optimizer"]["lr"] == 0.003
    assert spec["networks"]["mlp"]["sequential"]["layers"][0]["linear"]["out"] == 128
    spec["schedule"][0]["train"]["optimizer"]["lr"] = 0.001
    spec["networks"]["mlp"]["sequential"]["layers"][0]["linear"]["out"] = 256
    assert spec == base


def test_vars_are_set_before_they_are_substituted(write_sweep) -> None:
    base = "vars: {width: 256}\n" + SWEEP_BASE_WITH_VAR
    sweep = read_sweep(write_sweep(SWEEP.replace(OUT, "    vars.width: {int: [32, 64]}\n"), base))
    spec = trial_spec(sweep, {"vars.width": 48}).plain()
    assert spec["networks"]["mlp"]["sequential"]["layers"][0]["linear"]["out"] == 48


SWEEP_BASE_WITH_VAR = """\
data: {dataset: digits, split: {val: 0.1, test: 0.2}}
networks: {mlp: {layers: [{linear: $width}, relu, {linear: 10}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: adam, lr: 1.0e-3}}, epochs: 1}]
evaluate: {splits: [val], metrics: [accuracy]}
"""


CHECK_ONLY = """
import sys
from nnspec.cli import main
try:
    main(["sweep", "sweep.yaml", "--check"], prog_name="nnspec")
except SystemExit as exc:
    print(exc.code, sorted(m for m in ("torch", "optuna", "numpy") if m in sys.modules))
"""


def test_checking_imports_neither_torch_nor_optuna(write_sweep) -> None:
    write_sweep()
    done = subprocess.run([sys.executable, "-c", CHECK_ONLY], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
