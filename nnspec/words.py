"""Small helpers for the English of messages."""

from __future__ import annotations

import re

# Letters whose names start with a vowel sound ("an rbm", "an lstm", "an sgd optimizer").
_VOWEL_SOUNDING_LETTERS = set("fhlmnrsx")
# Kind names with a vowel that are still read letter by letter.
_INITIALISMS = {"mse"}


def a(word: str) -> str:
    """``word`` with its indefinite article: "a loss", "an optimizer", "an rbm".

    A kind name whose first part has no vowel (``rbm``, ``rtrl``, ``lstm``) is read letter
    by letter, so its article follows the sound of its first letter's name.
    """
    first = re.split(r"[_\W]", word.lower(), maxsplit=1)[0]
    if first and (first in _INITIALISMS or not re.search(r"[aeiouy]", first)):
        vowel = first[0] in _VOWEL_SOUNDING_LETTERS
    else:
        vowel = first[:1] in tuple("aeiou")
    return f"{'an' if vowel else 'a'} {word}"
