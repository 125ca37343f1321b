"""The article of a kind name: by its sound, letter by letter for initialisms."""

import pytest

from nnspec.words import a


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("loss", "a loss"),
        ("optimizer", "an optimizer"),
        ("elbo", "an elbo"),
        ("rbm", "an rbm"),
        ("rbm_stack", "an rbm_stack"),
        ("lstm", "an lstm"),
        ("sgd", "an sgd"),
        ("mse", "an mse"),
        ("bce", "a bce"),
        ("dbn", "a dbn"),
        ("gru", "a gru"),
        ("hopfield", "a hopfield"),
    ],
)
def test_the_article_follows_the_sound(word: str, expected: str) -> None:
    assert a(word) == expected
