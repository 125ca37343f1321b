"""``spec.diff_align``: list alignment by content, then by identity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nnspec.diff.align import align, identity, same


def linear(out: int, name: str | None = None) -> dict:
    layer: dict = {"linear": {"out": out, "bias": True}}
    if name is not None:
        layer["name"] = name
    return layer


RELU = {"relu": {}}


def test_an_insertion_is_one_insertion_and_the_rest_match() -> None:
    a = [linear(128), RELU, linear(128), RELU, linear(2)]
    b = [linear(128), RELU, {"dropout": {"p": 0.5}}, linear(128), RELU, linear(2)]
    assert align(a, b) == [(0, 0), (1, 1), (None, 2), (2, 3), (3, 4), (4, 5)]


def test_an_inserted_pair_is_two_insertions_whichever_equal_place_it_takes() -> None:
    a = [linear(128), RELU, linear(128), RELU, linear(2)]
    b = [linear(128), RELU, linear(64), RELU, linear(128), RELU, linear(2)]
    pairs = align(a, b)
    assert len([p for p in pairs if p[0] is None]) == 2
    assert len([p for p in pairs if None not in p]) == 5


def test_a_changed_entry_pairs_with_its_kind_not_a_removal_and_insertion() -> None:
    assert align([linear(128), RELU, linear(2)], [linear(256), RELU, linear(2)]) == [
        (0, 0),
        (1, 1),
        (2, 2),
    ]


def test_different_kinds_in_a_gap_are_removed_and_inserted() -> None:
    pairs = align([linear(8), {"tanh": {}}], [linear(8), {"sigmoid": {}}])
    assert pairs == [(0, 0), (1, None), (None, 1)]


def test_names_give_identity_across_kinds_of_change() -> None:
    a = [linear(8, "h1"), linear(8, "h2")]
    b = [linear(16, "h2")]
    assert align(a, b) == [(0, None), (1, 0)]


def test_identity_prefers_name_then_type_then_kind() -> None:
    assert identity(linear(8, "h")) == "name:h"
    assert identity({"type": "adam", "lr": 0.1}) == "type:adam"
    assert identity(RELU) == "kind:relu"
    assert identity(3) == identity(3) != identity(3.0)


def test_same_tells_ints_floats_and_booleans_apart() -> None:
    assert same({"a": [1, 2.5]}, {"a": [1, 2.5]})
    assert not same(1, 1.0) and not same(1, True) and not same([1], [1, 1])
    assert same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # key order never matters


kinds = st.sampled_from([linear(4), linear(8), RELU, {"tanh": {}}, linear(4, "x")])


@given(st.lists(kinds, max_size=8), st.lists(kinds, max_size=8))
def test_every_index_appears_once_and_matches_keep_order(a: list, b: list) -> None:
    pairs = align(a, b)
    assert sorted(i for i, _ in pairs if i is not None) == list(range(len(a)))
    assert sorted(j for _, j in pairs if j is not None) == list(range(len(b)))
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    assert matched == sorted(matched) and [j for _, j in matched] == sorted(j for _, j in matched)
    assert all(identity(a[i]) == identity(b[j]) for i, j in matched)
