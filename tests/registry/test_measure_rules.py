"""What validate refuses for an optimizer that measures residuals (ekf), exact text."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: {adding: {length: 5, size: 64}}}
networks:
  rnn: {layers: [{rnn: {hidden: 4}}, {linear: 1}]}
losses:
  mse: {type: mse, model: rnn}
  both: {type: sum, terms: [{loss: mse, weight: 1.0}]}
schedule:
  - train: {loss: mse, optimizer: {type: ekf}}
    steps: 2
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{loss: mse, optimizer",
            "{loss: both, optimizer",
            "spec.yaml:9:36: error: optimizer 'ekf' takes the residuals of its loss's outputs, "
            "which loss 'both' does not have (at schedule[0].train.optimizer)\n"
            "  expected: a loss of residuals: mse\n  received: a sum loss",
        ),
        (
            "{hidden: 4}",
            "{hidden: 64}",
            "spec.yaml:9:35: error: optimizer 'ekf' keeps a dense covariance of the parameters "
            "it updates, but network 'rnn' has 4,417 (at schedule[0].train.optimizer)\n"
            "  expected: at most 4,096 parameters\n  received: 4,417",
        ),
        (
            "- train: {loss",
            "- rtrl: {loss",
            "spec.yaml:9:34: error: phase 'rtrl' computes a gradient, but optimizer 'ekf' takes "
            "residuals instead (at schedule[0].rtrl.optimizer)\n"
            "  expected: a gradient optimizer (adadelta, adagrad, adam, ...)\n  received: 'ekf'",
        ),
    ],
)
def test_ekf_misuse_is_located(errors_of, old: str, new: str, expected: str) -> None:
    assert old in SPEC
    assert errors_of(SPEC.replace(old, new)) == expected


def test_ekf_on_a_small_network_with_mse_validates(write_spec, cli) -> None:
    result = cli("validate", write_spec(SPEC))
    assert result.exit_code == 0, result.output
