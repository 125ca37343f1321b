"""Small helpers for the English of messages."""

from __future__ import annotations


def a(word: str) -> str:
    """``word`` with its indefinite article: "a loss", "an optimizer", "an init"."""
    return f"{'an' if word[:1].lower() in tuple('aeiou') else 'a'} {word}"
