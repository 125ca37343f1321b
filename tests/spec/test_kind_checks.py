"""What the kinds' info objects let validate refuse before a run (issue 14's crashes)."""

from __future__ import annotations

from pathlib import Path

import pytest

GAN = (Path(__file__).resolve().parents[1] / "fixtures" / "gan.yaml").read_text()
TEST_SPLIT = "data: {dataset: digits, split: {test: 0.2}}"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            [("noise: {normal: $latent}", "noise: {masking: 0.1}")],
            "spec.yaml:11:63: error: noise 'masking' is a corruption, not a latent prior "
            "(at losses.gan.noise)\n  expected: one of normal, uniform\n  received: 'masking'",
        ),
        (
            [
                ("data: {dataset: digits}", TEST_SPLIT),
                ("steps: 100", "steps: 100\nevaluate: {metrics: [accuracy]}"),
            ],
            "spec.yaml:20:22: error: metric 'accuracy' has no network to score: no loss of this "
            "spec is a classifier (at evaluate.metrics[0])\n"
            "  expected: a bce, cross_entropy or nll loss, or network: <a network name>\n"
            "  received: 'gan' (minimax)",
        ),
        (
            [
                ("dataset: digits", "dataset: {bars_and_stripes: {side: 4}}"),
                ("$latent}}", "$latent}, conditional: true}"),
                ("{linear: 64}]", "{linear: 16}]"),  # the 4×4 images: the shapes fit
            ],
            "spec.yaml:11:8: error: loss 'gan' needs labels, but the data have none "
            "(at losses.gan)\n  expected: a dataset with labels\n"
            "  received: dataset 'bars_and_stripes', which has no labels",
        ),
        (
            [("input: [$latent]", "input: [$latent]\n    init: {uniform: {low: 1, high: 0}}")],
            "spec.yaml:7:36: error: init 'uniform': high must be above low "
            "(at networks.G.init.uniform.high)\n  expected: high > low = 1.0\n  received: 0.0",
        ),
    ],
    ids=["corruption-as-prior", "accuracy-on-a-gan", "conditional-unlabelled", "uniform-init"],
)
def test_issue_14_crashes_are_located_validate_errors(errors_of, edit, edits, expected):
    text = GAN
    for old, new in edits:
        text = edit(text, old, new)
    assert errors_of(text) == expected


def test_a_prior_must_hold_low_below_high(errors_of, edit):
    text = edit(GAN, "noise: {normal: $latent}", "noise: {uniform: {size: 8, low: 2, high: 1}}")
    assert errors_of(text) == (
        "spec.yaml:11:97: error: noise 'uniform': high must be above low "
        "(at losses.gan.noise.uniform.high)\n  expected: high > low = 2.0\n  received: 1.0"
    )


def test_ring_modes_needs_data_with_known_modes(errors_of, edit):
    text = edit(GAN, "steps: 100", "steps: 100\nevaluate: {metrics: [ring_modes]}")
    assert errors_of(text) == (
        "spec.yaml:20:22: error: metric 'ring_modes' compares samples with the true modes of "
        "the data (at evaluate.metrics[0])\n"
        "  expected: a grid or ring dataset without transforms\n  received: dataset 'digits'"
    )


def test_a_stack_reconstruction_decodes_itself(errors_of):
    spec = """\
nnspec: 2
data: {dataset: digits}
networks:
  sdae: {autoencoder_stack: {visible: 64, hidden: [32]}}
  other: {layers: [{linear: 64}], input: [32]}
losses:
  rec: {type: reconstruction, encoder: sdae, decoder: other}
schedule:
  - layerwise: {stack: sdae, loss: rec, optimizer: {type: sgd, lr: 0.1}, epochs: 1}
"""
    assert errors_of(spec) == (
        "spec.yaml:7:55: error: the stack 'sdae' decodes itself (at losses.rec.decoder)\n"
        "  expected: decoder: sdae\n  received: 'other'"
    )
