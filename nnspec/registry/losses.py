"""Loss kinds and the noise kinds they draw from.

Losses are written ``{type: kind, ...}``. A loss with several ``terms`` is
stepped term by term (``gan.discriminator``); one without terms is its own
single term. Every loss reports its value and named components as metrics.
"""

from dataclasses import replace

from nnspec.registry import loss_rules as rules
from nnspec.registry import loss_rules_gan as gan_rules
from nnspec.registry.core import declare
from nnspec.registry.info import LossInfo, NoiseInfo, below
from nnspec.registry.params import (
    Bool,
    Choice,
    Float,
    Int,
    ListOf,
    Nested,
    Param,
    Ref,
    Struct,
)

# ---- noise: latent priors and input corruptions ---------------------------
declare(
    "noise",
    "normal",
    "Standard normal latent noise z ~ N(0, I).",
    Param("size", Int(1), doc="latent size"),
    main="size",
    info=NoiseInfo("prior"),
)
declare(
    "noise",
    "uniform",
    "Uniform latent noise z ~ U(low, high)ⁿ.",
    Param("size", Int(1), doc="latent size"),
    Param("low", Float(), -1.0, "lower bound"),
    Param("high", Float(), 1.0, "upper bound"),
    main="size",
    info=NoiseInfo("prior", constraints=(below("low", "high"),)),
)
declare(
    "noise",
    "gaussian",
    "Corruption: add N(0, std²) to every input.",
    Param("std", Float(0, open_min=True), doc="noise std"),
    main="std",
    info=NoiseInfo("corruption"),
)
declare(
    "noise",
    "masking",
    "Corruption: set a random fraction of inputs to zero.",
    Param("p", Float(0, 1), doc="fraction of inputs zeroed"),
    main="p",
    info=NoiseInfo("corruption"),
)
declare(
    "noise",
    "salt_pepper",
    "Corruption: set a random fraction of inputs to min or max.",
    Param("p", Float(0, 1), doc="fraction of inputs replaced"),
    Param("low", Float(), 0.0, "the 'pepper' value"),
    Param("high", Float(), 1.0, "'salt'"),
    main="p",
    info=NoiseInfo("corruption"),
)


def always(params: dict) -> bool:
    return True


def labelled(params: dict) -> bool:
    return params["target"] == "y"


def conditional(params: dict) -> bool:
    return params["conditional"]


def gan_info(wiring, trains: dict) -> LossInfo:
    judge = next(iter(trains))  # the discriminator or critic: it takes the samples
    return LossInfo(
        wiring,
        trains=trains,
        samples="generator",
        needs_labels=conditional,
        roles=SAMPLER,
        data_free=("generator",),  # Algorithm 1: the generator step samples noise only
        conditions={"generator": "latent", judge: "data"},
    )


CLASSIFIER = {"classifier": "model", "features": "model"}
SAMPLER = {"sampler": "generator"}
VAE = {"features": "encoder", "sampler": "decoder", "reconstructor": "encoder", "bound": "encoder"}

MODEL = Param("model", Ref("network"), doc="the network whose output is scored")
TARGET = Param("target", Choice(("y", "x")), "y", "compare with the labels (y) or the input (x)")

# ---- supervised ------------------------------------------------------------
declare(
    "loss",
    "cross_entropy",
    "Softmax cross-entropy of logits against class labels.",
    MODEL,
    Param("label_smoothing", Float(0, 1), 0.0, "label smoothing ε"),
    info=LossInfo(rules.class_scores, needs_labels=always, classifies=True, roles=CLASSIFIER),
)
declare(
    "loss",
    "nll",
    "Negative log-likelihood of log-probabilities against labels (the model ends in log_softmax).",
    MODEL,
    info=LossInfo(rules.log_probabilities, needs_labels=always, classifies=True, roles=CLASSIFIER),
)
declare(
    "loss",
    "mse",
    "Mean squared error against the labels or the input.",
    MODEL,
    TARGET,
    info=LossInfo(
        rules.supervised,
        needs_labels=labelled,
        roles={"regressor": "model", "features": "model"},
        residuals=True,
    ),
)
declare(
    "loss",
    "bce",
    "Binary cross-entropy from logits against labels or the input.",
    MODEL,
    TARGET,
    info=LossInfo(
        rules.supervised,
        needs_labels=labelled,
        classifies=True,
        roles=CLASSIFIER,
        scores="sigmoid",
    ),
)

# ---- autoencoders -----------------------------------------------------------
declare(
    "loss",
    "reconstruction",
    "Autoencoder reconstruction of the input, optionally from a corrupted input (denoising).",
    Param("encoder", Ref("network"), doc="maps the input to a code"),
    Param("decoder", Ref("network"), doc="maps the code back to the input"),
    Param("distance", Choice(("mse", "bce")), "mse", "mse, or bce from decoder logits"),
    Param(
        "corruption",
        Nested("noise", role="corruption"),
        None,
        "corruption of the input (denoising AE)",
    ),
    info=LossInfo(
        rules.reconstruction,
        roles={"features": "encoder", "reconstructor": "encoder"},
        layerwise="encoder",
    ),
)
declare(
    "loss",
    "sparsity",
    "KL(ρ ‖ ρ̂) between a target and the mean activation of a code.",
    Param("encoder", Ref("network"), doc="the encoder whose sigmoid code is kept sparse"),
    Param("target", Float(0, 1, open_min=True), 0.05, "the target mean activation ρ"),
    info=LossInfo(roles={"features": "encoder"}),
)
declare(
    "loss",
    "weight_cost",
    "L2 weight cost ½‖W‖² over the weights (not biases) of networks.",
    Param(
        "networks",
        ListOf(Ref("network"), min_len=1, scalar_ok=True),
        doc="networks whose weights are penalised",
    ),
    info=LossInfo(rules.weights),
)
declare(
    "loss",
    "contractive",
    "Contractive penalty ‖∂h/∂x‖²_F of an encoder (Rifai et al.).",
    Param(
        "encoder",
        Ref("network"),
        doc="the encoder whose Jacobian is penalised; in a layerwise phase, a stack each "
        "of whose levels is penalised at its own input (a stacked CAE)",
    ),
    info=LossInfo(rules.contractive, roles={"features": "encoder"}, layerwise="encoder"),
)
declare(
    "loss",
    "sum",
    "A weighted sum of other losses or loss terms.",
    Param(
        "terms",
        ListOf(
            Struct(
                (
                    Param("loss", Ref("term"), doc="a loss or loss term"),
                    Param("weight", Float(), 1.0, "its weight"),
                )
            ),
            min_len=1,
        ),
        doc="the weighted terms",
    ),
    info=LossInfo(sums=True),
)

# ---- generative -------------------------------------------------------------
GAN = (
    Param("generator", Ref("network"), doc="maps noise (and labels) to samples"),
    Param("noise", Nested("noise", role="prior"), doc="the latent prior, e.g. {normal: 2}"),
    Param("conditional", Bool(), False, "concatenate one-hot labels to G's and D's inputs"),
)
# The minimax game's judge and options, shared by every loss that plays it.
MINIMAX = (
    Param("discriminator", Ref("network"), doc="maps samples to one logit"),
    Param(
        "generator_loss",
        Choice(("non_saturating", "saturating")),
        "non_saturating",
        "−log D(G(z)), or the paper's log(1 − D(G(z)))",
    ),
    Param("label_smoothing", Float(0, 0.5), 0.0, "one-sided: real targets are 1 − this"),
)
declare(
    "loss",
    "minimax",
    "The GAN value function V(D, G), computed from logits or probabilities.",
    *GAN,
    *MINIMAX,
    Param(
        "generator_noise",
        Choice(("fresh", "reuse")),
        "fresh",
        "the generator step draws fresh noise (the GAN paper's Algorithm 1), or scores the "
        "fakes of the discriminator step before it (pytorch/examples' dcgan)",
    ),
    Param(
        "scores",
        Choice(("logits", "probabilities")),
        "logits",
        "the discriminator outputs logits (BCE with logits), or probabilities from a sigmoid "
        "last layer (BCE on probabilities, as pytorch/examples' dcgan)",
    ),
    terms=("discriminator", "generator"),
    info=gan_info(
        gan_rules.minimax, {"discriminator": ("discriminator",), "generator": ("generator",)}
    ),
)
declare(
    "loss",
    "wasserstein",
    "WGAN critic and generator losses with a Lipschitz constraint.",
    *GAN,
    Param("critic", Ref("network"), doc="maps samples to one unbounded score"),
    Param(
        "lipschitz",
        Struct(
            (
                Param("clip", Float(0, open_min=True), None, "clamp critic weights to [−c, c]"),
                Param("gradient_penalty", Float(0, open_min=True), None, "λ of WGAN-GP"),
            )
        ),
        doc="exactly one of clip or gradient_penalty",
    ),
    terms=("critic", "generator"),
    info=gan_info(rules.lipschitz, {"critic": ("critic",), "generator": ("generator",)}),
)
declare(
    "loss",
    "infogan",
    "A minimax GAN plus InfoGAN's mutual-information term for a code.",
    *GAN,
    Param("discriminator", Ref("network"), doc="maps samples to one logit"),
    Param("q", Ref("network"), doc="predicts the code's logits from a sample"),
    Param("codes", Int(2), 10, "categories of the code appended to the noise"),
    Param("weight", Float(0), 1.0, "λ of the mutual-information term"),
    terms=("discriminator", "generator"),
    info=replace(
        gan_info(rules.gan, {"discriminator": ("discriminator",), "generator": ("generator", "q")}),
        roles={**SAMPLER, "coder": "q"},  # the mutual_information metric reads Q's codes
    ),
)
declare(
    "loss",
    "elbo",
    "Negative ELBO of a VAE: reconstruction + β·KL(q(z|x) ‖ N(0, I)).",
    Param("encoder", Ref("network"), doc="outputs 2·latent values: mean and log-variance"),
    Param("decoder", Ref("network"), doc="maps a latent (and labels) to the input"),
    Param("latent", Int(1), doc="latent size"),
    Param(
        "likelihood",
        Choice(("bernoulli", "gaussian")),
        "bernoulli",
        "bernoulli from decoder logits, or unit-variance gaussian",
    ),
    Param("beta", Float(0), 1.0, "weight of the KL term (β-VAE)"),
    Param(
        "conditional",
        Bool(),
        False,
        "condition on one-hot labels: the encoder takes [x flattened, one-hot y] "
        "(input size + classes), the decoder [z, one-hot y] (latent + classes)",
    ),
    info=LossInfo(
        rules.elbo,
        samples="decoder",
        needs_labels=conditional,
        roles=VAE,
        conditions={"encoder": "data", "decoder": "latent"},
    ),
)

# ---- energy-based -----------------------------------------------------------
declare(
    "loss",
    "cd",
    "Contrastive divergence for RBMs: CD-k, or persistent CD (PCD).",
    Param("model", Ref("network"), doc="an rbm or rbm_stack"),
    Param("k", Int(1), 1, "Gibbs steps per update"),
    Param("persistent", Bool(), False, "keep the negative chains between updates (PCD)"),
    Param("chains", Int(1), None, "persistent chains; default: the batch size"),
    Param("weight_cost", Float(0), 0.0, "L2 cost on the weights (not biases)"),
    info=LossInfo(
        rules.cd,
        roles={"features": "model"},
        layerwise="model",
        whole_data=True,
        writes_gradients=True,
    ),
)
