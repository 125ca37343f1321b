"""Accuracy from multi-class logits, binary logits and labels."""

import pytest
import torch

from nnspec.metrics.classification import accuracy, predictions


def test_multiclass_logits_use_the_argmax():
    logits = torch.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.0], [0.0, 0.0, 5.0], [1.0, 0.0, 2.0]])
    assert accuracy(logits, torch.tensor([1, 0, 2, 0])) == 0.75


def test_binary_logits_threshold_at_zero_in_either_shape():
    logits = torch.tensor([[2.0], [-1.0], [0.5], [-0.1]])
    targets = torch.tensor([1.0, 0.0, 0.0, 0.0])
    assert accuracy(logits, targets) == 0.75
    assert accuracy(logits.squeeze(1), targets) == 0.75


def test_integer_outputs_are_labels_and_sizes_must_agree():
    assert torch.equal(predictions(torch.tensor([2, 0, 1])), torch.tensor([2, 0, 1]))
    assert accuracy(torch.tensor([2, 0, 1]), torch.tensor([2, 1, 1])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="predictions"):
        accuracy(torch.tensor([1, 0]), torch.tensor([1, 0, 1]))
