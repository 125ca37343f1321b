"""Artifact writers: each PNG is written when its spec calls for it, and only then."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.image
import pytest
import torch

from nnspec.api import load
from nnspec.errors import SpecErrors
from nnspec.train import metric_impls  # noqa: F401  (registers every writer)
from nnspec.train.artifacts import write_artifacts
from nnspec.train.artifacts_generative import (
    _group_labels,
    _group_rows,
    image_shape,
    latent_lines,
)
from nnspec.train.prepare import prepare
from nnspec.train.rundir import RunDir
from nnspec.train.sampling import Sampler, evaluation_generator
from nnspec.train.session import Session

torch.set_num_threads(1)  # the CI machine is shared; these runs are tiny


def session_for(tmp_path: Path, body: str) -> Session:
    path = tmp_path / "spec.yaml"
    path.write_text("nnspec: 2\nname: tiny\n" + textwrap.dedent(body))
    session, _ = prepare(load(path), torch.device("cpu"), smoke=True)
    return session


def written(tmp_path: Path, body: str) -> dict[str, tuple[int, ...]]:
    """The PNGs the writers produce for a spec, with each image's array shape."""
    rundir = RunDir.create(tmp_path / "run", overwrite=False)
    write_artifacts(session_for(tmp_path, body), rundir)
    return {p.name: matplotlib.image.imread(p).shape for p in rundir.artifacts.glob("*.png")}


GAN = """
data: {dataset: %s, batch_size: 8}
networks:
  G: {input: [%d], layers: [{linear: %d}, sigmoid]}
  D: {input: [%s], layers: [flatten, {linear: 1}]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 3}, conditional: %s}
schedule:
  - train: {loss: gan.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
%s
"""
SAMPLES = "outputs: {samples: {network: G, count: 12}}"
BARS = "{bars_and_stripes: {side: 4, layout: %s}}"
SHAPE = {"flat": "16", "image": "1, 4, 4"}


@pytest.mark.parametrize("layout", ["flat", "image"])
def test_image_generators_get_a_sample_grid_and_an_interpolation_strip(tmp_path, layout):
    files = written(tmp_path, GAN % (BARS % layout, 3, 16, SHAPE[layout], "false", SAMPLES))
    assert set(files) == {"samples.png", "interpolation.png"}
    assert all(len(shape) == 3 and shape[0] > 100 for shape in files.values())


def test_two_dimensional_generators_get_scatter_plots(tmp_path):
    files = written(tmp_path, GAN % ("{ring: {size: 64}}", 3, 2, "2", "false", SAMPLES))
    assert set(files) == {"samples.png", "interpolation.png"}


def test_nothing_is_drawn_without_outputs_samples(tmp_path):
    assert written(tmp_path, GAN % (BARS % "flat", 3, 16, "16", "false", "")) == {}


def test_conditional_grids_have_one_row_per_class(tmp_path):
    session = session_for(tmp_path, GAN % ("{xor: {repeat: 4}}", 5, 2, "4", "true", SAMPLES))
    sampler = Sampler(session, "G")
    rows, group = _group_rows(sampler, 12)
    assert rows == 2 and _group_labels(sampler, 3) == ["class 0", "class 1", "class 0"]
    assert group.tolist() == [0] * 6 + [1] * 6


def test_interpolation_rows_move_only_the_noise(tmp_path):
    session = session_for(tmp_path, GAN % ("{xor: {repeat: 4}}", 5, 2, "4", "true", SAMPLES))
    sampler = Sampler(session, "G")
    with torch.no_grad():
        G = session.rt.network("G").nodes["body"].body[0]  # conditional: G is a graph
        G.weight.copy_(torch.tensor([[1.0, 0, 0, 0, 0], [0, 0, 0, 0, 1]]))  # (z₀, label 1)
        G.bias.zero_()
        x = latent_lines(sampler, evaluation_generator(session.rt), 4).reshape(8, 4, 2)
    steps = x[:, 1:, 0].logit() - x[:, :-1, 0].logit()  # z₀ moves in equal steps along a row
    assert torch.allclose(steps, steps[:, :1].expand_as(steps), atol=1e-4)
    labels = torch.tensor([0.0, 1.0] * 4)[:, None].expand(8, 4)  # rows cycle through classes
    assert torch.equal(x[:, :, 1].logit().round(), labels)


def test_a_decoder_without_a_prior_cannot_be_sampled(tmp_path):
    # Refused statically, before training, with the sampleable networks named.
    body = """
    data: {dataset: {bars_and_stripes: {side: 3}}, batch_size: 4}
    networks:
      enc: {layers: [{linear: 4}]}
      dec: {input: [4], layers: [{linear: 9}]}
    losses:
      rec: {type: reconstruction, encoder: enc, decoder: dec}
    schedule:
      - train: {loss: rec, optimizer: {type: sgd, lr: 0.1}}
        steps: 1
    outputs: {samples: {network: dec}}
    """
    with pytest.raises(SpecErrors, match="network 'dec' cannot be sampled"):
        written(tmp_path, body)


ENERGY = """
data: {dataset: %s, batch_size: 4}
networks:
  net: %s
losses:
  cd: {type: cd, model: net}
schedule:
  - train: {loss: cd, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


@pytest.mark.parametrize(
    "network", ["{rbm: {visible: 16, hidden: 6}}", "{rbm_stack: {visible: 16, hidden: [6, 4]}}"]
)
def test_rbms_on_images_get_filters_and_gibbs_samples(tmp_path, network):
    files = written(tmp_path, ENERGY % (BARS % "image", network))
    assert set(files) == {"rbm_filters.png", "gibbs_samples.png"}


def test_an_rbm_stack_in_outputs_samples_gets_a_grid_of_its_chains(tmp_path):
    network = "{rbm_stack: {visible: 16, hidden: [6, 4], sample_steps: 3}}"
    body = ENERGY % (BARS % "image", network) + "outputs: {samples: {network: net, count: 9}}"
    files = written(tmp_path, body)
    assert set(files) == {"rbm_filters.png", "gibbs_samples.png", "samples.png"}


def test_rbms_on_points_get_no_pictures(tmp_path):
    network = "{rbm: {visible: 2, hidden: 3, units: gaussian}}"
    assert written(tmp_path, ENERGY % ("{ring: {size: 16}}", network)) == {}


def test_image_shape():
    assert image_shape((64,)) == (1, 8, 8)
    assert image_shape((1, 8, 8)) == (1, 8, 8)
    assert image_shape((3, 4, 5)) == (3, 4, 5)
    assert image_shape((2,)) is None and image_shape((10,)) is None and image_shape((5, 2)) is None


BOLTZMANN = """
data: {dataset: %s, batch_size: 4}
networks:
  net: %s
losses:
  fit: {type: %s, model: net}
schedule:
  - train: {loss: fit, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


@pytest.mark.parametrize(
    ("network", "loss"),
    [
        ("{boltzmann_machine: {visible: 16, hidden: 3}}", "boltzmann"),
        ("{dbm: {visible: 16, hidden: [6, 4]}}", "mean_field"),
    ],
)
def test_boltzmann_machines_on_images_get_filters_and_free_chains(tmp_path, network, loss):
    files = written(tmp_path, BOLTZMANN % (BARS % "image", network, loss))
    assert set(files) == {"boltzmann_filters.png", "boltzmann_samples.png"}


def test_boltzmann_machines_on_non_images_get_no_pictures(tmp_path):
    body = BOLTZMANN % ("xor", "{dbm: {visible: 2, hidden: [3, 2]}}", "mean_field")
    assert written(tmp_path, body) == {}
