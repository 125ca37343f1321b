"""Static checks of optimizers: their schedules' constraints, their parameter groups."""

from __future__ import annotations

import pytest

MLP = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  mlp: {layers: [{linear: 32}, relu, {linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    epochs: 2
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "schedule: {multistep: [5, 3]}",
            "spec.yaml:8:79: error: lr_schedule 'multistep': milestones must increase "
            "(at schedule[0].train.optimizer.schedule.multistep.milestones)\n"
            "  expected: increasing steps or epochs, e.g. [30, 80]\n  received: [5, 3]",
        ),
        (
            "groups: {bias: {lr_mult: 2}}",
            "spec.yaml:8:66: error: unknown key 'bias' "
            "(at schedule[0].train.optimizer.groups); did you mean 'biases'?",
        ),
        (
            "groups: {biases: {decay_mult: 0}}",
            "spec.yaml:8:75: error: unknown key 'decay_mult' "
            "(at schedule[0].train.optimizer.groups.biases)\n"
            "  expected: one of lr_mult, weight_decay",
        ),
        (
            "schedule: {step: {every: 1, unit: epochs}}",
            "spec.yaml:8:91: error: unknown value 'epochs' (a string) "
            "(at schedule[0].train.optimizer.schedule.step.unit); did you mean 'epoch'?\n"
            "  expected: one of 'step', 'epoch'\n  received: 'epochs' (a string)",
        ),
    ],
    ids=["milestones-decrease", "unknown-role", "unknown-group-key", "unknown-unit"],
)
def test_an_optimizer_s_settings_are_checked(errors_of, edit, given, expected):
    assert errors_of(edit(MLP, "lr: 0.1}", f"lr: 0.1, {given}}}")) == expected


RBM = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  rbm: {rbm: {visible: 64, hidden: 16}}
losses:
  cd: {type: cd, model: rbm}
schedule:
  - train: {loss: cd, optimizer: {type: sgd, lr: 0.1, groups: {biases: {lr_mult: 2}}}}
    epochs: 1
"""


def test_groups_need_a_network_of_layers(errors_of):
    assert errors_of(RBM) == (
        "spec.yaml:8:63: error: groups set parameters apart by the roles their layers declare, "
        "but 'rbm', an rbm network has no layers (at schedule[0].train.optimizer.groups)\n"
        "  expected: an optimizer over sequential networks (layers: [...])\n"
        "  received: 'rbm', an rbm network"
    )
