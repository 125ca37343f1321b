"""``nnspec export``: one trained network as TorchScript, ONNX or a state_dict, checked.

Each export is loaded back (torch.jit.load; onnx's reference evaluator, or
onnxruntime where installed; torch.load with weights_only=True into a fresh copy)
and run on a batch of the run's test split (or, for a network that does not read
the data, such as a generator, a seeded batch of its input's shape); the largest
difference from the eager module is reported, and more than TOLERANCE is an error.
"""

from __future__ import annotations

import copy
import importlib.util
import logging
import warnings
from pathlib import Path

import numpy as np
import torch

from nnspec.errors import RunError, UsageError
from nnspec.extras import need
from nnspec.spec.typed import Spec
from nnspec.use.load_run import LoadedRun
from nnspec.use.predict import check_network

FORMATS = {"torchscript": ".torchscript.pt", "onnx": ".onnx", "state_dict": ".state_dict.pt"}
TOLERANCE = 1e-5
BATCH = 8


def default_network(spec: Spec) -> str:
    """The first loss's model, or generator: what a user of the run most likely wants."""
    for key in ("model", "generator", "decoder"):
        for loss in spec.losses.values():
            if loss.params.get(key):
                return loss.params[key]
    raise UsageError("name the network to export with --network")


def example_batch(run: LoadedRun, network: str) -> torch.Tensor:
    """The test split's first rows where the network reads the data, else seeded noise."""
    rt = run.session.rt
    shape = run.resolved.shapes[network].input
    split = rt.splits.get("test") or rt.splits["train"]
    if shape is None or tuple(split[0].shape[1:]) == tuple(shape):
        return split[0][:BATCH]
    generator = torch.Generator(device=rt.device).manual_seed(run.resolved.typed.seed)
    return torch.randn((BATCH, *shape), generator=generator, device=rt.device)


def export(run: LoadedRun, fmt: str, network: str | None, out: Path | None) -> tuple[Path, float]:
    """Write the export; returns its path and the largest difference from the eager module."""
    name = network or default_network(run.resolved.typed)
    check_network(run.resolved.typed, name)
    if fmt == "onnx":
        need_onnx()
    module = run.modules[name].eval()
    if out is not None and out.exists():  # a file of the user's; the default is the run's own
        raise RunError(f"--out {out} already exists; nothing was written (choose another name)")
    out = out or run.path / "export" / f"{name}{FORMATS[fmt]}"
    out.parent.mkdir(parents=True, exist_ok=True)
    x = example_batch(run, name)
    if getattr(module, "takes_labels", False):  # a graph's label input: a second input
        module = Labelled(module)
        x = (x, torch.arange(len(x), device=x.device) % run.session.rt.classes)
    else:
        x = (x,)
    with torch.no_grad():
        want = module(*x)
        got = WRITERS[fmt](module, x, out)
    diff = float((torch.as_tensor(got, device=want.device) - want).abs().max())
    if not diff <= TOLERANCE:
        raise RunError(
            f"the {fmt} export of '{name}' differs from the module by {diff:.3g} "
            f"(more than {TOLERANCE:g}); it was written to {out}"
        )
    return out, diff


def need_onnx() -> None:
    """The onnx export needs the export extra; exit 2 naming it where it is missing."""
    need("export", "--format onnx")


class Labelled(torch.nn.Module):
    """A graph with a label input, called ``(x, labels)``: the form exports take."""

    def __init__(self, graph: torch.nn.Module) -> None:
        super().__init__()
        self.network = graph  # not "graph": torch.export's own graph has "nodes"

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.network(x, labels=labels)


Inputs = tuple[torch.Tensor, ...]


def _torchscript(module: torch.nn.Module, x: Inputs, out: Path) -> torch.Tensor:
    with warnings.catch_warnings():  # the tracer's notes on Python control flow
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace(module, x)
    traced.save(str(out))
    return torch.jit.load(str(out), map_location=x[0].device)(*x)


def _state_dict(module: torch.nn.Module, x: Inputs, out: Path) -> torch.Tensor:
    torch.save(module.state_dict(), out)
    fresh = copy.deepcopy(module)
    fresh.load_state_dict(torch.load(out, map_location=x[0].device, weights_only=True))
    return fresh(*x)


def _onnx(module: torch.nn.Module, x: Inputs, out: Path) -> np.ndarray:
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)  # its notes are not the user's
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            names = ["x", "labels"][: len(x)]
            torch.onnx.export(module, x, str(out), input_names=names, dynamo=True)
    except Exception as exc:  # torch's exporter reports unsupported operators this way
        raise RunError(f"torch.onnx.export cannot export this network: {exc}") from None
    return run_onnx(out, *(t.cpu().numpy() for t in x))


def run_onnx(path: Path, *x: np.ndarray) -> np.ndarray:
    """The ONNX model's output for x: onnxruntime where installed, else onnx's reference."""
    if importlib.util.find_spec("onnxruntime") is not None:
        import onnxruntime

        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        return session.run(None, dict(zip(names, x, strict=True)))[0]
    from onnx.reference import ReferenceEvaluator

    evaluator = ReferenceEvaluator(str(path))
    return evaluator.run(None, dict(zip(evaluator.input_names, x, strict=True)))[0]


WRITERS = {"torchscript": _torchscript, "onnx": _onnx, "state_dict": _state_dict}
