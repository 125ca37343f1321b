"""specs/lstm-adding.yaml by hand: LSTM(64) on the adding problem, Adam 3e-3, clip 1."""

import torch
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(2, 64, batch_first=True)
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        out, _ = self.lstm(x)  # (B, T, 64)
        return self.head(out[:, -1])


def make(x: torch.Tensor, y: torch.Tensor, seed: int, batch: int = 64):
    torch.manual_seed(seed)
    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    order, position = torch.randperm(len(x)), 0

    def step() -> torch.Tensor:
        nonlocal order, position
        if position + batch > len(x):
            order, position = torch.randperm(len(x)), 0
        idx = order[position : position + batch]
        position += batch
        loss = nn.functional.mse_loss(model(x[idx]), y[idx].reshape(-1, 1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    return step
