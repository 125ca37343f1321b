"""Metric kinds. Each reports ``<split>/<name>`` values (``eval/<name>`` when sampled).

``extra["reports"]`` lists the metric names a kind writes; ``extra["scope"]``
says whether it reads a data split (``split``) or samples a model (``eval``).
"""

from nnspec.registry.core import declare
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
    extra={"scope": "split", "reports": ("loss",)},
)
declare(
    "metric",
    "accuracy",
    "Classification accuracy of a network's argmax.",
    NETWORK,
    extra={"scope": "split", "reports": ("accuracy",)},
)
declare(
    "metric",
    "mse",
    "Mean squared error of a network's output against the labels.",
    NETWORK,
    extra={"scope": "split", "reports": ("mse",)},
)
declare(
    "metric",
    "grad_norms",
    "Per-layer gradient norm of a network during training: the lecture's learning speed.",
    NETWORK,
    Param("every", Int(1), 10, "log every this many steps"),
    extra={"scope": "train", "reports": ("grad_norm/layer<i>",)},
)
declare(
    "metric",
    "ring_modes",
    "VEEGAN ring coverage: modes captured and share of high-quality samples (within 3 std).",
    NETWORK,
    SAMPLES,
    extra={"scope": "eval", "reports": ("modes_captured", "high_quality")},
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
    extra={"scope": "split", "reports": ("parzen_ll", "parzen_se", "parzen_sigma")},
)
declare(
    "metric",
    "elbo",
    "The ELBO in nats per example, with its reconstruction and KL terms.",
    Param("loss", Ref("loss"), None, "the elbo loss; default: the spec's only elbo"),
    extra={"scope": "split", "reports": ("elbo", "reconstruction", "kl")},
)
declare(
    "metric",
    "reconstruction_error",
    "Mean squared reconstruction error of an autoencoder.",
    Param("loss", Ref("loss"), None, "an elbo or reconstruction loss; default: the only one"),
    extra={"scope": "split", "reports": ("reconstruction_error",)},
)
declare(
    "metric",
    "pseudo_likelihood",
    "RBM pseudo-log-likelihood per example, as scikit-learn's BernoulliRBM.score_samples.",
    NETWORK,
    extra={"scope": "split", "reports": ("pseudo_likelihood",)},
)
declare(
    "metric",
    "free_energy",
    "Mean free energy of the split under an RBM.",
    NETWORK,
    extra={"scope": "split", "reports": ("free_energy",)},
)
declare(
    "metric",
    "log_likelihood",
    "Exact RBM log-likelihood by enumerating hidden states (at most 20 hidden units).",
    NETWORK,
    extra={"scope": "split", "reports": ("log_likelihood",)},
)
declare(
    "metric",
    "feature_accuracy",
    "Accuracy of a logistic-regression readout trained on a network's hidden features.",
    NETWORK,
    extra={"scope": "split", "reports": ("feature_accuracy",)},
)
declare(
    "metric",
    "recall_accuracy",
    "Share of stored patterns a Hopfield network recalls exactly from corrupted probes.",
    NETWORK,
    Param("flip", Float(0, 1), 0.2, "fraction of bits flipped in each probe"),
    extra={"scope": "eval", "reports": ("recall_accuracy",)},
)
declare(
    "metric",
    "class_accuracy",
    "Share of a conditional generator's samples that a classifier labels as conditioned.",
    NETWORK,
    Param("classifier", Ref("network"), doc="a classifier network of this spec"),
    SAMPLES,
    extra={"scope": "eval", "reports": ("class_accuracy",)},
)
