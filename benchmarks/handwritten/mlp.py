"""specs/mlp-digits.yaml by hand: MLP 64-256-256-10 with dropout, Adam, cross-entropy."""

import torch
from torch import nn


def make(x: torch.Tensor, y: torch.Tensor, seed: int, batch: int = 32):
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(64, 256),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(256, 256),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(256, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order, position = torch.randperm(len(x)), 0

    def step() -> torch.Tensor:
        nonlocal order, position
        if position + batch > len(x):
            order, position = torch.randperm(len(x)), 0
        idx = order[position : position + batch]
        position += batch
        loss = loss_fn(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step
