"""A gsn samples itself: a sample grid and the parzen metric from its chain, no RBM pictures."""

from __future__ import annotations

import torch

from nnspec.train.evaluate import METRICS
from tests.train.test_artifacts import BARS, session_for, written

GSN = """
data: {dataset: %s, batch_size: 4}
networks:
  gsn: {gsn: {visible: 16, hidden: [6, 4], sample_steps: 3}}
losses:
  wb: {type: walkback, model: gsn}
schedule:
  - train: {loss: wb, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
outputs: {samples: {network: gsn, count: 9}}
"""


def test_a_gsn_gets_a_grid_of_its_chains_and_no_rbm_pictures(tmp_path):
    assert set(written(tmp_path, GSN % (BARS % "image"))) == {"samples.png"}


def test_parzen_scores_a_gsn_by_its_chains_by_default(tmp_path):
    session = session_for(tmp_path, GSN % (BARS % "flat"))
    params = {"network": None, "samples": 50, "sigmas": [0.1, 1.0]}
    scores = METRICS["parzen"](params, session, "train")
    assert scores["parzen_sigma"] in (0.1, 1.0) and torch.isfinite(
        torch.tensor(scores["parzen_ll"])
    )
