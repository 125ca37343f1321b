"""The torch half of the plugin: one implementation per declared kind.

Its ``nnspec.builders`` entry point names this module; a run imports it.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from nnspec.data.base import arrays, loads
from nnspec.data.transforms import each, transform
from nnspec.losses.base import Loss, loss
from nnspec.losses.noise import corrupt, noise
from nnspec.nn.build import builds
from nnspec.nn.init import initialiser
from nnspec.nn.networks import network
from nnspec.train.evaluate import batched, default_network, eval_batch, metric
from nnspec.train.optim import lr_schedule, optimizer
from nnspec.train.plan import Plan
from nnspec.train.planners import SMOKE_UPDATES


class Swish(nn.Module):
    def __init__(self, beta: float):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


@builds("swish")
def build_swish(params, in_shape, env):
    return Swish(params["beta"])


@network("affine")
def build_affine(body):
    return nn.Linear(body["visible"], body["outputs"])


@loss("huber")
class Huber(Loss):
    def __call__(self, x, y):
        x = corrupt(self.params["corruption"], x, self.rt.generator)
        out = self.net("model")(x)
        value = F.huber_loss(out, y.reshape(out.shape).to(out.dtype), delta=self.params["delta"])
        return value, {"loss": value.detach()}


class SignSGD(torch.optim.Optimizer):
    def __init__(self, params, lr):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.add_(torch.sign(p.grad), alpha=-group["lr"])


@optimizer("signsgd")
def make_signsgd(params, options):
    return SignSGD(params, options["lr"])


@lr_schedule("halving")
def halving(params, span, base_lr):
    return lambda step: 0.5 ** (step // params["every"])


@loads("sine")
def sine(params, rng, base_dir):
    x = rng.uniform(-1, 1, size=(params["size"], params["features"]))
    return arrays(x, np.sin(np.pi * x.sum(axis=1, keepdims=True)))


@transform("shift")
def shift(params, splits, rng):
    return each(splits, lambda a: a + np.float32(params["by"]))


@metric("mae")
def mae(params, session, split):
    x, y = session.rt.splits[split]
    net = session.rt.network(default_network(params, session, "regressor"))
    out = batched(net, x, eval_batch(session))
    return {"mae": float(torch.mean(torch.abs(out - y.reshape(out.shape).to(out.dtype))))}


def plan_anneal(phase, label, session):
    body = phase.params  # a typed nnspec.spec.typed.Phase
    update = session.update_for(body["loss"], body["optimizer"])
    total = phase.steps or phase.epochs * len(session.stream)
    if session.rt.smoke:
        total = min(total, SMOKE_UPDATES)
    return Plan(label, "anneal", total, lambda i: update, len(session.stream))


@initialiser("bounded")
def bounded(weight, params):
    nn.init.uniform_(weight, params["low"], params["high"])


@noise("jitter")
def jitter(params, x, generator):
    u = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    return x + params["size"] * (2 * u - 1)
