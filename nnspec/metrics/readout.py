"""Linear readout of learned features: how much label information a representation holds.

The classifier is scikit-learn's LogisticRegression with C = 6000, the final setting of
scikit-learn's example "Restricted Boltzmann Machine features for digit classification"
(examples/neural_networks/plot_rbm_logistic_classification.py), solved with lbfgs.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor

READOUT_C = 6000.0
READOUT_MAX_ITER = 10_000


def _as_numpy(x: Tensor | np.ndarray) -> np.ndarray:
    if isinstance(x, Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def readout_accuracy(
    train_features: Tensor | np.ndarray,
    train_y: Tensor | np.ndarray,
    test_features: Tensor | np.ndarray,
    test_y: Tensor | np.ndarray,
    seed: int = 0,
) -> float:
    """Test accuracy of a logistic regression fitted on the training features.

    lbfgs is deterministic; ``seed`` is passed as ``random_state`` so the call stays
    reproducible should the solver change.
    """
    from sklearn.linear_model import LogisticRegression  # sklearn is slow to import

    x_train = _as_numpy(train_features).reshape(len(train_features), -1).astype(np.float64)
    x_test = _as_numpy(test_features).reshape(len(test_features), -1).astype(np.float64)
    clf = LogisticRegression(
        C=READOUT_C, solver="lbfgs", max_iter=READOUT_MAX_ITER, random_state=seed
    )
    clf.fit(x_train, _as_numpy(train_y))
    return float(np.mean(clf.predict(x_test) == _as_numpy(test_y)))


def features(module: torch.nn.Module, x: Tensor, batch: int = 1024) -> Tensor:
    """``module(x)`` in evaluation mode without gradients, ``batch`` rows at a time."""
    was_training = module.training
    module.eval()
    with torch.no_grad():
        out = torch.cat([module(chunk) for chunk in x.split(batch)])
    module.train(was_training)
    return out
