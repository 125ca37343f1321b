"""Long repetitive lists: the equal head and tail are paired before SequenceMatcher runs."""

from __future__ import annotations

import pytest

from nnspec.diff import align as alignment


def mlp(layers: int, wide_at: int | None = None) -> list:
    return [
        {"linear": {"out": 48 if i == wide_at else 32}} if i % 2 == 0 else {"relu": {}}
        for i in range(layers)
    ]


def test_only_the_changed_middle_reaches_the_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    real = alignment._matcher

    def matcher(a: list[str], b: list[str]):
        seen.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(alignment, "_matcher", matcher)
    pairs = alignment.align(mlp(5000), mlp(5000, wide_at=2500))
    assert pairs == [(i, i) for i in range(5000)]
    assert seen == [(1, 1), (1, 1)]  # the whole-entry pass, then the identity pass, on layer 2500


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["x", "y"], ["x", "x", "y"], [(0, 0), (None, 1), (1, 2)]),
        (["x", "y", "z"], ["x", "z"], [(0, 0), (1, None), (2, 1)]),
        ([], ["x"], [(None, 0)]),
        (["x"], ["x"], [(0, 0)]),
    ],
)
def test_insertions_and_removals_around_the_common_ends(a, b, expected) -> None:
    wrap = lambda names: [{n: {}} for n in names]  # noqa: E731
    assert alignment.align(wrap(a), wrap(b)) == expected
