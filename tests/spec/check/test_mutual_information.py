"""validate refuses the mutual_information metric where no infogan loss offers Q's codes."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  G: {input: [8], layers: [{linear: 64}]}
  D: {layers: [{linear: 1}]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 8}}
schedule:
  - train: {loss: gan.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [%s]}
"""


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        (
            "mutual_information",
            "spec.yaml:11:22: error: metric 'mutual_information' has no loss to score: no loss "
            "of this spec is a coder (at evaluate.metrics[0])\n"
            "  expected: an infogan loss, or loss: <a loss name>\n"
            "  received: 'gan' (minimax)\n",
        ),
        (
            "{mutual_information: {loss: gan}}",
            "spec.yaml:11:50: error: metric 'mutual_information' scores a loss that is a coder; "
            "loss 'gan' is not one (at evaluate.metrics[0].mutual_information.loss)\n"
            "  expected: a loss of kind infogan\n"
            "  received: 'gan' (minimax)\n",
        ),
        (
            "{mutual_information: {loss: gna}}",
            "spec.yaml:11:50: error: unknown loss 'gna' (at "
            "evaluate.metrics[0].mutual_information.loss); did you mean 'gan'?\n"
            "  expected: one of the losses: gan\n",
        ),
        (
            "{mutual_information: {samples: 0}}",
            "spec.yaml:11:53: error: 0 is out of range (at "
            "evaluate.metrics[0].mutual_information.samples)\n"
            "  expected: an integer >= 1 and <= 1000000\n"
            "  received: 0 (an integer)\n",
        ),
    ],
    ids=["no-coder", "named-not-infogan", "unknown", "samples"],
)
def test_mutual_information_without_an_infogan_loss_is_refused(write_spec, cli, metric, message):
    result = cli("validate", write_spec(SPEC % metric))
    assert result.exit_code == 1
    assert result.stdout == message


def test_an_infogan_loss_offers_it(write_spec, cli):
    infogan = "{type: infogan, generator: G, discriminator: D, q: Q, noise: {normal: 8}}"
    text = (SPEC % "mutual_information").replace(
        "{type: minimax, generator: G, discriminator: D, noise: {normal: 8}}", infogan
    )
    text = text.replace("input: [8]", "input: [18]")
    text = text.replace("  D: {layers", "  Q: {layers: [{linear: 10}]}\n  D: {layers")
    result = cli("validate", write_spec(text))
    assert result.exit_code == 0, result.output
