"""What the kinds' info objects let validate refuse before a run (issue 14's crashes)."""

from __future__ import annotations

from pathlib import Path

import pytest

GAN = (Path(__file__).resolve().parents[2] / "fixtures" / "gan.yaml").read_text()
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


GAN_TEST = GAN.replace("data: {dataset: digits}", TEST_SPLIT)


def _metric(text: str, metric: str) -> str:
    return text.replace("steps: 100", f"steps: 100\nevaluate: {{metrics: [{metric}]}}")


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (
            "{parzen: {network: D}}",
            "spec.yaml:20:41: error: metric 'parzen' draws samples, but no loss of this spec "
            "samples 'D' (at evaluate.metrics[0].parzen.network)\n"
            "  expected: one of G\n  received: 'D'",
        ),
        (
            "{class_accuracy: {classifier: D}}",
            "spec.yaml:20:22: error: metric 'class_accuracy' needs a conditional generator; "
            "loss 'gan' samples 'G' without labels (at evaluate.metrics[0])\n"
            "  expected: conditional: true in loss 'gan', or a label input in 'G'\n"
            "  received: conditional: false\n"
            "spec.yaml:20:52: error: metric 'class_accuracy': network 'D' is not a classifier: "
            "no loss of this spec trains it to classify "
            "(at evaluate.metrics[0].class_accuracy.classifier)\n"
            "  expected: the model of a bce, cross_entropy or nll loss\n  received: 'D'",
        ),
        (
            "free_energy",
            "spec.yaml:20:22: error: metric 'free_energy' scores a network of kind rbm, but the "
            "spec has none (at evaluate.metrics[0])\n"
            "  expected: a network of kind rbm\n  received: 'G' (sequential), 'D' (sequential)",
        ),
        (
            "{pseudo_likelihood: {network: G}}",
            "spec.yaml:20:52: error: metric 'pseudo_likelihood' scores a network of kind rbm; "
            "'G' is of kind sequential (at evaluate.metrics[0].pseudo_likelihood.network)\n"
            "  expected: a network of kind rbm\n  received: 'G' (sequential)",
        ),
        (
            "recall_accuracy",
            "spec.yaml:20:22: error: metric 'recall_accuracy' scores a network of kind hopfield, "
            "but the spec has none (at evaluate.metrics[0])\n"
            "  expected: a network of kind hopfield\n"
            "  received: 'G' (sequential), 'D' (sequential)",
        ),
        (
            "{elbo: {loss: gan}}",
            "spec.yaml:20:36: error: metric 'elbo' scores a loss that is a bound; loss 'gan' is "
            "not one (at evaluate.metrics[0].elbo.loss)\n"
            "  expected: a loss of kind elbo\n  received: 'gan' (minimax)",
        ),
    ],
    ids=[
        "sampleable",
        "conditional-and-classifier",
        "no-rbm",
        "not-an-rbm",
        "no-hopfield",
        "named-loss",
    ],
)
def test_a_metric_scores_a_network_it_can_score(errors_of, metric, expected):
    assert errors_of(_metric(GAN_TEST, metric)) == expected


def test_a_metric_that_names_its_network_still_needs_labels(errors_of, edit):
    text = edit(
        GAN, "dataset: digits", "dataset: {bars_and_stripes: {side: 4}}, split: {test: 0.2}"
    )
    text = edit(text, "{linear: 64}]", "{linear: 16}]")
    assert errors_of(_metric(text, "{accuracy: {network: D}}")) == (
        "spec.yaml:20:22: error: metric 'accuracy' needs labels, but the data have none "
        "(at evaluate.metrics[0])\n  expected: a dataset with labels\n"
        "  received: dataset 'bars_and_stripes', which has no labels"
    )


def test_two_rbms_make_a_likelihood_metric_name_one(errors_of):
    spec = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  a: {rbm: {visible: 64, hidden: 8}}
  b: {rbm: {visible: 64, hidden: 8}}
losses:
  cd_a: {type: cd, model: a}
schedule:
  - train: {loss: cd_a, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [free_energy]}
"""
    assert errors_of(spec) == (
        "spec.yaml:11:22: error: metric 'free_energy' scores a network of kind rbm, and the "
        "spec has 2: name one (at evaluate.metrics[0])\n"
        "  expected: network: one of a, b\n  received: no network"
    )


def test_sampled_codes_need_a_stack_of_probabilities(errors_of):
    spec = """\
nnspec: 2
data: {dataset: digits}
networks:
  sdae: {autoencoder_stack: {visible: 64, hidden: [16, 8], activation: relu}}
losses:
  rec: {type: reconstruction, encoder: sdae, decoder: sdae}
schedule:
  - layerwise: {stack: sdae, loss: rec, optimizer: {type: sgd, lr: 0.1}, epochs: 1, input: sample}
"""
    assert errors_of(spec) == (
        "spec.yaml:8:92: error: input: sample draws the codes of 'sdae' as bits, but its units "
        "are not probabilities (at schedule[0].layerwise.input)\n"
        "  expected: input: mean, or activation: sigmoid\n  received: activation: relu"
    )
