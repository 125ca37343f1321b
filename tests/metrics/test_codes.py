"""InfoGAN's evaluated bound L_I = ln K − CE: the pure function against oracles, then the
metric on a compiled run whose G writes the code out and whose Q reads it (or not)."""

from __future__ import annotations

import math

import pytest
import torch

from nnspec.metrics.codes import code_information
from nnspec.train import metric_impls  # noqa: F401  (registers every metric)
from nnspec.train.evaluate import evaluate
from tests.metrics.test_metric_impls import session_for

torch.set_num_threads(1)
K = 4


def balanced(n: int = 400) -> torch.Tensor:
    return torch.arange(n) % K


def test_a_perfect_q_gives_the_codes_entropy_and_reads_every_code():
    codes = balanced()
    found = code_information(60.0 * torch.nn.functional.one_hot(codes, K).float(), codes)
    assert found["mutual_information"] == pytest.approx(math.log(K), abs=1e-9)
    assert found["code_accuracy"] == 1.0


def test_a_constant_q_gives_no_information_and_chance_accuracy():
    found = code_information(torch.zeros(400, K), balanced())
    assert found["mutual_information"] == pytest.approx(0.0, abs=1e-12)
    assert found["code_accuracy"] == pytest.approx(1 / K)


def test_a_confidently_wrong_q_gives_a_negative_bound():
    codes = balanced()
    wrong = 5.0 * torch.nn.functional.one_hot((codes + 1) % K, K).float()
    found = code_information(wrong, codes)
    assert found["mutual_information"] < -1.0 and found["code_accuracy"] == 0.0


# G maps [z (2), one-hot c (4)] to 4 values; Q maps them to the code's 4 logits.
SPEC = """\
data: {dataset: {bars_and_stripes: {side: 2}}, split: {test: 0.5}, batch_size: 4}
networks:
  G: {input: [6], layers: [{linear: 4}]}
  D: {layers: [{linear: 1}]}
  Q: {layers: [{linear: 4}]}
losses:
  info: {type: infogan, generator: G, discriminator: D, q: Q, noise: {normal: 2}, codes: 4}
schedule:
  - train: {loss: info.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [{mutual_information: {samples: 1000}}]}
"""


def evaluated(tmp_path, q_scale: float) -> dict[str, float]:
    """The metric where G outputs its one-hot code and Q's logits are q_scale · G's output."""
    session = session_for(tmp_path, SPEC, smoke=False)
    g, q = session.rt.networks["G"][0], session.rt.networks["Q"][0]
    with torch.no_grad():
        g.weight.copy_(torch.cat([torch.zeros(K, 2), torch.eye(K)], 1))
        g.bias.zero_()
        q.weight.copy_(q_scale * torch.eye(K))
        q.bias.zero_()
    return evaluate(session, session.rt.spec.evaluate.metrics, ["test"])


def test_the_metric_reaches_ln_k_when_q_reads_gs_code(tmp_path):
    found = evaluated(tmp_path, 60.0)
    assert found["eval/mutual_information"] == pytest.approx(math.log(K), abs=1e-9)
    assert found["eval/code_accuracy"] == 1.0


def test_the_metric_is_zero_when_q_ignores_the_samples(tmp_path):
    found = evaluated(tmp_path, 0.0)
    assert found == {"eval/mutual_information": 0.0, "eval/code_accuracy": 0.25}
