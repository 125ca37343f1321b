"""The Boltzmann likelihood metrics on prepared (untrained) sessions, against hand computations."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
import torch

from nnspec.api import load
from nnspec.errors import RunError
from nnspec.train import metric_impls  # noqa: F401  (registers every metric)
from nnspec.train.evaluate import evaluate
from nnspec.train.prepare import prepare
from nnspec.train.session import Session

torch.set_num_threads(1)

SPEC = """\
nnspec: 2
name: tiny
data: {dataset: {bars_and_stripes: {side: 3}}}
networks:
  bm: {boltzmann_machine: {visible: 9, hidden: %d}}
losses:
  bm: {type: boltzmann, model: bm}
schedule:
  - train: {loss: bm, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {splits: [train], metrics: [exact_log_likelihood, ais_log_likelihood]}
"""


def session_for(tmp_path: Path, hidden: int) -> Session:
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(SPEC % hidden))
    session, _ = prepare(load(path), torch.device("cpu"), True)
    return session


@pytest.mark.slow
def test_exact_metrics_of_a_machine_with_zero_weights_are_uniform(tmp_path) -> None:
    """All weights and biases 0: p(v) = 2^−9 for every v, KL = 9 log 2 − log 14."""
    session = session_for(tmp_path, 2)
    with torch.no_grad():
        for p in session.rt.network("bm").parameters():
            p.zero_()
    out = evaluate(session, session.rt.spec.evaluate.metrics, ["train"])
    assert out["train/exact_log_likelihood"] == pytest.approx(-9 * math.log(2))
    assert out["train/exact_kl"] == pytest.approx(9 * math.log(2) - math.log(14))
    assert out["train/ais_log_z"] == pytest.approx(11 * math.log(2))  # exact at zero couplings
    assert out["train/ais_log_likelihood"] == pytest.approx(-9 * math.log(2))


def test_too_many_states_is_a_run_error_that_names_the_alternative(tmp_path) -> None:
    session = session_for(tmp_path, 14)
    metrics = session.rt.spec.evaluate.metrics[:1]
    with pytest.raises(RunError) as caught:
        evaluate(session, metrics, ["train"])
    assert str(caught.value) == (
        "exact_log_likelihood: exact log Z enumerates 2^23 states; at most 2^22: "
        "use ais_log_likelihood instead"
    )
