"""Per-layer gradient norms and the vanishing-gradient effect they measure."""

import torch
from torch import nn

from nnspec.metrics.gradients import gradient_norms, weight_layers
from nnspec.nn.rbm import RBM

torch.set_num_threads(1)


def sigmoid_mlp(sizes: list[int], seed: int = 0) -> nn.Sequential:
    """Seed 000's vanishing-gradient network: sigmoid layers with N(0, 1) weights and biases."""
    torch.manual_seed(seed)
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        linear = nn.Linear(sizes[i], sizes[i + 1])
        nn.init.normal_(linear.weight)
        nn.init.normal_(linear.bias)
        layers += [linear, nn.Sigmoid()]
    return nn.Sequential(*layers[:-1])


def test_layers_are_numbered_by_weight_matrix_in_order():
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    assert weight_layers(net) == {"layer1": "0.weight", "layer2": "3.weight"}
    assert weight_layers(RBM(3, 2)) == {"layer1": "W"}


def test_norms_are_those_of_the_weight_or_bias_gradients():
    net = sigmoid_mlp([5, 4, 3])
    net(torch.randn(8, 5)).pow(2).sum().backward()
    assert gradient_norms(net) == {
        "layer1": float(net[0].weight.grad.norm()),
        "layer2": float(net[2].weight.grad.norm()),
    }
    assert gradient_norms(net, of="bias")["layer1"] == float(net[0].bias.grad.norm())


def test_layers_without_gradients_or_biases_are_left_out():
    net = sigmoid_mlp([5, 4, 3])
    assert gradient_norms(net) == {}
    rbm = RBM(3, 2)
    rbm.free_energy(torch.ones(1, 3)).sum().backward()
    assert list(gradient_norms(rbm)) == ["layer1"] and gradient_norms(rbm, of="bias") == {}


def test_earlier_layers_learn_slower_in_a_deep_sigmoid_network():
    net = sigmoid_mlp([64, 30, 30, 30, 30, 10])
    x, y = torch.rand(100, 64), torch.randint(0, 10, (100,))
    nn.functional.cross_entropy(net(x), y).backward()
    speed = gradient_norms(net, of="bias")  # seed 000: ‖δ^l‖ = ‖∂C/∂b^l‖
    assert speed["layer1"] < speed["layer4"]
