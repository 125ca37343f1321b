"""A generator step draws noise only (Algorithm 1), so `epochs` counts the data passes
of the steps that read examples, and summary.json names each optimizer's updates."""

from __future__ import annotations

import pytest
import torch

from nnspec.data.batches import BatchStream
from nnspec.registry import REGISTRY
from nnspec.spec.check.draws import term_draws
from nnspec.train.session import shaped_batch

HEAD = """\
nnspec: 2
seed: 1
data: {dataset: digits, batch_size: 64}
networks:
  G: {input: [$gz], layers: [{linear: 16}, relu, {linear: 64}]}
  D: {layers: [{linear: 16}, relu, {linear: 1}]}
  Q: {layers: [{linear: 16}, relu, {linear: 3}]}
vars: {z: 4, gz: 4}
optimizers:
  opt_d: {type: adam, params: [D]}
  opt_g: {type: adam, params: [G, Q]}
outputs: {plots: false}
"""
# One spec per loss kind whose generator step reads no examples (LossInfo.data_free).
LOSSES = {
    "minimax": "{type: minimax, generator: G, discriminator: D, noise: {normal: $z}}",
    "wasserstein": "{type: wasserstein, generator: G, critic: D, noise: {normal: $z}, "
    "lipschitz: {clip: 0.01}}",
    "infogan": "{type: infogan, generator: G, discriminator: D, q: Q, codes: 3, "
    "noise: {normal: $z}}",
}
JUDGE = {"minimax": "discriminator", "wasserstein": "critic", "infogan": "discriminator"}


def gan_spec(kind: str, length: str, conditional: bool = False) -> str:
    loss = LOSSES[kind].replace("}", ", conditional: true}", 1) if conditional else LOSSES[kind]
    return HEAD + (
        f"losses:\n  gan: {loss}\n"
        "schedule:\n  - alternate:\n"
        f"      - {{loss: gan.{JUDGE[kind]}, optimizer: opt_d}}\n"
        "      - {loss: gan.generator, optimizer: opt_g}\n"
        f"    {length}\n"
    )


def test_every_data_free_kind_is_covered():
    free = {kind.name for kind in REGISTRY.kinds("loss") if kind.info.data_free}
    assert free == set(LOSSES)


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("conditional", [False, True])
def test_a_generator_step_draws_noise_or_labels_only(kind, conditional):
    tree = {"losses": {"gan": {"type": kind, "conditional": conditional}}}
    assert term_draws(tree, f"gan.{JUDGE[kind]}") == "examples"
    assert term_draws(tree, "gan.generator") == ("labels" if conditional else "nothing")


@pytest.mark.parametrize("kind", LOSSES)
def test_epochs_are_passes_of_the_judge_over_the_data(tmp_path, runs, kind):
    path = tmp_path / "gan.yaml"
    path.write_text(gan_spec(kind, "epochs: 2"))
    summary = runs.run(path, tmp_path / "run", (f"vars.gz={7 if kind == 'infogan' else 4}",))
    # 1797 digits in batches of 64: 29 batches an epoch, one judge step on each,
    # and a generator step after each, which draws no batch.
    assert summary["updates"] == {"opt_d": 58, "opt_g": 58}
    assert summary["cycles"] == {"alternate": 58}
    assert summary["steps"] == 116
    stream = torch.load(tmp_path / "run/checkpoints/last.pt", weights_only=True)["stream"]
    assert (stream["epoch"], stream["position"]) == (1, 29)  # exactly two passes
    assert runs.records(tmp_path / "run")[-1]["epoch"] == 1


def test_a_conditional_generator_step_draws_training_labels_without_moving_the_stream():
    x, y = torch.zeros(10, 3), torch.tensor([7] * 5 + [2] * 5)
    stream = BatchStream(x, y, batch_size=4, shuffle=True, drop_last=False, seed=0)
    gx, gy = shaped_batch(stream, True, torch.Generator().manual_seed(0))
    assert gx.shape == (4, 3) and gx.data_ptr() == x.data_ptr()  # a view: nothing copied
    assert gy.shape == (4,) and set(gy.tolist()) <= {2, 7}
    assert (stream.epoch, stream.position) == (0, 0)
    assert shaped_batch(stream, False, torch.Generator())[1] is None
