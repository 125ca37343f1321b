"""Energy networks sample themselves: outputs.samples and the sampling metrics accept them."""

from __future__ import annotations

DBN = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  dbn: {rbm_stack: {visible: 64, hidden: [16, 8], sample_steps: 5}}
  other: {layers: [{linear: 64}], input: [8]}
losses:
  cd: {type: cd, model: dbn}
schedule:
  - layerwise: {stack: dbn, loss: cd, optimizer: {type: sgd, lr: 0.1}, epochs: 1}
evaluate: {metrics: [%s]}
outputs: {samples: {network: dbn}}
"""


def test_an_rbm_stack_is_sampled_by_parzen_and_outputs_samples(write_spec, cli):
    result = cli("validate", write_spec(DBN % "{parzen: {network: dbn}}"))
    assert result.exit_code == 0, result.output


def test_a_network_that_neither_a_loss_nor_itself_samples_is_refused(errors_of):
    assert errors_of(DBN % "{parzen: {network: other}}") == (
        "spec.yaml:10:41: error: metric 'parzen' draws samples, but no loss of this spec "
        "samples 'other' (at evaluate.metrics[0].parzen.network)\n"
        "  expected: one of dbn\n  received: 'other'"
    )


def test_gibbs_chains_draw_no_labels_for_a_conditional_metric(errors_of):
    text = DBN % "{class_accuracy: {network: dbn, classifier: other}}"
    assert errors_of(text).splitlines()[:3] == [
        "spec.yaml:10:22: error: metric 'class_accuracy' needs a conditional generator; 'dbn' "
        "samples itself, by chains without labels (at evaluate.metrics[0])",
        "  expected: a generator of a loss with conditional: true",
        "  received: 'dbn'",
    ]
