"""The ``lbfgs`` optimizer: full-batch L-BFGS (torch.optim.LBFGS), as scikit-learn fits a readout.

It is a full-batch method: each optimizer step runs up to ``max_iter`` quasi-Newton
iterations on the loss over every training example, re-evaluated as its line search
asks (``OptimizerInfo.full_batch``), so a phase of it counts steps, not epochs.
"""

from nnspec.registry.core import declare
from nnspec.registry.info import OptimizerInfo
from nnspec.registry.optimizers import COMMON
from nnspec.registry.params import Choice, Float, Int, Param

declare(
    "optimizer",
    "lbfgs",
    "Full-batch L-BFGS (torch.optim.LBFGS): each step runs up to max_iter iterations on the "
    "loss over every training example; for convex fits such as a linear readout.",
    COMMON[0],  # params: which networks it updates
    Param("lr", Float(0, open_min=True), 1.0, "step length (1 with the line search)"),
    Param("max_iter", Int(1), 20, "iterations per optimizer step"),
    Param("history_size", Int(1), 100, "curvature pairs kept for the inverse Hessian"),
    Param("tolerance_grad", Float(0), 1.0e-7, "stop a step once the gradient's max is below"),
    Param("tolerance_change", Float(0), 1.0e-9, "stop a step once the loss changes less"),
    Param(
        "line_search",
        Choice(("strong_wolfe", "none")),
        "strong_wolfe",
        "the step length: a strong-Wolfe line search, or lr as it is",
    ),
    info=OptimizerInfo(full_batch=True),
)
