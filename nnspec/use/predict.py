"""``nnspec predict``: what a trained run says about new inputs, or samples it draws.

The default network and what its outputs mean follow the spec's first loss that maps
inputs to outputs: a classifier (cross_entropy, nll, bce against labels) gives class
probabilities and labels; an autoencoder (reconstruction, elbo) gives reconstructions
(for an elbo, the decoder's mean at the posterior mean); mse gives the outputs.
``--network`` names any network, whose raw outputs are then given.
"""

from __future__ import annotations

import numpy as np
import torch

from nnspec.errors import UsageError
from nnspec.registry import REGISTRY
from nnspec.registry.core import did_you_mean
from nnspec.spec.typed import Declared, Spec
from nnspec.train.evaluate import batched
from nnspec.train.sampling import Sampler, evaluation_generator, inference
from nnspec.use.newdata import prepare_new


def _info(loss: Declared):
    return REGISTRY.get("loss", loss.kind).info


def predict(run, inputs, network: str | None = None) -> dict[str, np.ndarray]:
    """``{"outputs"}``, plus ``{"probabilities", "labels"}`` for a classifier."""
    x = inputs.detach().cpu().numpy() if isinstance(inputs, torch.Tensor) else np.asarray(inputs)
    spec = run.resolved.typed
    found = prepare_new({"x": x}, run.state, spec, "inputs")
    rt = run.session.rt
    tensor = torch.as_tensor(found["x"], device=rt.device)
    task, name = task_of(spec, network)
    loss = spec.losses[name] if name else None
    with inference(run.session):
        if task == "reconstruct":
            out = run.session.losses[name].mean_reconstruction(tensor, None)
        else:
            module = rt.networks[network or loss.params["model"]]
            out = batched(module, tensor, spec.evaluate.batch_size)
    return _meaning(task, loss, out)


def task_of(spec: Spec, network: str | None) -> tuple[str, str | None]:
    """("classify" | "reconstruct" | "outputs", the name of the loss that says so)."""
    if network is not None:
        check_network(spec, network)
        for name, loss in spec.losses.items():
            if loss.params.get("model") == network and _classifies(loss):
                return "classify", name
        return "outputs", None
    for name, loss in spec.losses.items():
        if _classifies(loss):
            return "classify", name
        if "reconstructor" in _info(loss).roles:
            return "reconstruct", name
        if "regressor" in _info(loss).roles:
            return "outputs", name
    raise UsageError(
        "this run has no network that maps inputs to predictions (no classifier, autoencoder "
        "or regression loss); name one with --network, or draw samples with --samples N"
    )


def check_network(spec: Spec, network: str) -> None:
    names = list(spec.networks)
    if network not in names:
        hint = did_you_mean(network, names)
        raise UsageError(
            f"--network {network}: no such network (the spec has {', '.join(names)})"
            + (f"; {hint}" if hint else "")
        )


def _classifies(loss: Declared) -> bool:
    # bce against the input is an autoencoder's, not a classifier's: it needs no labels
    return _info(loss).classifies and _info(loss).needs_labels(loss.plain())


def _meaning(task: str, loss: Declared | None, out: torch.Tensor) -> dict[str, np.ndarray]:
    result = {"outputs": out.cpu().numpy()}
    if task != "classify":
        return result
    if _info(loss).scores == "sigmoid":
        p = torch.sigmoid(out.reshape(len(out), -1))
        probs = p if p.shape[1] > 1 else torch.cat([1 - p, p], 1)
    else:
        probs = torch.softmax(out, dim=-1)
    result["probabilities"] = probs.cpu().numpy()
    result["labels"] = probs.argmax(-1).cpu().numpy()
    return result


def sample(run, n: int, network: str | None = None, seed: int | None = None) -> np.ndarray:
    """n samples of a generator or VAE decoder, from the run's evaluation generator or ``seed``."""
    if n < 1:
        raise UsageError(f"--samples must be at least 1, got {n}")
    spec = run.resolved.typed
    name = network or _generator(spec)
    check_network(spec, name)
    rt = run.session.rt
    gen = evaluation_generator(rt) if seed is None else torch.Generator(rt.device).manual_seed(seed)
    with inference(run.session):
        return Sampler(run.session, name).draw(n, gen)[0].cpu().numpy()


def _generator(spec: Spec) -> str:
    for loss in spec.losses.values():
        for key in ("generator", "decoder"):
            if loss.params.get(key) and loss.kind != "reconstruction":
                return loss.params[key]
    raise UsageError("--samples needs a generator or a VAE decoder, and this run has neither")
