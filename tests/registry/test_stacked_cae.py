"""The stacked CAE's declarations: a layerwise sum of level terms, and the chain it samples by."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {val: 0.1, test: 0.2}}
networks:
  cae: {autoencoder_stack: {visible: 64, hidden: [16, 8]}}
  rbms: {rbm_stack: {visible: 64, hidden: [16, 8]}}
losses:
  rec: {type: reconstruction, encoder: cae, decoder: cae, distance: bce}
  jac: {type: contractive, encoder: cae}
  cd: {type: cd, model: rbms}
  level: {type: sum, terms: [{loss: rec}, {loss: jac, weight: 0.1}]}
schedule:
  - layerwise: {stack: cae, loss: level, optimizer: {type: adam, lr: 0.001}, epochs: 1}
evaluate: {metrics: [{parzen: {network: cae}}]}
outputs: {samples: {network: cae}}
"""


def test_a_stacked_cae_validates_and_samples_itself(cli, write_spec) -> None:
    result = cli("validate", write_spec(SPEC))
    assert result.exit_code == 0, result.output


def test_each_term_of_a_layerwise_sum_pretrains_the_stack(errors_of, edit) -> None:
    text = edit(SPEC, "[{loss: rec}, {loss: jac", "[{loss: cd}, {loss: jac")
    assert errors_of(text) == (
        "spec.yaml:10:37: error: loss 'level' is summed at each level of 'cae', so each of its "
        "terms must be a loss that pretrains 'cae' level by level "
        "(at losses.level.terms[0].loss)\n"
        "  expected: a cd or contractive or mean_field or reconstruction loss of network 'cae'\n"
        "  received: 'cd', a cd loss of network 'rbms'"
    )


def test_a_layerwise_sum_takes_whole_losses(errors_of, edit) -> None:
    gan = (
        "  G: {layers: [{linear: 64}], input: [4]}\n  D: {layers: [{linear: 1}], input: [64]}\n"
        "losses:\n  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 4}}\n"
    )
    text = edit(SPEC, "losses:\n", gan)
    text = edit(text, "{loss: jac, weight: 0.1}", "{loss: gan.generator, weight: 0.1}")
    assert errors_of(text).splitlines()[2] == "  received: term 'generator' of loss 'gan'"
    text = edit(
        SPEC, "  level: {type: sum", "  wc: {type: weight_cost, networks: cae}\n  level: {type: sum"
    )
    text = edit(text, "{loss: jac, weight: 0.1}", "{loss: wc, weight: 0.1}")
    assert errors_of(text).splitlines()[2] == "  received: 'wc', a weight_cost loss"


def test_only_a_stack_of_autoencoders_sums_its_level_terms(errors_of, edit) -> None:
    text = edit(SPEC, "layerwise: {stack: cae, loss: level", "layerwise: {stack: rbms, loss: level")
    assert errors_of(text) == (
        "spec.yaml:12:24: error: a layerwise phase sums the terms of loss 'level' at each level "
        "only on a stack of autoencoders (at schedule[0].layerwise.stack)\n"
        "  expected: an autoencoder_stack network\n"
        "  received: 'rbms', an rbm_stack network"
    )


@pytest.mark.parametrize(
    ("old", "new", "where", "loss"),
    [
        ("contractive, encoder: cae", "contractive, encoder: rbms", "8:37", "jac"),
        ("encoder: cae, decoder: cae", "encoder: rbms, decoder: rbms", "7:40", "rec"),
    ],
)
def test_an_autoencoder_loss_of_a_stack_needs_autoencoders(errors_of, edit, old, new, where, loss):
    kind = "contractive" if loss == "jac" else "reconstruction"
    assert errors_of(edit(SPEC, old, new)).splitlines()[:3] == [
        f"spec.yaml:{where}: error: a {kind} loss reads a stack level by level as autoencoders, "
        "but the levels of an rbm_stack have no encoder and decoder of their own "
        f"(at losses.{loss}.encoder)",
        "  expected: an autoencoder_stack network, or a network of layers",
        "  received: 'rbms', an rbm_stack network",
    ]


def test_the_contractive_encoder_takes_the_data(errors_of, edit) -> None:
    text = edit(SPEC, "losses:", "  small: {layers: [{linear: 4}, sigmoid], input: [5]}\nlosses:")
    text = edit(text, "contractive, encoder: cae", "contractive, encoder: small")
    assert errors_of(text).splitlines()[:3] == [
        "spec.yaml:6:10: error: network 'small' input (5) does not fit: it takes the data's "
        "examples (at networks.small)",
        "  expected: (64)",
        "  received: (5)",
    ]


def test_the_chain_is_not_contrastive_divergence(errors_of, edit) -> None:
    text = edit(SPEC, "cd: {type: cd, model: rbms}", "cd: {type: cd, model: cae}")
    assert errors_of(text).splitlines()[:3] == [
        "spec.yaml:9:25: error: contrastive divergence trains a dbn or rbm or rbm_stack "
        "(at losses.cd.model)",
        "  expected: a dbn or rbm or rbm_stack network",
        "  received: 'cae', an autoencoder_stack network",
    ]


def test_the_chains_parameters_are_checked(errors_of, edit) -> None:
    text = edit(SPEC, "hidden: [16, 8]}}\n  rbms", "hidden: [16, 8], sample_noise: -1}}\n  rbms")
    assert "sample_noise" in errors_of(text).splitlines()[0]
