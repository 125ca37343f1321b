"""minimax's ``scores``: probabilities need a discriminator ending in a sigmoid; logits must
not come from one (the sigmoid would be applied twice)."""

from __future__ import annotations

import pytest

GAN = """\
nnspec: 2
data: {dataset: {digits: {layout: flat}}, split: {test: 0.2}}
networks:
  G: {input: [4], layers: [{linear: 64}, tanh]}
  D: {layers: [{linear: 1}, LAST]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 4}, SCORES}
optimizers:
  opt_d: {type: adam, params: [D], lr: 0.001}
  opt_g: {type: adam, params: [G], lr: 0.001}
schedule:
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {loss: gan.generator, optimizer: opt_g}
    steps: 2
"""


@pytest.mark.parametrize(
    ("last", "scores", "expected"),
    [
        (
            "relu",
            "scores: probabilities",
            "spec.yaml:5:29: error: loss 'gan' reads the discriminator's scores as probabilities "
            "(scores: probabilities), but network 'D' ends in relu, which does not output them "
            "(at networks.D.layers[1])\n"
            "  expected: sigmoid as the last layer\n"
            "  received: 'relu'",
        ),
        (
            "sigmoid",
            "scores: logits",
            "spec.yaml:5:29: error: loss 'gan' reads the discriminator's scores as logits "
            "(scores: logits), but network 'D' ends in sigmoid, which outputs probabilities: "
            "the loss would apply a sigmoid to them again (at networks.D.layers[1])\n"
            "  expected: a last layer that outputs logits, or scores: probabilities\n"
            "  received: 'sigmoid'",
        ),
        (
            "sigmoid",
            "conditional: false",  # logits by default
            "spec.yaml:5:29: error: loss 'gan' reads the discriminator's scores as logits "
            "(scores: logits), but network 'D' ends in sigmoid, which outputs probabilities: "
            "the loss would apply a sigmoid to them again (at networks.D.layers[1])\n"
            "  expected: a last layer that outputs logits, or scores: probabilities\n"
            "  received: 'sigmoid'",
        ),
    ],
    ids=["probabilities-after-relu", "logits-after-sigmoid", "default-after-sigmoid"],
)
def test_the_scores_must_be_what_the_discriminator_outputs(errors_of, edit, last, scores, expected):
    assert errors_of(edit(edit(GAN, "LAST", last), "SCORES", scores)) == expected


@pytest.mark.parametrize(
    ("last", "scores"), [("sigmoid", "scores: probabilities"), ("relu", "scores: logits")]
)
def test_scores_that_fit_the_discriminator_validate(write_spec, cli, edit, last, scores):
    text = edit(edit(GAN, "LAST", last), "SCORES", scores)
    assert cli("validate", write_spec(text)).exit_code == 0
