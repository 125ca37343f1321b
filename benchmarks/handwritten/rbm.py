"""specs/rbm-digits.yaml by hand: a 64×100 Bernoulli RBM trained by PCD-1, SGD lr 0.06.

Written the way RBM tutorials write it: explicit statistics and in-place updates, no
autograd and no optimizer object, persistent chains kept as visible states.
"""

import torch


def make(x: torch.Tensor, y: torch.Tensor | None, seed: int, batch: int = 10, lr: float = 0.06):
    g = torch.Generator(device=x.device).manual_seed(seed)
    W = torch.randn(64, 100, generator=g, device=x.device) * 0.01
    p = x.mean(0).clamp(1e-3, 1 - 1e-3)
    a, b = torch.log(p / (1 - p)), torch.zeros(100, device=x.device)
    chains = torch.bernoulli(torch.sigmoid(a).expand(batch, -1), generator=g)
    order, position = torch.randperm(len(x), generator=g, device=x.device), 0

    def step() -> torch.Tensor:
        nonlocal order, position, chains
        if position + batch > len(x):
            order, position = torch.randperm(len(x), generator=g, device=x.device), 0
        v = x[order[position : position + batch]]  # (B, 64)
        position += batch
        h_data = torch.sigmoid(v @ W + b)  # (B, 100)
        h = torch.bernoulli(torch.sigmoid(chains @ W + b), generator=g)
        chains = torch.bernoulli(torch.sigmoid(h @ W.T + a), generator=g)
        h_model = torch.sigmoid(chains @ W + b)
        W.add_((v.T @ h_data - chains.T @ h_model) * (lr / batch))
        a.add_((v.sum(0) - chains.sum(0)) * (lr / batch))
        b.add_((h_data.sum(0) - h_model.sum(0)) * (lr / batch))
        return h_data

    step.weights = (W, a, b)  # updated in place: what the model is after training
    return step
