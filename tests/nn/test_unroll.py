"""The unroll layer: a stack's up-pass sharing the stack's own parameters, and its static rules."""

import pytest
import torch

from nnspec.compiler import compile_networks
from nnspec.nn.autoencoder_stack import AutoencoderStack
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack
from nnspec.nn.unroll import unroll
from nnspec.registry import REGISTRY, ShapeMismatch
from nnspec.spec.typed import Application

UNROLL = REGISTRY.get("layer", "unroll")


def up_pass_params(stack) -> list:
    if isinstance(stack, AutoencoderStack):
        return [p for enc in stack.encoders for p in enc.parameters()]
    rbms = [stack] if isinstance(stack, RBM) else list(stack.layers)
    return [p for rbm in rbms for p in (rbm.W, rbm.b)]


@pytest.mark.parametrize(
    "stack",
    [
        RBMStack(6, [5, 3], init_std=0.5),
        RBM(6, 4, "gaussian", 0.5),
        AutoencoderStack(6, [4, 2], "relu"),
    ],
    ids=["rbm_stack", "rbm", "autoencoder_stack"],
)
def test_unroll_holds_exactly_the_stack_up_pass_parameters(stack):
    module = unroll(stack)
    ours, theirs = list(module.parameters()), up_pass_params(stack)
    assert len(ours) == len(theirs) and {id(p) for p in ours} == {id(p) for p in theirs}
    x = torch.rand(3, 6)
    assert torch.equal(module(x), stack(x))  # the stack's forward is its mean-field up-pass
    with torch.no_grad():
        theirs[0].add_(1.0)  # pretraining moves the stack: the unrolled layer sees it
    assert torch.equal(module(x), stack(x))


def test_compiled_classifier_fine_tunes_the_pretrained_stack():
    spec = {
        "networks": {
            "dbn": {
                "rbm_stack": {"visible": 6, "hidden": [5, 3], "units": "bernoulli", "init_std": 0.1}
            },
            "clf": {
                "sequential": {
                    "input": [6],
                    "init": None,
                    "layers": [
                        {"unroll": {"network": "dbn"}},
                        {"linear": {"out": 2, "bias": True}},
                    ],
                }
            },
        }
    }
    networks = {name: Application.of(entry) for name, entry in spec["networks"].items()}
    nets = compile_networks(networks, {"clf": (6,)})
    dbn, clf = nets["dbn"], nets["clf"]
    assert clf[0].W[0] is dbn.layers[0].W and clf[0].b[1] is dbn.layers[1].b
    count = sum(p.numel() for p in clf.parameters())
    assert count == (6 * 5 + 5) + (5 * 3 + 3) + (3 * 2 + 2)
    before = dbn.layers[0].W.clone()
    optimizer = torch.optim.SGD(clf.parameters(), lr=0.1)
    clf(torch.rand(4, 6)).sum().backward()
    optimizer.step()
    assert not torch.equal(before, dbn.layers[0].W)  # fine-tuning updated the stack itself
    assert dbn.layers[0].a.grad is None  # visible biases are not part of the up-pass


class Env:
    """A static env holding one network of each kind."""

    def network(self, name: str) -> dict:
        return {
            "dbn": {"rbm_stack": {"visible": 64, "hidden": [32, 16]}},
            "one": {"rbm": {"visible": 64, "hidden": 8}},
            "sdae": {"autoencoder_stack": {"visible": 64, "hidden": 10}},
            "mlp": {"sequential": {"input": [64], "layers": []}},
        }[name]


@pytest.mark.parametrize(
    ("name", "out", "count"),
    [("dbn", (16,), 64 * 32 + 32 + 32 * 16 + 16), ("one", (8,), 64 * 8 + 8), ("sdae", (10,), 650)],
)
def test_static_shape_and_count(name, out, count):
    params = {"network": name}
    assert UNROLL.shape(params, (64,), Env()) == out
    assert UNROLL.count(params, (64,), Env()) == count


def test_static_rule_refuses_a_wrong_input_and_a_non_stack():
    with pytest.raises(ShapeMismatch, match="add flatten before it") as info:
        UNROLL.shape({"network": "dbn"}, (1, 8, 8), Env())
    assert (info.value.expected, info.value.received) == ("(64)", "(1, 8, 8)")
    with pytest.raises(ShapeMismatch, match=r"takes its 64 visible units$"):
        UNROLL.count({"network": "dbn"}, (32,), Env())
    with pytest.raises(ShapeMismatch, match="'mlp' is a sequential network"):
        UNROLL.shape({"network": "mlp"}, (64,), Env())


def test_torch_refuses_what_the_rule_refuses():
    with pytest.raises(RuntimeError):
        unroll(RBMStack(6, [4]))(torch.rand(2, 5))
    with pytest.raises(AttributeError, match="unrolled"):  # validate refuses it first
        unroll(torch.nn.Linear(2, 2))
