"""The ``mutual_information`` metric: InfoGAN's bound L_I = H(c) − CE, evaluated on fresh draws.

Training logs one batch's estimate, which wanders by a few hundredths of a nat from
batch to batch; this metric draws ``samples`` codes (each value equally often) with
fresh noise from the evaluation generator, so the same weights always give the same
figure. It scores a loss that offers the ``coder`` role (``LossInfo.roles``).
"""

from nnspec.registry.core import declare
from nnspec.registry.info import MetricInfo
from nnspec.registry.params import Int, Param, Ref

declare(
    "metric",
    "mutual_information",
    "InfoGAN's lower bound H(c) − CE on I(c; G(z, c)) in nats, and Q's accuracy at reading "
    "the code back, over fresh samples of every code value.",
    Param("loss", Ref("loss"), None, "the infogan loss; default: the spec's only one"),
    Param("samples", Int(1, 1_000_000), 10000, "samples drawn, the codes in equal shares"),
    info=MetricInfo("samples", ("mutual_information", "code_accuracy"), "coder"),
)
