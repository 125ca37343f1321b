"""The loop's update: a term that writes its own gradients steps like one that backpropagates."""

from pathlib import Path

import pytest
import torch

from nnspec.api import load
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.prepare import prepare

RBM = """\
nnspec: 2
seed: 4
data: {dataset: {bars_and_stripes: {side: 3, repeat: 4}}, split: {test: 0.25}, batch_size: 8}
networks:
  rbm: {rbm: {visible: 9, hidden: 6}}
losses:
  cd: {type: cd, model: rbm, persistent: %s, weight_cost: 0.01}
  total: {type: sum, terms: [{loss: cd}]}
schedule:
  - train: {loss: %s, optimizer: {type: momentum, lr: 0.1, momentum: 0.5}}
    steps: 25
"""


def trained(tmp_path: Path, loss: str, persistent: bool) -> dict[str, torch.Tensor]:
    path = tmp_path / f"{loss}-{persistent}.yaml"
    path.write_text(RBM % (str(persistent).lower(), loss))
    session, plans = prepare(load(path, ()), torch.device("cpu"), smoke=False)
    hooks = Hooks(lambda *a: None, lambda *a: None, log_every=5)
    step = 0
    for plan in plans:
        step = run_plan(session, plan, 0, step, hooks)
    return session.rt.network("rbm").state_dict()


@pytest.mark.parametrize("persistent", [False, True])
def test_written_gradients_train_like_the_autograd_path_of_a_sum(tmp_path, persistent):
    """cd alone writes .grad itself; inside a sum autograd carries it. Same updates."""
    written, backward = trained(tmp_path, "cd", persistent), trained(tmp_path, "total", persistent)
    for name, value in written.items():
        assert torch.allclose(value, backward[name], atol=1e-6), name
