"""Evaluation metrics (torch side).

The modules imported here hold the metrics as plain functions of tensors, models
and samples; the ``impl_*`` modules register each metric kind's implementation,
which reads a run's session (imported by ``nnspec.train.metric_impls``, not here,
since they depend on ``nnspec.train``).
"""

from nnspec.metrics.classification import accuracy, predictions
from nnspec.metrics.gradients import gradient_norms, weight_layers
from nnspec.metrics.hopfield import corrupt, recall_accuracy
from nnspec.metrics.parzen import mean_and_stderr, parzen_log_likelihood, select_sigma, sigma_grid
from nnspec.metrics.rbm import (
    exact_log_likelihood,
    free_energy_mean,
    log_partition,
    pseudo_likelihood,
    reconstruction_error,
)
from nnspec.metrics.readout import features, readout_accuracy
from nnspec.metrics.ring import ring_coverage

__all__ = [
    "accuracy",
    "corrupt",
    "exact_log_likelihood",
    "features",
    "free_energy_mean",
    "gradient_norms",
    "log_partition",
    "mean_and_stderr",
    "parzen_log_likelihood",
    "predictions",
    "pseudo_likelihood",
    "readout_accuracy",
    "recall_accuracy",
    "reconstruction_error",
    "ring_coverage",
    "select_sigma",
    "sigma_grid",
    "weight_layers",
]
