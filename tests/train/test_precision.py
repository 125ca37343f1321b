"""``run.precision``: terms under autocast (bf16 on CPU here), fp16 with a grad scaler per
optimizer whose state a checkpoint keeps, evaluation and weights in float32."""

from __future__ import annotations

import pytest
import torch

from nnspec.api import load
from nnspec.train.precision import Precision
from nnspec.train.prepare import prepare
from nnspec.train.runner import run_resolved


def test_bf16_runs_the_terms_in_bfloat16_and_keeps_float32_weights(tiny_spec, tmp_path, runs):
    resolved = load(tiny_spec, ("run.precision=bf16",))
    session, _ = prepare(resolved, torch.device("cpu"), smoke=False)
    assert session.precision.dtype == torch.bfloat16 and session.precision.scalers == {}
    seen: list[torch.dtype] = []
    layer = session.rt.networks["mlp"][0]
    layer.register_forward_hook(lambda m, i, o: seen.append(o.dtype))
    with session.precision.autocast():
        session.losses["xent"](*session.stream.next_batch())
    assert seen == [torch.bfloat16]
    summary = runs.run(tiny_spec, tmp_path / "run", ("run.precision=bf16",))
    assert summary["status"] == "completed" and summary["metrics"]["test/accuracy"] > 0.5
    weights = runs.weights(tmp_path / "run")["mlp"]
    assert {w.dtype for w in weights.values()} == {torch.float32}
    plain = runs.run(tiny_spec, tmp_path / "fp32")
    assert summary["metrics"]["test/accuracy"] != plain["metrics"]["test/accuracy"] or any(
        not torch.equal(w, runs.weights(tmp_path / "fp32")["mlp"][k]) for k, w in weights.items()
    )  # bf16 really ran: the weights are not fp32's


def test_fp16_scales_each_optimizer_and_a_resume_continues_exactly(tiny_spec, tmp_path, runs):
    options = ("run.precision=fp16", "outputs.checkpoints.every=30")
    whole = runs.run(tiny_spec, tmp_path / "whole", options)
    payload = torch.load(tmp_path / "whole/checkpoints/last.pt", weights_only=True)
    assert set(payload["scalers"]) == {"opt"} and payload["scalers"]["opt"]["scale"] > 0
    cut = tmp_path / "cut"  # stopped by a hook after the evaluation of step 40
    stopped = run_resolved(
        load(tiny_spec, options), out=str(cut), on_evaluate=lambda step, m: step >= 40
    )
    assert (stopped["status"], stopped["steps"]) == ("interrupted", 41)
    resumed = runs.run(tiny_spec, None, options, resume=cut)
    assert resumed["metrics"] == whole["metrics"]
    for key, value in runs.weights(cut)["mlp"].items():
        assert torch.equal(value, runs.weights(tmp_path / "whole")["mlp"][key])


def test_an_overflowed_fp16_step_is_skipped_and_the_scale_backs_off():
    linear = torch.nn.Linear(2, 1)
    stepper = type("S", (), {})()
    stepper.optimizer = torch.optim.SGD(linear.parameters(), lr=0.1)
    stepper.params = list(linear.parameters())
    stepped: list[bool] = []
    stepper.step = lambda: stepped.append(True)
    precision = Precision.of("fp16", torch.device("cpu"), ["opt"])
    scale = precision.scalers["opt"].get_scale()
    precision.backward(linear(torch.full((1, 2), float("inf"))).sum(), "opt")
    precision.step(stepper, "opt", scaled=True)
    assert stepped == [] and precision.scalers["opt"].get_scale() == scale / 2
    linear.zero_grad()
    precision.backward(linear(torch.ones(1, 2)).sum(), "opt")
    precision.step(stepper, "opt", scaled=True)
    assert stepped == [True]
    assert linear.weight.grad.tolist() == [[1.0, 1.0]]  # unscaled before stepping


def test_a_precision_torch_cannot_autocast_here_is_refused_before_training(monkeypatch):
    from nnspec.errors import RunError

    def refuse(device_type, dtype):
        raise RuntimeError("Current CPU Autocast only supports dtype of torch.bfloat16\nmore")

    monkeypatch.setattr(torch, "autocast", refuse)
    with pytest.raises(RunError) as caught:
        Precision.of("fp16", torch.device("cpu"), ["opt"])
    assert str(caught.value) == (
        f"run.precision: fp16 needs autocast to torch.float16 on cpu, which torch "
        f"{torch.__version__} cannot do here (Current CPU Autocast only supports dtype of "
        "torch.bfloat16); use fp32 or bf16"
    )
