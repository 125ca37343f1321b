"""validate keeps a full-batch optimizer (lbfgs) to phases that can hand it every example."""

from __future__ import annotations

import numpy as np
import pytest

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  N: {layers: [{linear: 10}]}
  rbm: {rbm_stack: {visible: 64, hidden: [8]}}
losses:
  xent: {type: cross_entropy, model: N}
  cd: {type: cd, model: rbm}
optimizers:
  opt: {type: lbfgs, params: [N]}
schedule:
  - train: {loss: xent, optimizer: {type: lbfgs, max_iter: 50}}
    steps: 3
"""
TRAIN = "  - train: {loss: xent, optimizer: {type: lbfgs, max_iter: 50}}\n    steps: 3\n"
CASES = [
    (
        ("steps: 3", "epochs: 2"),
        "spec.yaml:13:13: error: optimizer 'lbfgs' evaluates its loss on every training example "
        "in each step, so its phase counts steps, not epochs (at schedule[0].epochs)\n"
        "  expected: steps: N (each step runs up to max_iter iterations)\n"
        "  received: epochs: 2\n",
    ),
    (
        ("steps: 3", "steps: 3\n    accumulate: 4"),
        "spec.yaml:14:17: error: optimizer 'lbfgs' evaluates its loss on every training example "
        "in each step: there are no batches to accumulate (at schedule[0].accumulate)\n"
        "  expected: accumulate: 1\n"
        "  received: accumulate: 4\n",
    ),
    (
        (TRAIN, "  - alternate:\n      cycle: [{loss: xent, optimizer: opt}]\n    steps: 3\n"),
        "spec.yaml:13:39: error: optimizer 'lbfgs' evaluates its loss on every training example "
        "in each step, which an 'alternate' phase does not let it do "
        "(at schedule[0].alternate.cycle[0].optimizer)\n"
        "  expected: a 'train' phase\n"
        "  received: an 'alternate' phase\n",
    ),
    (
        (TRAIN, "  - layerwise: {stack: rbm, loss: cd, optimizer: {type: lbfgs}, epochs: 1}\n"),
        "spec.yaml:12:50: error: optimizer 'lbfgs' evaluates its loss on every training example "
        "in each step, which a 'layerwise' phase does not let it do "
        "(at schedule[0].layerwise.optimizer)\n"
        "  expected: a 'train' phase\n"
        "  received: a 'layerwise' phase\n",
    ),
    (
        (TRAIN, "  - train: {loss: cd, optimizer: {type: lbfgs}}\n    steps: 3\n"),
        "spec.yaml:12:34: error: optimizer 'lbfgs' needs the gradient of its objective, but "
        "loss 'cd' writes its own update (at schedule[0].train.optimizer)\n"
        "  expected: a minibatch optimizer (sgd, momentum, adam)\n"
        "  received: 'lbfgs'\n",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    CASES,
    ids=["epochs", "accumulate", "alternate", "layerwise", "writes-gradients"],
)
def test_a_full_batch_optimizer_where_it_cannot_run_is_located(
    write_spec, cli, edit, change, message
):
    result = cli("validate", write_spec(edit(SPEC, *change)))
    assert result.exit_code == 1
    assert result.stdout == message


def test_streamed_data_cannot_feed_a_full_batch_optimizer(write_spec, cli, edit):
    np.save("x.npy", np.zeros((8, 64), np.float32))
    np.save("y.npy", np.arange(8) % 10)
    data = "data: {dataset: {npy: {path: x.npy, labels: y.npy}}, stream: true}"
    text = edit(SPEC, "data: {dataset: digits, split: {test: 0.2}}", data)
    text = edit(text, "  rbm: {rbm_stack: {visible: 64, hidden: [8]}}\n", "")
    text = edit(text, "  cd: {type: cd, model: rbm}\n", "")
    result = cli("validate", write_spec(text))
    assert result.stdout == (
        "spec.yaml:10:36: error: optimizer 'lbfgs' evaluates its loss on every training example "
        "at once, which streamed data do not hold in memory (at schedule[0].train.optimizer)\n"
        "  expected: data.stream: false, or a minibatch optimizer\n"
        "  received: data.stream: true\n"
    )


def test_a_train_phase_counted_in_steps_takes_it(write_spec, cli):
    result = cli("validate", write_spec(SPEC))
    assert result.exit_code == 0, result.output
