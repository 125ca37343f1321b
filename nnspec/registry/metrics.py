"""Metric kinds. Each reports ``<split>/<name>`` values (``eval/<name>`` when sampled).

Each carries a ``MetricInfo``: the names it writes (``reports``), whether it reads
a data split, samples a model or watches training (``scope``), whose network it
scores by default (``role``) and what the spec must supply for it.
"""

from nnspec.registry.core import declare
from nnspec.registry.info import MetricInfo
from nnspec.registry.params import Float, Int, ListOf, Param, Ref

NETWORK = Param(
    "network",
    Ref("network"),
    None,
    "the network it scores; default: the model of the spec's only fitting loss",
)
SAMPLES = Param("samples", Int(1, 1_000_000), 2500, "how many samples to draw")

declare(
    "metric",
    "loss",
    "Every loss (or the named ones) on the split.",
    Param("losses", ListOf(Ref("loss"), scalar_ok=True), None, "default: all losses"),
    info=MetricInfo("split", ("loss",), per_loss=True, batched=True),
)
declare(
    "metric",
    "accuracy",
    "Classification accuracy of a network's argmax.",
    NETWORK,
    info=MetricInfo("split", ("accuracy",), "classifier", needs_labels=True, batched=True),
)
declare(
    "metric",
    "mse",
    "Mean squared error of a network's output against the labels.",
    NETWORK,
    info=MetricInfo("split", ("mse",), "regressor", needs_labels=True, batched=True),
)
declare(
    "metric",
    "grad_norms",
    "Per-layer gradient norm of a network during training: the lecture's learning speed.",
    NETWORK,
    Param("every", Int(1), 10, "log every this many steps"),
    info=MetricInfo("training", ("grad_norm/layer<i>",)),
)
declare(
    "metric",
    "ring_modes",
    "VEEGAN ring coverage: modes captured and share of high-quality samples (within 3 std).",
    NETWORK,
    SAMPLES,
    info=MetricInfo(
        "samples",
        ("modes_captured", "high_quality"),
        "sampler",
        needs_sampleable=True,
        needs_modes=True,
    ),
)
declare(
    "metric",
    "parzen",
    "Gaussian Parzen-window log-likelihood of the split under generated samples (GAN §5).",
    NETWORK,
    Param("samples", Int(1, 1_000_000), 10000, "generated samples in the window"),
    Param(
        "sigmas",
        ListOf(Float(0, open_min=True), min_len=1),
        None,
        "σ grid searched on the val split; default: 20 values log-spaced 0.01–1",
    ),
    info=MetricInfo(
        "split", ("parzen_ll", "parzen_se", "parzen_sigma"), "sampler", needs_sampleable=True
    ),
)
declare(
    "metric",
    "elbo",
    "The ELBO in nats per example, with its reconstruction and KL terms.",
    Param("loss", Ref("loss"), None, "the elbo loss; default: the spec's only elbo"),
    info=MetricInfo("split", ("elbo", "reconstruction", "kl"), "bound"),
)
declare(
    "metric",
    "reconstruction_error",
    "Mean squared reconstruction error of an autoencoder.",
    Param("loss", Ref("loss"), None, "an elbo or reconstruction loss; default: the only one"),
    info=MetricInfo("split", ("reconstruction_error",), "reconstructor"),
)
declare(
    "metric",
    "pseudo_likelihood",
    "RBM pseudo-log-likelihood per example, as scikit-learn's BernoulliRBM.score_samples.",
    NETWORK,
    info=MetricInfo("split", ("pseudo_likelihood",), network_has="likelihood"),
)
declare(
    "metric",
    "free_energy",
    "Mean free energy of the split under an RBM.",
    NETWORK,
    info=MetricInfo("split", ("free_energy",), network_has="likelihood"),
)
declare(
    "metric",
    "log_likelihood",
    "Exact RBM log-likelihood by enumerating hidden states (at most 20 hidden units).",
    NETWORK,
    info=MetricInfo("split", ("log_likelihood",), network_has="likelihood"),
)
declare(
    "metric",
    "feature_accuracy",
    "Accuracy of a logistic-regression readout trained on a network's hidden features.",
    NETWORK,
    info=MetricInfo("split", ("feature_accuracy",), "features", needs_labels=True),
)
declare(
    "metric",
    "recall_accuracy",
    "Share of stored patterns a Hopfield network recalls exactly from corrupted probes.",
    NETWORK,
    Param("flip", Float(0, 1), 0.2, "fraction of bits flipped in each probe"),
    info=MetricInfo("samples", ("recall_accuracy",), network_has="hebbian"),
)
declare(
    "metric",
    "class_accuracy",
    "Share of a conditional generator's samples that a classifier labels as conditioned.",
    NETWORK,
    Param("classifier", Ref("network"), doc="a classifier network of this spec"),
    SAMPLES,
    info=MetricInfo(
        "samples",
        ("class_accuracy",),
        "sampler",
        needs_sampleable=True,
        needs_classifier=True,
        needs_conditional=True,
    ),
)
