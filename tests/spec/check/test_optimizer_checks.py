"""Static checks of optimizers: their schedules' constraints, their parameter groups."""

from __future__ import annotations

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


def test_multistep_milestones_must_increase(errors_of, edit):
    text = edit(MLP, "lr: 0.1}", "lr: 0.1, schedule: {multistep: [5, 3]}}")
    assert errors_of(text) == (
        "spec.yaml:8:79: error: lr_schedule 'multistep': milestones must increase "
        "(at schedule[0].train.optimizer.schedule.multistep.milestones)\n"
        "  expected: increasing steps or epochs, e.g. [30, 80]\n  received: [5, 3]"
    )


def test_a_schedule_s_unit_is_step_or_epoch(errors_of, edit):
    text = edit(MLP, "lr: 0.1}", "lr: 0.1, schedule: {step: {every: 1, unit: epochs}}}")
    assert "did you mean 'epoch'" in errors_of(text)


def test_groups_name_known_roles(errors_of, edit):
    text = edit(MLP, "lr: 0.1}", "lr: 0.1, groups: {bias: {lr_mult: 2}}}")
    assert errors_of(text) == (
        "spec.yaml:8:66: error: unknown key 'bias' "
        "(at schedule[0].train.optimizer.groups); did you mean 'biases'?"
    )


def test_a_group_takes_lr_mult_and_weight_decay(errors_of, edit):
    text = edit(MLP, "lr: 0.1}", "lr: 0.1, groups: {biases: {decay_mult: 0}}}")
    assert errors_of(text) == (
        "spec.yaml:8:75: error: unknown key 'decay_mult' "
        "(at schedule[0].train.optimizer.groups.biases)\n"
        "  expected: one of lr_mult, weight_decay"
    )


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
        "but 'rbm', a rbm network has no layers (at schedule[0].train.optimizer.groups)\n"
        "  expected: an optimizer over sequential networks (layers: [...])\n"
        "  received: 'rbm', a rbm network"
    )
