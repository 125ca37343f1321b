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
