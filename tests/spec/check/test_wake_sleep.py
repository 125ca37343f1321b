"""What validate refuses in a wake_sleep phase and a dbn, located, before any run."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
data: {dataset: digits}
networks:
  dbn: {dbn: {visible: 64, hidden: [16, 8], labels: 10}}
  stack: {rbm_stack: {visible: 64, hidden: [16, 8]}}
losses:
  cd: {type: cd, model: dbn}
optimizers:
  sgd: {type: sgd, params: [stack], lr: 0.1}
schedule:
  - layerwise: {stack: dbn, loss: cd, optimizer: {type: sgd, lr: 0.1}, epochs: 1}
  - wake_sleep: {stack: dbn, optimizer: {type: sgd, lr: 0.01}}
    epochs: 1
"""


def test_the_bundled_form_validates(write_spec, cli):
    result = cli("validate", write_spec(SPEC))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "wake_sleep: {stack: dbn,",
            "wake_sleep: {stack: stack,",
            "spec.yaml:12:25: error: a 'wake_sleep' phase needs a dbn network "
            "(at schedule[1].wake_sleep.stack)\n"
            "  expected: dbn\n  received: 'stack', an rbm_stack network",
        ),
        (
            "labels: 10}",
            "labels: 3}",
            "spec.yaml:12:25: error: the wake_sleep phase clamps the 3 label units of 'dbn' "
            "to the data's labels (at schedule[1].wake_sleep.stack)\n"
            "  expected: labels: 10\n  received: data with 10 classes",
        ),
        (
            "optimizer: {type: sgd, lr: 0.01}}",
            "optimizer: sgd}",
            "spec.yaml:12:41: error: the wake_sleep phase trains 'dbn', which its optimizer "
            "does not update (at schedule[1].wake_sleep.optimizer)\n"
            "  expected: an optimizer over dbn\n  received: params: [stack]",
        ),
        (
            "hidden: [16, 8], labels",
            "hidden: [16], labels",
            "spec.yaml:4:36: error: wrong list length (at networks.dbn.dbn.hidden)\n"
            "  expected: a list of at least 2 of integer >= 1\n  received: a list of 1",
        ),
    ],
)
def test_misuse_is_located(errors_of, edit, old, new, expected):
    assert errors_of(edit(SPEC, old, new)) == expected


def test_labels_need_labelled_data(errors_of, edit):
    text = edit(SPEC, "dataset: digits", "dataset: {bars_and_stripes: {side: 8}}")
    assert errors_of(text) == (
        "spec.yaml:12:25: error: the wake_sleep phase clamps the 10 label units of 'dbn' "
        "to the data's labels (at schedule[1].wake_sleep.stack)\n"
        "  expected: labels: 0, or labelled data\n  received: data without labels"
    )
