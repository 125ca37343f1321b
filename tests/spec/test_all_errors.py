"""One validate run reports every independent mistake, whichever sections they lie in."""

from __future__ import annotations

import pytest

FORM_SHAPE_REFERENCE = """\
nnspec: 2
data: {dataset: digits, batch_size: -4}
networks:
  enc: {input: [64], layers: [{linear: 8}]}
  dec: {input: [9], layers: [{linear: 64}]}
  clf: {input: [32], layers: [{conv2d: 4}]}
losses:
  rec: {type: reconstruction, encoder: enc, decoder: dex}
schedule:
  - train: {loss: rec, optimizer: {type: adam}}
    steps: 1
"""
SHAPE_PHASE_REFERENCE = """\
nnspec: 2
data: {dataset: digits}
networks:
  mlp: {layers: [{linear: 10}]}
  head: {input: [3, 4], layers: [{conv2d: 4}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
outputs: {samples: {network: mpl}}
"""
FILE_PHASE_FORM = """\
nnspec: 2
data: {dataset: {csv: {path: rows.csv, label: y}}}
networks:
  mlp: {input: [2], layers: [{linear: 2}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    steps: 10
    epochs: 2
run: {on_nan: explode}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FORM_SHAPE_REFERENCE,
         "spec.yaml:2:37: error: -4 is out of range (at data.batch_size)\n"
         "  expected: an integer >= 1 and <= 1000000\n"
         "  received: -4 (an integer)\n"
         "spec.yaml:6:31: error: layer 'conv2d' cannot take input of shape (32): conv2d needs a "
         "(C, H, W) input; add unflatten or reshape before it (at networks.clf.layers[0])\n"
         "  expected: a (C, H, W) input\n"
         "  received: (32)\n"
         "spec.yaml:8:54: error: unknown network 'dex' (at losses.rec.decoder); did you mean "
         "'dec'?\n"
         "  expected: one of the networks: enc, dec, clf"),
        (SHAPE_PHASE_REFERENCE,
         "spec.yaml:5:34: error: layer 'conv2d' cannot take input of shape (3, 4): conv2d needs "
         "a (C, H, W) input; add unflatten or reshape before it (at networks.head.layers[0])\n"
         "  expected: a (C, H, W) input\n"
         "  received: (3, 4)\n"
         "spec.yaml:9:5: error: a 'train' phase needs its length: steps or epochs "
         "(at schedule[0])\n"
         "  expected: exactly one of steps, epochs\n"
         "  received: neither\n"
         "spec.yaml:10:30: error: unknown network 'mpl' (at outputs.samples.network); did you "
         "mean 'mlp'?\n"
         "  expected: one of the networks: mlp, head"),
        (FILE_PHASE_FORM,
         "spec.yaml:2:30: error: rows.csv: file not found (looked for rows.csv) "
         "(at data.dataset.csv.path)\n"
         "  expected: a file, relative to the spec's folder\n"
         "spec.yaml:8:5: error: a 'train' phase needs its length: steps or epochs "
         "(at schedule[0])\n"
         "  expected: exactly one of steps, epochs\n"
         "  received: steps, epochs\n"
         "spec.yaml:11:15: error: unknown value 'explode' (a string) (at run.on_nan)\n"
         "  expected: one of 'stop', 'skip'\n"
         "  received: 'explode' (a string)"),
    ],
    ids=["form-shape-reference", "shape-phase-reference", "file-phase-form"],
)  # fmt: skip
def test_three_independent_mistakes_in_one_run(errors_of, text, expected) -> None:
    assert errors_of(text) == expected


def test_a_broken_network_is_not_shaped_but_the_others_are(errors_of) -> None:
    text = FORM_SHAPE_REFERENCE.replace("{linear: 8}", "{linear: -8}")
    assert "networks.enc.layers" in errors_of(text)
    assert "networks.clf.layers[0]" in errors_of(text)


def test_a_network_that_needs_the_data_shape_waits_for_sound_data(errors_of) -> None:
    # Without sound data, mlp's input is unknown: no misleading "needs an input shape".
    text = SHAPE_PHASE_REFERENCE.replace("{dataset: digits}", "{dataset: digitz}")
    assert "networks.mlp" not in errors_of(text)
    assert "networks.head.layers[0]" in errors_of(text)
