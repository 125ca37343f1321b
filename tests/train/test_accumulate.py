"""``accumulate: N``: N batches' gradients averaged before one step, as one N-times larger
batch gives for a mean loss; refused, located, on a phase kind that cannot."""

from __future__ import annotations

import pytest
import torch

from nnspec.errors import SpecErrors
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
seed: 5
data:
  dataset: digits
  transforms: [{{scale: {{from: [0, 16], to: [0, 1]}}}}]
  batch_size: {batch}
  shuffle: {shuffle}
  drop_last: true
networks:
  mlp: {{layers: [{{linear: 16}}, tanh, {{linear: 10}}]}}
losses:
  xent: {{type: cross_entropy, model: mlp}}
optimizers:
  opt: {{type: momentum, params: [mlp], lr: 0.1}}
schedule:
  - train: {{loss: xent, optimizer: opt}}
    {length}
    accumulate: {accumulate}
outputs: {{plots: false, log_every: 7}}
"""


def write(tmp_path, name: str, **values) -> object:
    values = {"shuffle": "false", "length": "steps: 40", **values}
    path = tmp_path / f"{name}.yaml"
    path.write_text(SPEC.format(**values))
    return path


def test_four_batches_of_16_step_like_one_batch_of_64(tmp_path, runs) -> None:
    # 1792 of the 1797 digits in order: 28 batches of 64, or 112 of 16, an epoch;
    # 40 steps cross an epoch's end.
    small = runs.run(write(tmp_path, "small", batch=16, accumulate=4), tmp_path / "small")
    large = runs.run(write(tmp_path, "large", batch=64, accumulate=1), tmp_path / "large")
    assert small["updates"] == large["updates"] == {"opt": 40}
    for key, value in runs.weights(tmp_path / "small")["mlp"].items():
        torch.testing.assert_close(value, runs.weights(tmp_path / "large")["mlp"][key])
    logged = [r["train/xent"] for r in runs.records(tmp_path / "small") if "train/xent" in r]
    expected = [r["train/xent"] for r in runs.records(tmp_path / "large") if "train/xent" in r]
    assert logged == pytest.approx(expected, rel=1e-5)  # the mean over the four batches


def test_epochs_count_passes_over_the_data_not_steps(tmp_path, runs) -> None:
    path = write(tmp_path, "epochs", batch=16, accumulate=4, length="epochs: 2")
    summary = runs.run(path, tmp_path / "run")
    assert summary["updates"] == {"opt": 56}  # 2 x 112 batches, 4 a step
    stream = torch.load(tmp_path / "run/checkpoints/last.pt", weights_only=True)["stream"]
    assert (stream["epoch"], stream["position"]) == (1, 112)
    assert runs.records(tmp_path / "run")[-1]["epoch"] == 1


LAYERWISE = """\
nnspec: 2
data: {dataset: bars_stripes}
networks:
  dbn: {rbm_stack: {visible: 16, hidden: [8]}}
losses:
  cd: {type: cd, model: dbn}
schedule:
  - layerwise: {stack: dbn, loss: cd, optimizer: {type: sgd, lr: 0.1}, epochs: 1}
    accumulate: 3
"""


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [
        (LAYERWISE, "a layerwise", 9),
        (
            "nnspec: 2\ndata: {dataset: bars_stripes}\nnetworks:\n  h: {hopfield: {size: 16}}\n"
            "losses: {}\nschedule:\n  - store: {network: h}\n    accumulate: 2\n",
            "a store",
            8,
        ),
    ],
)
def test_a_phase_kind_that_cannot_accumulate_says_so(tmp_path, text, kind, line) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    with pytest.raises(SpecErrors) as caught:
        resolve(path)
    rendered = caught.value.render()
    assert (
        f"spec.yaml:{line}:17: error: {kind} phase cannot accumulate gradients: each of its "
        "updates takes one batch (at schedule[0].accumulate)"
    ) in rendered
    assert "expected: accumulate: 1, or 'train' phases" in rendered
