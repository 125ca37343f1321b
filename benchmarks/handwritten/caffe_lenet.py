"""specs/reference/caffe-lenet.yaml by hand: Caffe's LeNet and lenet_solver in plain PyTorch.

The update is Caffe's SGDSolver written out (sgd_solver.cpp): rate = base_lr ·
(1 + γ·iter)^−power; each blob's local rate is rate · lr_mult (2 for biases);
the gradient gets weight_decay · w; history = momentum · history + local_rate · diff;
w −= history. Weights are Caffe's xavier filler U(±sqrt(3/fan_in)), biases 0.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from handwritten.digits_split import accuracy, batches, digits

SEED, BASE_LR, MOMENTUM, DECAY, GAMMA, POWER, MAX_ITER = 0, 0.01, 0.9, 5e-4, 1e-4, 0.75, 10000


def lenet() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 20, 5, padding=2),
        nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5, padding=2),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(200, 500),
        nn.ReLU(),
        nn.Linear(500, 10),
    )


def xavier_filler(model: nn.Module) -> None:
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.uniform_(-math.sqrt(3 / fan_in), math.sqrt(3 / fan_in))
                m.bias.zero_()


def run(steps: int = MAX_ITER) -> float:
    data = digits(SEED, 0.2, [(0, 16)])
    torch.manual_seed(SEED)
    model = lenet()
    xavier_filler(model)
    lr_mult = {id(m.bias): 2.0 for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))}
    history = {id(p): torch.zeros_like(p) for p in model.parameters()}
    loss_fn = nn.CrossEntropyLoss()
    stream = batches(*data["train"], 64, SEED, shuffle=False)
    model.train()
    for it in range(steps):
        x, y = next(stream)
        model.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        rate = BASE_LR * (1 + GAMMA * it) ** -POWER
        with torch.no_grad():
            for p in model.parameters():
                diff = p.grad + DECAY * p
                v = history[id(p)]
                v.mul_(MOMENTUM).add_(diff * (rate * lr_mult.get(id(p), 1.0)))
                p.sub_(v)
    return accuracy(model, *data["test"])
