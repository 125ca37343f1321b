"""The wake_sleep phase in a run: it unties first, then teaches the label units."""

from __future__ import annotations

import pytest

SPEC = """\
nnspec: 2
name: ws
seed: 0
data:
  dataset: digits
  split: {test: 0.2}
  transforms: [{scale: {from: [0, 16], to: [0, 1]}}]
  batch_size: 32
networks:
  dbn: {dbn: {visible: 64, hidden: [64, 64], labels: 10, sample_steps: 5}}
losses:
  cd: {type: cd, model: dbn}
schedule:
  - layerwise: {stack: dbn, loss: cd, optimizer: {type: sgd, lr: 0.1, momentum: 0.5}, epochs: 3}
  - wake_sleep: {stack: dbn, optimizer: {type: sgd, lr: 0.05, momentum: 0.5}}
    epochs: %d
evaluate: {metrics: [label_accuracy]}
"""


PER_EPOCH = 45  # 1437 training rows in batches of 32


@pytest.mark.slow
def test_wake_sleep_unties_the_levels_and_learns_the_labels(tmp_path, runs):
    path = tmp_path / "ws.yaml"
    path.write_text(SPEC % 4)
    runs.run(path, tmp_path / "run")
    summary, weights = runs.summary(tmp_path / "run"), runs.weights(tmp_path / "run")["dbn"]
    assert bool(weights["untied"]) and not weights["R.0"].equal(weights["G.0"])
    # two levels of three pretraining epochs, the untie, four epochs of wake-sleep
    assert summary["steps"] == 2 * 3 * PER_EPOCH + 1 + 4 * PER_EPOCH
    # the label units start at zero (every label equally likely: 0.1) and learn only here
    assert summary["metrics"]["test/label_accuracy"] > 0.3
