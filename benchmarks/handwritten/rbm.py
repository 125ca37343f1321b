"""specs/rbm-digits.yaml by hand: a 64×100 Bernoulli RBM trained by PCD-1, SGD lr 0.06.

Written the way RBM tutorials write it: explicit statistics and in-place updates, no
autograd and no optimizer object, persistent chains kept as hidden states.
"""

import torch


def make(x: torch.Tensor, y: torch.Tensor | None, seed: int, batch: int = 10, lr: float = 0.06):
    # As the spec's rbm: N(0, 0.01²) weights, zero biases, chains kept as hidden states
    # that start at h = 0 (nnspec's PersistentChains.start).
    g = torch.Generator(device=x.device).manual_seed(seed)
    W = torch.randn(64, 100, generator=g, device=x.device) * 0.01
    a, b = torch.zeros(64, device=x.device), torch.zeros(100, device=x.device)
    chains = torch.zeros(batch, 100, device=x.device)
    order, position = torch.randperm(len(x), generator=g, device=x.device), 0

    def step() -> torch.Tensor:
        nonlocal order, position, chains
        if position + batch > len(x):
            order, position = torch.randperm(len(x), generator=g, device=x.device), 0
        v = x[order[position : position + batch]]  # (B, 64)
        position += batch
        h_data = torch.sigmoid(v @ W + b)  # (B, 100)
        v_model = torch.bernoulli(torch.sigmoid(chains @ W.T + a), generator=g)  # (B, 64)
        h_model = torch.sigmoid(v_model @ W + b)
        chains = torch.bernoulli(h_model, generator=g)
        W.add_((v.T @ h_data - v_model.T @ h_model) * (lr / batch))
        a.add_((v.sum(0) - v_model.sum(0)) * (lr / batch))
        b.add_((h_data.sum(0) - h_model.sum(0)) * (lr / batch))
        return h_data

    step.weights = (W, a, b)  # updated in place: what the model is after training
    return step
