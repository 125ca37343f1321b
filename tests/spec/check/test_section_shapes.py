"""Static shapes: inside a network, between a loss's networks, and against the data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nnspec.spec.pipeline import resolve

GAN = (Path(__file__).resolve().parents[2] / "fixtures" / "gan.yaml").read_text()

VAE = """\
nnspec: 2
vars: {latent: 4}
data: {dataset: digits}
networks:
  enc:
    layers: [{linear: 32}, relu, {linear: 8}]
  dec:
    input: [4]
    layers: [{linear: 32}, relu, {linear: 64}]
losses:
  elbo: {type: elbo, encoder: enc, decoder: dec, latent: $latent}
schedule:
  - train: {loss: elbo, optimizer: {type: adam}}
    epochs: 1
"""

CLASSIFIER = """\
nnspec: 2
data:
  dataset: {digits: {layout: image}}
networks:
  cnn:
    layers: [{conv2d: {out: 4, kernel: 3}}, relu, flatten, {linear: 10}]
losses:
  xent: {type: cross_entropy, model: cnn}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    epochs: 1
"""


def test_static_shapes_and_counts(write_spec) -> None:
    shapes = resolve(write_spec(GAN)).shapes
    g, d = shapes["G"], shapes["D"]
    assert (g.input, g.output, d.input, d.output) == ((8,), (64,), (64,), (1,))
    assert g.params == (8 * 32 + 32) + (32 * 64 + 64)
    assert d.params == (64 * 32 + 32) + (32 + 1)
    assert [row.shape for row in g.rows] == [(32,), (32,), (64,)]
    assert [row.params for row in d.rows] == [2080, 0, 33]


def test_a_conv_network_takes_the_datas_image_shape(write_spec) -> None:
    cnn = resolve(write_spec(CLASSIFIER)).shapes["cnn"]
    assert cnn.input == (1, 8, 8)
    assert [row.shape for row in cnn.rows] == [(4, 6, 6), (4, 6, 6), (144,), (10,)]
    assert cnn.params == (4 * 9 + 4) + (144 * 10 + 10)


def test_a_generator_that_does_not_fit_its_discriminator_names_both_lines(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "relu, {linear: 64}]", "relu, {linear: 60}]")) == (
        "spec.yaml:11:8: error: the generator 'G' outputs (60) (line 6) but the discriminator "
        "'D' takes (64) (line 9) (at losses.gan)\n"
        "  expected: D's input to be (60)\n"
        "  received: (64)"
    )


def test_a_generator_that_does_not_take_the_noise(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "input: [$latent]", "input: [9]")) == (
        "spec.yaml:6:5: error: network 'G' input (9) does not fit: it takes the noise "
        "(at networks.G)\n"
        "  expected: (8)\n"
        "  received: (9)"
    )


def test_a_discriminator_outputs_one_score(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "relu, {linear: 1}]", "relu, {linear: 2}]")) == (
        "spec.yaml:9:5: error: network 'D' output (2) does not fit: a discriminator outputs one "
        "score per sample (at networks.D)\n"
        "  expected: (1)\n"
        "  received: (2)"
    )


def test_a_vae_encoder_of_the_wrong_width(errors_of, edit) -> None:
    assert errors_of(edit(VAE, "{linear: 8}", "{linear: 6}")) == (
        "spec.yaml:6:5: error: network 'enc' output (6) does not fit: it outputs the mean and "
        "log-variance of 4 latents (at networks.enc)\n"
        "  expected: (8)\n"
        "  received: (6)"
    )


def test_a_vae_decoder_must_take_the_latent(errors_of, edit) -> None:
    assert errors_of(edit(VAE, "input: [4]", "input: [5]")) == (
        "spec.yaml:8:5: error: network 'dec' input (5) does not fit: it takes a latent sample "
        "(at networks.dec)\n"
        "  expected: (4)\n"
        "  received: (5)"
    )


def test_a_classifier_must_score_every_class(errors_of, edit) -> None:
    assert errors_of(edit(CLASSIFIER, "{linear: 10}", "{linear: 9}")) == (
        "spec.yaml:6:5: error: network 'cnn' output (9) does not fit: it scores the data's 10 "
        "classes (at networks.cnn)\n"
        "  expected: (10)\n"
        "  received: (9)"
    )


def test_a_layer_that_cannot_take_its_input(errors_of, edit) -> None:
    text = edit(CLASSIFIER, "{digits: {layout: image}}", "digits")
    assert errors_of(text) == (
        "spec.yaml:6:14: error: layer 'conv2d' cannot take input of shape (64): conv2d needs a "
        "(C, H, W) input; add unflatten or reshape before it (at networks.cnn.layers[0])\n"
        "  expected: a (C, H, W) input\n"
        "  received: (64)"
    )


def test_an_explicit_input_must_match_the_data(errors_of, edit) -> None:
    text = edit(CLASSIFIER, "    layers: [{conv", "    input: [1, 8, 9]\n    layers: [{conv")
    assert errors_of(text) == (
        "spec.yaml:6:5: error: network 'cnn' input (1, 8, 9) does not fit: it takes the data's "
        "examples (at networks.cnn)\n"
        "  expected: (1, 8, 8)\n"
        "  received: (1, 8, 9)"
    )


@pytest.mark.parametrize("kernel", [3, 8])
def test_kernels_that_fit_are_accepted(write_spec, kernel: int) -> None:
    text = CLASSIFIER.replace("kernel: 3", f"kernel: {kernel}")
    side = 8 - kernel + 1
    assert resolve(write_spec(text)).shapes["cnn"].rows[0].shape == (4, side, side)


def test_a_kernel_larger_than_the_image(errors_of, edit) -> None:
    assert errors_of(edit(CLASSIFIER, "kernel: 3", "kernel: 9")) == (
        "spec.yaml:6:14: error: layer 'conv2d' cannot take input of shape (1, 8, 8): conv2d "
        "kernel (9, 9) is larger than its padded input (8, 8) (at networks.cnn.layers[0])\n"
        "  expected: a spatial size of at least (9, 9) after padding\n"
        "  received: (8, 8)"
    )


def with_repeat(times: list[int]) -> str:
    """CLASSIFIER with nested repeats (outermost first) of one linear layer after flatten."""
    layer = "{linear: 4}"
    for n in reversed(times):
        layer = f"{{repeat: {{times: {n}, layers: [{layer}]}}}}"
    return CLASSIFIER.replace("flatten, {linear: 10}", f"flatten, {layer}, {{linear: 10}}")


def test_a_huge_repeat_is_refused(errors_of) -> None:
    # Once unbounded: the static rules loop over it, so validate hung.
    assert errors_of(with_repeat([1_000_000_000])) == (
        "spec.yaml:6:77: error: 1000000000 is out of range "
        "(at networks.cnn.layers[3].repeat.times)\n"
        "  expected: an integer >= 1 and <= 1000\n"
        "  received: 1000000000 (an integer)"
    )


def test_the_largest_repeat_is_inferred(write_spec) -> None:
    shape = resolve(write_spec(with_repeat([1000]))).shapes["cnn"]
    # conv2d 4·9+4, then the first copy 144→4 and 999 copies 4→4, then linear 4→10
    assert shape.params == 40 + (144 * 4 + 4) + 999 * (4 * 4 + 4) + (4 * 10 + 10)
    assert shape.output == (10,)


def test_nested_repeats_are_not_expanded(write_spec) -> None:
    # 10⁹ copies: expanding them would run for hours, so the timeout is a hang guard with
    # a wide margin on a loaded machine, not a speed target (those are in benchmarks/).
    path = write_spec(with_repeat([1000, 1000, 1000]))
    command = [sys.executable, "-m", "nnspec", "validate", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("validate expanded the nested repeats: no answer within 120 s")
    assert done.returncode in (0, 1)


NLL = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  mlp: {layers: [{linear: 32}, relu, {linear: 10}, LAST]}
losses:
  nll: {type: nll, model: mlp}
schedule:
  - train: {loss: nll, optimizer: {type: sgd, lr: 0.1}}
    epochs: 2
"""


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (
            "softmax",
            "spec.yaml:4:52: error: loss 'nll' is an nll loss, which reads log-probabilities, "
            "but network 'mlp' ends in softmax, which outputs probabilities "
            "(at networks.mlp.layers[3])\n"
            "  expected: log_softmax as the last layer, or a cross_entropy loss on raw scores\n"
            "  received: 'softmax'",
        ),
        (
            "sigmoid",
            "spec.yaml:4:52: error: loss 'nll' is an nll loss, which reads log-probabilities, "
            "but network 'mlp' ends in sigmoid, which does not output them "
            "(at networks.mlp.layers[3])\n"
            "  expected: log_softmax as the last layer, or a cross_entropy loss on raw scores\n"
            "  received: 'sigmoid'",
        ),
    ],
    ids=["after-softmax", "after-sigmoid"],
)
def test_nll_needs_log_probabilities(errors_of, edit, last, expected):
    assert errors_of(edit(NLL, "LAST", last)) == expected


def test_nll_after_a_plain_linear_layer_is_refused(errors_of, edit):
    assert "network 'mlp' ends in linear, which does not output them" in errors_of(
        edit(NLL, ", LAST", "")
    )


def test_nll_after_log_softmax_is_valid(write_spec, cli, edit):
    assert cli("validate", write_spec(edit(NLL, "LAST", "log_softmax"))).exit_code == 0


@pytest.mark.parametrize(("kind", "article"), [("bce", "a"), ("mse", "an")])
def test_a_loss_against_class_labels_needs_one_output(errors_of, edit, kind, article):
    """Found by the kind-swap fuzzer: bce on ten scores crashed reshaping the labels."""
    text = edit(edit(NLL, ", LAST", ""), "type: nll", f"type: {kind}")
    assert errors_of(text) == (
        "spec.yaml:4:8: error: network 'mlp' output (10) does not fit: "
        f"{article} {kind} loss compares one value with each example's class label "
        "(cross_entropy scores the classes) (at networks.mlp)\n"
        "  expected: (1)\n  received: (10)"
    )


def test_an_embedding_after_another_layer_is_refused(errors_of, edit) -> None:
    text = edit(CLASSIFIER, "flatten, {linear: 10}", "flatten, {embedding: {vocab: 10, dim: 4}}")
    assert errors_of(text) == (
        "spec.yaml:6:60: error: layer 'embedding' reads integer ids, which only the data give, "
        "but it follows 'flatten', whose outputs are values (at networks.cnn.layers[3])\n"
        "  expected: 'embedding' as the network's first layer\n"
        "  received: 'embedding' after 'flatten'"
    )


def test_a_regressor_must_give_one_value_per_target(write_spec, cli, specs_dir) -> None:
    text = (specs_dir / "lstm-adding.yaml").read_text()
    result = cli("validate", write_spec(text.replace("{lstm: {hidden: 64, output: last}}", "relu")))
    assert result.exit_code == 1
    assert result.stdout.split("spec.yaml:")[1].rstrip() == (
        "15:5: error: network 'lstm' output (50, 1) does not fit: an mse loss compares the "
        "output with each example's target (at networks.lstm)\n"
        "  expected: (1)\n"
        "  received: (50, 1)"
    )


SEQUENCE_LABELS = """\
nnspec: 2
data: {dataset: {reverse: {length: 6, vocab: 5}}}
networks:
  mlp: {layers: [{linear: 16}, relu, {linear: 5}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    epochs: 1
"""


def test_a_sequence_of_labels_needs_scores_per_step(errors_of) -> None:
    """Found by the kind-swap fuzzer: a flat classifier on sequence labels crashed at run time."""
    assert errors_of(SEQUENCE_LABELS).split("\n")[:3] == [
        "spec.yaml:4:8: error: network 'mlp' output (5) does not fit: it scores the data's "
        "5 classes for each of the 6 labels (at networks.mlp)",
        "  expected: (6, 5)",
        "  received: (5)",
    ]


ADDING_XENT = """\
data: {dataset: adding}
networks: {mlp: {layers: [{linear: 4}, relu, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 4
"""


def test_cross_entropy_on_targets_without_classes_needs_scores_per_target(errors_of) -> None:
    """Found by the kind-swap fuzzer: xor's classifier on the adding problem crashed at run time."""
    assert errors_of(ADDING_XENT) == (
        "spec.yaml:2:17: error: network 'mlp' output (50, 2) does not fit: it scores classes "
        "for each example's target of shape (1) (for real-valued targets, use an mse loss) "
        "(at networks.mlp)\n"
        "  expected: (1, 2)\n"
        "  received: (50, 2)"
    )
