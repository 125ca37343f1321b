"""The ``ekf`` optimizer: training as extended Kalman filtering (lecture 003)."""

from nnspec.registry.core import declare
from nnspec.registry.info import OptimizerInfo
from nnspec.registry.optimizers import COMMON
from nnspec.registry.params import Float, Param

# P is a dense (n × n) covariance: 4,096 parameters make it 64 MiB in float32.
EKF_MAX_PARAMS = 4096

declare(
    "optimizer",
    "ekf",
    "Extended Kalman filter over the weights (global EKF, Puskorius and Feldkamp): each "
    "batch's outputs measure its targets; needs a loss of residuals (mse) and a small network.",
    COMMON[0],  # params: which networks it updates
    Param("p0", Float(0, open_min=True), 100.0, "initial weight covariance P = p0·I"),
    Param("q", Float(0), 1.0e-4, "process noise Q = q·I, added to P each step"),
    Param("r", Float(0, open_min=True), 1.0, "measurement noise R = r·I (1/r acts as a rate)"),
    info=OptimizerInfo(measures="nnspec.train.optim_ekf:kalman_term", max_params=EKF_MAX_PARAMS),
)
