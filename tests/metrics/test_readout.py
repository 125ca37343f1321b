"""Logistic-regression readout of features."""

import warnings

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

from nnspec.metrics.readout import features, readout_accuracy

torch.set_num_threads(1)


def digits_split():
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    return x[:600], y[:600], x[1000:1400], y[1000:1400]


def test_informative_features_read_out_well_and_the_solver_converges():
    x_train, y_train, x_test, y_test = digits_split()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        acc = readout_accuracy(torch.from_numpy(x_train), y_train, x_test, torch.from_numpy(y_test))
    assert acc > 0.85


def test_uninformative_features_read_out_near_chance():
    x_train, y_train, x_test, y_test = digits_split()
    rng = np.random.default_rng(0)
    noise_train, noise_test = rng.random(x_train.shape), rng.random(x_test.shape)
    assert readout_accuracy(noise_train, y_train, noise_test, y_test, seed=1) < 0.25


def test_features_run_in_eval_mode_without_gradients_and_restore_training_mode():
    net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Dropout(0.9))
    x = torch.randn(10, 4)
    out = features(net, x, batch=3)
    assert not out.requires_grad and net.training
    assert torch.allclose(out, net[0](x).detach())
