"""InfoGAN with Q on D's trunk: G's adversarial part trains G only, never the shared trunk."""

from __future__ import annotations

import textwrap

import torch

from nnspec.api import load
from nnspec.nn.graph import part
from nnspec.train.prepare import prepare

torch.set_num_threads(1)
SPEC = """\
nnspec: 2
name: trunk
data: {dataset: {bars_and_stripes: {side: 2}}, batch_size: 4}
networks:
  G: {input: [6], layers: [{linear: 4}, sigmoid]}
  D:
    graph:
      inputs: {x: {}}
      nodes:
        trunk: {from: x, layers: [{linear: 8}, {leaky_relu: 0.2}]}
        real_fake: {from: trunk, layers: [{linear: 1}]}
        q_code: {from: trunk, layers: [{linear: 4}]}
      outputs: [real_fake, q_code]
losses:
  info:
    type: infogan
    generator: G
    discriminator: D.real_fake
    q: D.q_code
    noise: {normal: 2}
    codes: 4
    weight: %s
optimizers:
  opt_g: {type: adam, params: [G, D.q_code]}
schedule:
  - train: {loss: info.generator, optimizer: opt_g}
    steps: 1
"""


def gradients(tmp_path, weight: float) -> tuple[list, list]:
    """The gradients a generator step leaves on G's and on the trunk's parameters."""
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(SPEC % weight))
    session, _ = prepare(load(path), torch.device("cpu"), False)
    value, _ = session.losses["info"].generator(session.rt.train_x[:4], None)
    value.backward()
    trunk = part(session.rt.networks, "D.trunk").parameters()
    return [p.grad for p in session.rt.networks["G"].parameters()], [p.grad for p in trunk]


def test_fooling_d_reaches_g_but_not_the_trunk_q_shares(tmp_path):
    g, trunk = gradients(tmp_path, 0.0)
    assert all(grad is not None and grad.abs().sum() > 0 for grad in g)
    assert all(grad is None or not grad.any() for grad in trunk)  # 0·CE leaves zeros


def test_the_mutual_information_term_trains_the_trunk(tmp_path):
    _, trunk = gradients(tmp_path, 1.0)
    assert all(grad is not None and grad.abs().sum() > 0 for grad in trunk)
