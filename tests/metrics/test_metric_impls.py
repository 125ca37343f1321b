"""Metric implementations: one per declared metric, each checked on a tiny compiled run.

Sessions are prepared from small specs (no training); weights are then set by hand so
every metric has a value it must reach, and a setting where it must not.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
import torch

from nnspec.api import load
from nnspec.errors import RunError
from nnspec.registry import REGISTRY
from nnspec.train import metric_impls  # noqa: F401  (registers every metric)
from nnspec.train.evaluate import METRICS, evaluate
from nnspec.train.prepare import prepare
from nnspec.train.sampling import Sampler, draw, evaluation_rng, sample_count
from nnspec.train.session import Session

torch.set_num_threads(1)  # the CI machine is shared; these runs are tiny


def session_for(tmp_path: Path, body: str, smoke: bool = True) -> Session:
    """A prepared (untrained) session of a spec whose sections are ``body``."""
    path = tmp_path / "spec.yaml"
    path.write_text("nnspec: 2\nname: tiny\n" + textwrap.dedent(body))
    session, _ = prepare(load(path), torch.device("cpu"), smoke)
    return session


def run_metrics(session: Session, splits: tuple[str, ...] = ("test",)) -> dict[str, float]:
    return evaluate(session, session.rt.spec.evaluate.metrics, list(splits))


def set_linear(module: torch.nn.Module, weight, bias) -> None:
    with torch.no_grad():
        module.weight.copy_(torch.as_tensor(weight, dtype=torch.float32))
        module.bias.copy_(torch.as_tensor(bias, dtype=torch.float32))


EVALUATED = [k.name for k in REGISTRY.kinds("metric") if k.info.scope != "training"]


@pytest.mark.parametrize("name", EVALUATED)
def test_every_declared_metric_has_an_implementation(name):
    # Training-scope metrics (grad_norms) are logged by the schedule runner during training.
    assert name in METRICS


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_implementation_is_declared(name):
    assert REGISTRY.get("metric", name) is not None


GAN_1D = """
data:
  dataset: {ring: {modes: %(modes)s, radius: %(radius)s, std: %(std)s, size: %(size)s}}
  split: %(split)s
  batch_size: 32
networks:
  G: {input: [2], layers: [{linear: 2}]}
  D: {layers: [{linear: 1}]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 2}}
schedule:
  - train: {loss: gan.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [%(metric)s]}
"""


def gan_session(tmp_path, metric, modes=8, radius=2.0, std=0.02, size=400, split="{test: 0.5}"):
    return session_for(tmp_path, GAN_1D % locals(), smoke=False)


def test_ring_modes_counts_modes_and_high_quality_samples(tmp_path):
    session = gan_session(tmp_path, "{ring_modes: {samples: 300}}")
    G = session.rt.network("G")[0]
    set_linear(G, torch.zeros(2, 2), [2.0, 0.0])  # every sample exactly on mode 0
    assert run_metrics(session) == {"eval/modes_captured": 1, "eval/high_quality": 1.0}
    set_linear(G, torch.zeros(2, 2), [2.0, 0.1])  # 0.1 away: beyond 3 std of 0.02
    assert run_metrics(session) == {"eval/modes_captured": 0, "eval/high_quality": 0.0}


def test_ring_modes_sees_every_mode_of_a_wide_generator(tmp_path):
    session = gan_session(tmp_path, "{ring_modes: {samples: 2000}}", std=0.3)
    set_linear(session.rt.network("G")[0], 2 * torch.eye(2), [0.0, 0.0])
    out = run_metrics(session)
    assert out["eval/modes_captured"] == 8
    assert 0 < out["eval/high_quality"] < 1


def test_parzen_recovers_the_log_density_of_a_matching_generator(tmp_path):
    # Data N((1, 0), 0.5² I) have E log p(x) = −log(2π·0.25) − 1 ≈ −1.45 nats; G = 0.5·z + (1, 0)
    # samples exactly that distribution, G shifted by 2 does not.
    metric = "{parzen: {samples: 2000}}"
    session = gan_session(tmp_path, metric, modes=1, radius=1.0, std=0.5, size=2000,
                          split="{val: 0.2, test: 0.2}")  # fmt: skip
    G = session.rt.network("G")[0]
    set_linear(G, 0.5 * torch.eye(2), [1.0, 0.0])
    good = run_metrics(session)
    assert good["test/parzen_ll"] == pytest.approx(-math.log(2 * math.pi * 0.25) - 1, abs=0.25)
    assert 0 < good["test/parzen_se"] < 0.1
    assert good["test/parzen_sigma"] in [pytest.approx(s) for s in torch.logspace(-2, 0, 20)]
    set_linear(G, 0.5 * torch.eye(2), [3.0, 0.0])
    assert run_metrics(session)["test/parzen_ll"] < good["test/parzen_ll"] - 1


def test_parzen_without_a_val_split_chooses_sigma_on_train_and_is_reproducible(tmp_path):
    session = gan_session(tmp_path, "{parzen: {samples: 500, sigmas: [0.05, 0.5]}}", std=0.3)
    set_linear(session.rt.network("G")[0], 2 * torch.eye(2), [0.0, 0.0])
    first = run_metrics(session, ("train", "test"))
    keys = {f"{split}/parzen_{k}" for split in ("train", "test") for k in ("ll", "se", "sigma")}
    assert set(first) == keys
    assert first["test/parzen_sigma"] in (0.05, 0.5)
    assert run_metrics(session, ("train", "test")) == first


def test_evaluation_leaves_the_training_generator_alone(tmp_path):
    session = gan_session(tmp_path, "{ring_modes: {samples: 50}}")
    before = session.rt.generator.get_state()
    run_metrics(session)
    with evaluation_rng(session.rt) as gen:
        assert session.rt.generator is gen
    assert torch.equal(session.rt.generator.get_state(), before)


def test_smoke_runs_cap_sample_counts(tmp_path):
    session = gan_session(tmp_path, "ring_modes")
    assert sample_count(session, 10_000) == 10_000
    session.rt.smoke = True
    assert sample_count(session, 10_000) == 200 and sample_count(session, 50) == 50


CGAN = """
data: {dataset: {xor: {repeat: 10}}, batch_size: 8}
networks:
  G: {input: [4], layers: [{linear: 2}]}
  D: {input: [4], layers: [{linear: 1}]}
  C: {layers: [{linear: 2}]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 2}, conditional: true}
  clf: {type: cross_entropy, model: C}  # class_accuracy's classifier is one a loss trains
schedule:
  - train: {loss: gan.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [{class_accuracy: {network: G, classifier: C, samples: 40}}]}
"""


def test_class_accuracy_is_the_share_labelled_as_conditioned(tmp_path):
    session = session_for(tmp_path, CGAN)
    G = session.rt.network("G").nodes["body"].body[0]  # conditional: G is a graph
    C = session.rt.network("C")[0]
    set_linear(C, torch.eye(2), [0.0, 0.0])
    copy_label = torch.cat([torch.zeros(2, 2), 10 * torch.eye(2)], 1)  # G's output: its label
    set_linear(G, copy_label, [0.0, 0.0])
    assert run_metrics(session) == {"eval/class_accuracy": 1.0}
    set_linear(G, copy_label.flip(0), [0.0, 0.0])  # every sample looks like the other class
    assert run_metrics(session) == {"eval/class_accuracy": 0.0}


def test_conditional_samples_cycle_through_the_classes(tmp_path):
    session = session_for(tmp_path, CGAN)
    samples, groups = draw(session, "G", 6)
    assert samples.shape == (6, 2)
    assert groups.tolist() == [0, 1, 0, 1, 0, 1]
    assert Sampler(session, "G").groups == 2


def test_sampling_a_network_no_loss_can_sample_is_an_error(tmp_path):
    with pytest.raises(RunError, match="cannot sample network 'C'"):
        draw(session_for(tmp_path, CGAN), "C", 4)


INFOGAN = """
data: {dataset: {ring: {size: 100}}, batch_size: 8}
networks:
  G: {input: [5], layers: [{linear: 2}]}
  D: {layers: [{linear: 1}]}
  Q: {layers: [{linear: 3}]}
losses:
  info: {type: infogan, generator: G, discriminator: D, q: Q, noise: {normal: 2}, codes: 3}
schedule:
  - train: {loss: info.generator, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


def test_infogan_samples_cycle_through_the_code(tmp_path):
    session = session_for(tmp_path, INFOGAN)
    sampler = Sampler(session, "G")
    code = sampler.condition(sampler.groups_for(5), session.rt.generator)
    assert code.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]


VAE = """
data: {dataset: {bars_and_stripes: {side: 3, repeat: 4}}, split: {test: 0.5}, batch_size: 8}
networks:
  enc: {layers: [{linear: 4}]}
  dec: {input: [2], layers: [{linear: 9}]}
  ae_enc: {layers: [{linear: 5}, sigmoid]}
  ae_dec: {input: [5], layers: [{linear: 9}]}
losses:
  elbo: {type: elbo, encoder: enc, decoder: dec, latent: 2}
  rec: {type: reconstruction, encoder: ae_enc, decoder: ae_dec, distance: bce,
        corruption: {salt_pepper: 0.3}}
schedule:
  - train: {loss: elbo, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [elbo, {reconstruction_error: {loss: %s}}]}
"""


def test_elbo_is_the_losss_own_estimate_over_the_split(tmp_path):
    session = session_for(tmp_path, VAE % "elbo")
    out = run_metrics(session)
    assert out["test/kl"] > 0 and out["test/reconstruction"] > 0
    assert out["test/elbo"] == pytest.approx(-(out["test/reconstruction"] + out["test/kl"]))
    x, y = session.rt.splits["test"]
    with torch.no_grad(), evaluation_rng(session.rt):  # the same ε draws as the metric's
        _, logs = session.losses["elbo"](x, y)
    assert out["test/elbo"] == pytest.approx(float(logs["elbo"]), rel=1e-5)
    assert run_metrics(session) == out  # a fixed evaluation generator: reproducible


def test_reconstruction_error_of_a_vae_decodes_the_posterior_mean(tmp_path):
    session = session_for(tmp_path, VAE % "elbo")
    x, _ = session.rt.splits["test"]
    enc, dec = session.rt.network("enc"), session.rt.network("dec")
    with torch.no_grad():
        expected = ((torch.sigmoid(dec(enc(x)[:, :2])) - x) ** 2).mean()
    got = run_metrics(session)["test/reconstruction_error"]
    assert got == pytest.approx(float(expected), rel=1e-5)


def test_reconstruction_error_of_a_denoising_autoencoder_uses_the_clean_input(tmp_path):
    session = session_for(tmp_path, VAE % "rec")
    x, _ = session.rt.splits["test"]
    enc, dec = session.rt.network("ae_enc"), session.rt.network("ae_dec")
    with torch.no_grad():
        expected = ((torch.sigmoid(dec(enc(x))) - x) ** 2).mean()
    assert run_metrics(session)["test/reconstruction_error"] == pytest.approx(float(expected))


def test_reconstruction_error_needs_a_named_loss_when_there_are_two(tmp_path):
    session = session_for(tmp_path, VAE % "null")
    with pytest.raises(RunError, match="exactly one"):
        run_metrics(session)


RBM = """
data: {dataset: {bars_and_stripes: {side: 3, repeat: 2}}, split: {test: 0.5}, batch_size: 8}
networks:
  rbm: {rbm: {visible: 9, hidden: %d}}
losses:
  cd: {type: cd, model: rbm}
schedule:
  - train: {loss: cd, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [pseudo_likelihood, free_energy, log_likelihood]}
"""


def all_binary(size: int) -> torch.Tensor:
    return ((torch.arange(2**size)[:, None] >> torch.arange(size)) & 1).float()


def test_rbm_metrics_against_brute_force_enumeration(tmp_path):
    session = session_for(tmp_path, RBM % 4)
    rbm = session.rt.network("rbm")
    with torch.no_grad():
        rbm.W.normal_(0, 1.0, generator=torch.Generator().manual_seed(0))
    out = run_metrics(session)
    x = session.rt.splits["test"][0]
    with torch.no_grad():
        log_z = torch.logsumexp(-rbm.free_energy(all_binary(9)), 0)
        log_p = -rbm.free_energy(x) - log_z
        assert out["test/free_energy"] == pytest.approx(float(rbm.free_energy(x).mean()), rel=1e-5)
    assert out["test/log_likelihood"] == pytest.approx(float(log_p.mean()), rel=1e-4)
    assert out["test/pseudo_likelihood"] < 0


def test_pseudo_likelihood_of_a_blank_rbm_is_v_log_half(tmp_path):
    # F(v) is the same for every v when W = 0 and a = 0, so each term is −V·log 2.
    session = session_for(tmp_path, RBM % 4)
    rbm = session.rt.network("rbm")
    with torch.no_grad():
        rbm.W.zero_()
        rbm.a.zero_()
    assert run_metrics(session)["test/pseudo_likelihood"] == pytest.approx(-9 * math.log(2))


def test_log_likelihood_refuses_more_than_20_hidden_units(tmp_path):
    with pytest.raises(RunError, match="H = 21"):
        run_metrics(session_for(tmp_path, RBM % 21))


RING_FEATURES = """
data: {dataset: {ring: {size: 400, std: 0.05}}, split: {test: 0.5}, batch_size: 8}
networks:
  enc: {layers: [{linear: 2}]}
  dec: {input: [2], layers: [{linear: 2}]}
  rbm: {rbm: {visible: 2, hidden: 16, units: gaussian}}
losses:
  rec: {type: reconstruction, encoder: enc, decoder: dec}
schedule:
  - train: {loss: rec, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [{feature_accuracy: {network: %s}}]}
"""


def test_feature_accuracy_reads_out_what_the_features_hold(tmp_path):
    # The ring's 8 modes are linearly separable from (x, y) but not from constant features.
    session = session_for(tmp_path, RING_FEATURES % "enc")
    enc = session.rt.network("enc")[0]
    set_linear(enc, torch.eye(2), [0.0, 0.0])
    assert run_metrics(session)["test/feature_accuracy"] > 0.95
    set_linear(enc, torch.zeros(2, 2), [0.0, 0.0])
    assert run_metrics(session)["test/feature_accuracy"] < 0.3


def test_feature_accuracy_of_an_rbm_uses_its_hidden_probabilities(tmp_path):
    session = session_for(tmp_path, RING_FEATURES % "rbm")
    assert run_metrics(session)["test/feature_accuracy"] > 0.95
    with torch.no_grad():
        session.rt.network("rbm").b.fill_(-100.0)  # P(h = 1 | v) ≈ 0 whatever v is
    assert run_metrics(session)["test/feature_accuracy"] < 0.3


HOPFIELD = """
data: {dataset: {patterns: {count: 3, size: 100}}, batch_size: 3}
networks:
  hop: {hopfield: {size: 100}}
losses: {}
schedule:
  - store: {network: hop}
evaluate: {metrics: [{recall_accuracy: {flip: 0.1}}]}
"""


def test_recall_accuracy_of_stored_and_of_unstored_patterns(tmp_path):
    session = session_for(tmp_path, HOPFIELD)
    assert run_metrics(session) == {"eval/recall_accuracy": 0.0}  # W = 0: every unit goes +1
    session.rt.network("hop").store(session.rt.train_x)
    assert run_metrics(session) == {"eval/recall_accuracy": 1.0}
