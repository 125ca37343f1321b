"""Static checks of ``evaluate.early_stopping``: its metric, its evaluations, restore_best."""

from __future__ import annotations

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {val: 0.2}}
networks:
  mlp: {layers: [{linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: adam, params: [mlp]}
schedule:
  - train: {loss: xent, optimizer: opt}
    steps: 100
evaluate:
  every: 10
  metrics: [accuracy]
  splits: [val]
  early_stopping: {watch: val/accuracy, restore_best: true}
"""


def test_a_sound_early_stopping_validates(write_spec, cli) -> None:
    assert cli("validate", write_spec(SPEC)).exit_code == 0
    same = SPEC + "outputs: {checkpoints: {watch: val/accuracy, mode: max}}\n"
    assert cli("validate", write_spec(same)).exit_code == 0


def test_a_watched_metric_the_evaluation_never_reports(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "watch: val/accuracy", "watch: val/acuracy")) == (
        "spec.yaml:16:27: error: early stopping watches 'val/acuracy', which the evaluation "
        "never reports (at evaluate.early_stopping.watch); did you mean 'val/accuracy'?\n"
        "  expected: one of val/accuracy\n"
        "  received: 'val/acuracy'"
    )


def test_early_stopping_without_periodic_evaluations(errors_of, edit) -> None:
    assert errors_of(edit(SPEC, "  every: 10\n", "")) == (
        "spec.yaml:15:19: error: early stopping needs evaluations during training, but "
        "evaluate.every is not set (the run evaluates once, at the end) "
        "(at evaluate.early_stopping)\n"
        "  expected: evaluate.every: a number of steps\n"
        "  received: evaluate.every: null"
    )


def test_restore_best_with_a_best_pt_that_keeps_another_metric(errors_of) -> None:
    text = SPEC + "outputs: {checkpoints: {watch: val/accuracy, mode: min}}\n"
    assert errors_of(text) == (
        "spec.yaml:16:55: error: restore_best restores best.pt, which keeps the best "
        "'val/accuracy' (min), not the best 'val/accuracy' (max) "
        "(at evaluate.early_stopping.restore_best)\n"
        "  expected: outputs.checkpoints.watch: val/accuracy with mode: max, or no "
        "outputs.checkpoints.watch (best.pt then follows early stopping)\n"
        "  received: outputs.checkpoints.watch: val/accuracy with mode: min"
    )


def test_patience_must_be_a_positive_count(errors_of, edit) -> None:
    out = errors_of(edit(SPEC, "restore_best: true}", "restore_best: true, patience: 0}"))
    assert out == (
        "spec.yaml:16:71: error: 0 is out of range (at evaluate.early_stopping.patience)\n"
        "  expected: an integer >= 1\n"
        "  received: 0 (an integer)"
    )
