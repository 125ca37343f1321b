"""The gsn network and walkback loss declarations: counts, shapes, and located errors."""

from __future__ import annotations

import pytest

from nnspec.registry import REGISTRY

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {val: 0.1, test: 0.2}}
networks:
  gsn: {gsn: {visible: 64, hidden: [16, 8], sample_steps: 5}}
  rbm: {rbm: {visible: 64, hidden: 8}}
losses:
  wb: {type: walkback, model: gsn}
  cd: {type: cd, model: rbm}
schedule:
  - train: {loss: wb, optimizer: {type: sgd, lr: 0.01}}
    steps: 1
evaluate: {metrics: [parzen]}
outputs: {samples: {network: gsn}}
"""


def test_a_gsn_samples_itself_for_parzen_and_outputs_samples(cli, write_spec) -> None:
    assert cli("validate", write_spec(SPEC)).exit_code == 0


@pytest.mark.parametrize(
    ("hidden", "count"), [([4, 3, 2], 9 * 4 + 4 * 3 + 3 * 2 + 18), (5, 9 * 5 + 14)]
)
def test_static_counts_and_shapes_are_the_built_modules(hidden, count) -> None:
    import torch

    from nnspec.nn.networks import NETWORK_BUILDERS

    decl = REGISTRY.get("network", "gsn")
    params = {p.name: p.default for p in decl.params} | {"visible": 9, "hidden": hidden}
    top = hidden[-1] if isinstance(hidden, list) else hidden
    assert decl.count(params, (9,), None) == count
    assert tuple(decl.shape(params, (9,), None)) == (top,)
    module = NETWORK_BUILDERS["gsn"](params)
    assert sum(p.numel() for p in module.parameters()) == count
    assert tuple(module(torch.zeros(2, 9)).shape[1:]) == (top,)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "wb: {type: walkback, model: gsn}",
            "wb: {type: walkback, model: rbm}",
            "spec.yaml:7:31: error: loss 'wb' (walkback) trains a gsn network "
            "(at losses.wb.model)\n"
            "  expected: a gsn network\n"
            "  received: 'rbm', an rbm network",
        ),
        (
            "cd: {type: cd, model: rbm}",
            "cd: {type: cd, model: gsn}",
            "spec.yaml:8:25: error: contrastive divergence trains a dbn or rbm or rbm_stack "
            "(at losses.cd.model)\n"
            "  expected: a dbn or rbm or rbm_stack network\n"
            "  received: 'gsn', a gsn network",
        ),
        (
            "  - train: {loss: wb, optimizer: {type: sgd, lr: 0.01}}\n    steps: 1",
            "  - layerwise: {stack: gsn, loss: wb, optimizer: {type: sgd, lr: 0.01}, epochs: 1}",
            "spec.yaml:10:24: error: a 'layerwise' phase needs an autoencoder_stack or dbm or "
            "dbn or rbm_stack network (at schedule[0].layerwise.stack)\n"
            "  expected: autoencoder_stack or dbm or dbn or rbm_stack\n"
            "  received: 'gsn', a gsn network",
        ),
        (
            "model: gsn}",
            "model: gsn, walkback: 0}",
            "spec.yaml:7:46: error: 0 is out of range (at losses.wb.walkback)\n"
            "  expected: an integer >= 1\n"
            "  received: 0 (an integer)",
        ),
    ],
    ids=["walkback-on-an-rbm", "cd-on-a-gsn", "layerwise", "walkback-0"],
)
def test_misuse_is_located(old, new, message, errors_of, edit) -> None:
    assert errors_of(edit(SPEC, old, new)) == message


def test_the_walkback_loss_checks_the_visible_units(errors_of, edit) -> None:
    text = edit(SPEC, "visible: 64, hidden: [16", "visible: 60, hidden: [16")
    text = edit(text, "outputs: {samples: {network: gsn}}\n", "")  # the loss's check alone
    assert errors_of(text) == (
        "spec.yaml:4:8: error: network 'gsn' input (60) does not fit: its visible units "
        "take the data (at networks.gsn)\n"
        "  expected: (64)\n"
        "  received: (60)"
    )
