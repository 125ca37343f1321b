"""Exports round-trip within 1e-5 of the eager module, for every supervised bundled spec
and for the GAN generators (ONNX only where the export extra is installed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from nnspec.errors import RunError
from nnspec.use.export import TOLERANCE, export, run_onnx
from nnspec.use.load_run import load_run

SUPERVISED = [
    "attention-reverse.yaml", "cnn-digits.yaml", "dbn-digits.yaml", "gru-copy.yaml",
    "lstm-adding.yaml", "mlp-digits.yaml", "resnet-digits.yaml", "sdae-digits.yaml",
    "vanishing-gradient.yaml", "vanishing-gradient-relu.yaml", "xor.yaml",
    *(f"optimizers/{p.name}" for p in sorted(Path(__file__).parents[2].glob("specs/optimizers/*"))),
]  # fmt: skip
GENERATORS = [
    "gan.yaml", "gan-ring.yaml", "dcgan-digits.yaml", "cgan-digits.yaml", "infogan-digits.yaml",
    "wgan-clip-ring.yaml", "wgan-gp-ring.yaml",
]  # fmt: skip
CASES = [(s, None) for s in SUPERVISED] + [(s, "G") for s in GENERATORS]
FAST = [("xor.yaml", None), ("gan-ring.yaml", "G")]
HAS_ONNX = importlib.util.find_spec("onnx") is not None and importlib.util.find_spec("onnxscript")
FORMATS = ["state_dict", "torchscript"] + (["onnx"] if HAS_ONNX else [])


def round_trips(smoke_run, name: str, network: str | None, tmp_path: Path) -> None:
    loaded = load_run(smoke_run(name), full=True)
    for fmt in FORMATS:
        path, diff = export(loaded, fmt, network, tmp_path / f"net.{fmt}")
        assert path.is_file() and diff <= TOLERANCE, (fmt, diff)


@pytest.mark.parametrize(("name", "network"), FAST)
def test_export_round_trips(smoke_run, name: str, network: str | None, tmp_path: Path) -> None:
    round_trips(smoke_run, name, network, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "network"), [c for c in CASES if c not in FAST])
def test_export_round_trips_for_every_case(smoke_run, name, network, tmp_path: Path) -> None:
    round_trips(smoke_run, name, network, tmp_path)


@pytest.mark.skipif(not HAS_ONNX, reason="the export extra (onnx) is not installed")
def test_onnx_export_runs_on_new_batches(smoke_run, tmp_path: Path) -> None:
    loaded = load_run(smoke_run("xor.yaml"), full=True)
    path, _ = export(loaded, "onnx", None, tmp_path / "xor.onnx")
    x = loaded.session.rt.splits["test"][0][:3]
    with torch.no_grad():
        want = loaded.modules["mlp"](x)
    assert float((torch.as_tensor(run_onnx(path, x.numpy())) - want).abs().max()) <= TOLERANCE


def test_export_never_writes_over_a_file(smoke_run, tmp_path: Path) -> None:
    mine = tmp_path / "mine.pt"
    mine.write_text("keep me")
    with pytest.raises(RunError) as caught:
        export(load_run(smoke_run("xor.yaml"), full=True), "torchscript", None, mine)
    assert str(caught.value) == (
        f"--out {mine} already exists; nothing was written (choose another name)"
    )
    assert mine.read_text() == "keep me"


def test_the_default_export_goes_into_the_run(smoke_run) -> None:
    out = smoke_run("xor.yaml")
    path, diff = export(load_run(out, full=True), "state_dict", None, None)
    assert path == out / "export" / "mlp.state_dict.pt" and diff == 0.0
    assert set(torch.load(path, weights_only=True)) == {"0.weight", "0.bias", "2.weight", "2.bias"}
