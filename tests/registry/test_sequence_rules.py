"""What validate refuses in the sequence phases (tbptt, rtrl), with the exact text users see."""

from __future__ import annotations

import pytest

LM = """\
nnspec: 2
data:
  dataset: {chars: {length: 20}}
  batch_size: 4
networks:
  lm: {layers: [{embedding: {vocab: 256, dim: 8}}, {gru: {hidden: 8, output: all}}, {linear: 256}]}
losses:
  xent: {type: cross_entropy, model: lm}
schedule:
  - tbptt: {loss: xent, optimizer: {type: sgd, lr: 0.1}, k1: 10, epochs: 1}
"""

ADDING = """\
nnspec: 2
data: {dataset: {adding: {length: 5, size: 64}}}
networks:
  rnn: {layers: [{rnn: {hidden: 8}}, {linear: 1}]}
losses:
  mse: {type: mse, model: rnn}
schedule:
  - rtrl: {loss: mse, optimizer: {type: sgd, lr: 0.1}}
    steps: 2
"""


@pytest.mark.parametrize(
    ("spec", "old", "new", "expected"),
    [
        (
            LM,
            "{gru: {hidden: 8, output: all}}",
            "{linear: 8}",
            "spec.yaml:10:19: error: phase 'tbptt' carries a recurrent state across windows, "
            "but network 'lm' has no recurrent layer (at schedule[0].tbptt.loss)\n"
            "  expected: a network with a recurrent layer (gru or lstm or rnn)",
        ),
        (
            LM,
            "hidden: 8, output",
            "hidden: 8, bidirectional: true, output",
            "spec.yaml:6:85: error: phase 'tbptt' runs layer 1 of network 'lm' forward in "
            "time, but a bidirectional layer reads each sequence backwards from its end "
            "(at networks.lm.layers[1].gru.bidirectional)\n"
            "  expected: bidirectional: false\n  received: true",
        ),
        (
            LM,
            "k1: 10,",
            "k1: 10, k2: 15,",
            "spec.yaml:10:70: error: phase 'tbptt': k2 must be a multiple of k1 (each window "
            "replays whole earlier windows) (at schedule[0].tbptt.k2)\n"
            "  expected: a multiple of k1 = 10\n  received: 15",
        ),
        (
            LM,
            "length: 20}",
            "length: 20, start: 0.5, stop: 0.5}",
            "spec.yaml:3:51: error: dataset 'chars': stop must be above start "
            "(at data.dataset.chars.stop)\n  expected: stop > start = 0.5\n  received: 0.5",
        ),
        (
            ADDING,
            "[{rnn: {hidden: 8}}, {linear: 1}]",
            "[{linear: 2}, {rnn: {hidden: 8}}, {linear: 1}]",
            "spec.yaml:8:18: error: phase 'rtrl' carries the sensitivities of the first layer "
            "of network 'rnn', which must be recurrent (at schedule[0].rtrl.loss)\n"
            "  expected: network 'rnn' starting with a recurrent layer (gru or lstm or rnn)\n"
            "  received: a linear layer first",
        ),
        (
            ADDING,
            "{rnn: {hidden: 8}}",
            "{lstm: {hidden: 8, layers: 2, dropout: 0.5}}",
            "spec.yaml:4:57: error: phase 'rtrl' runs layer 0 of network 'rnn' forward in "
            "time, but RTRL steps the cell without the dropout between stacked layers "
            "(at networks.rnn.layers[0].lstm.dropout)\n  expected: dropout: 0\n  received: 0.5",
        ),
        (
            ADDING,
            "{rnn: {hidden: 8}}",
            "{rnn: {hidden: 64}}",
            "spec.yaml:4:18: error: layer 0 of network 'rnn' has 4,352 parameters, too many "
            "for RTRL: its sensitivities grow as parameters × state per example "
            "(at networks.rnn.layers[0])\n"
            "  expected: at most 4,096 parameters in the recurrent layer\n  received: 4,352",
        ),
    ],
)
def test_misuse_is_located(errors_of, spec: str, old: str, new: str, expected: str) -> None:
    assert old in spec
    assert errors_of(spec.replace(old, new)) == expected


@pytest.mark.parametrize("spec", [LM, ADDING])
def test_sound_specs_validate(write_spec, cli, spec: str) -> None:
    result = cli("validate", write_spec(spec))
    assert result.exit_code == 0, result.output
