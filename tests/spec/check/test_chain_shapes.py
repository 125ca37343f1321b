"""A network that samples itself must have one visible unit per value of the data's examples."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {val: 0.1, test: 0.2}}
networks:
  own: {%s: {visible: %d, hidden: [16, 8]}}
  clf: {layers: [{linear: 10}]}
losses:
  xent: {type: cross_entropy, model: clf}
schedule:
  - train: {loss: xent, optimizer: {type: adam, lr: 0.001}}
    epochs: 1
evaluate: {metrics: [%s]}
outputs: %s
"""
SAMPLED = [
    ("{parzen: {network: own}}", "{}"),  # by a sampling metric
    ("accuracy", "{samples: {network: own}}"),  # by outputs.samples
]


@pytest.mark.parametrize("kind", ["autoencoder_stack", "rbm_stack", "dbn"])
@pytest.mark.parametrize(("metric", "outputs"), SAMPLED)
def test_a_self_sampled_network_draws_the_datas_shape(errors_of, kind, metric, outputs):
    assert errors_of(SPEC % (kind, 10, metric, outputs)) == (
        "spec.yaml:4:8: error: network 'own' input (10) does not fit: it samples itself, "
        "and its samples are the data's examples (at networks.own)\n"
        "  expected: (64)\n"
        "  received: (10)"
    )


@pytest.mark.parametrize("kind", ["autoencoder_stack", "rbm_stack"])
def test_one_that_fits_or_is_not_sampled_is_valid(cli, write_spec, kind):
    fits = cli("validate", write_spec(SPEC % (kind, 64, SAMPLED[0][0], "{}")))
    assert fits.exit_code == 0, fits.output
    unsampled = cli("validate", write_spec(SPEC % (kind, 10, "accuracy", "{}")))
    assert unsampled.exit_code == 0, unsampled.output
