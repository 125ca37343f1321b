"""The pure helpers behind the layers' shape rules."""

from __future__ import annotations

import pytest

from nnspec.registry.layer_rules import IntTuple, conv_size, fmt, spread
from nnspec.registry.params import Invalid
from nnspec.spec.check.shapes import format_shape


def test_int_tuple_normalises_one_value_for_every_axis() -> None:
    kernel = IntTuple(2)
    assert kernel.check(3) == [3, 3]
    assert kernel.check([3]) == [3, 3]
    assert kernel.check([3, 5]) == [3, 5]


@pytest.mark.parametrize("value", [0, [1, 2, 3], True, "3", [2, 1.5], [0, 2]])
def test_int_tuple_rejects(value) -> None:
    with pytest.raises(Invalid):
        IntTuple(2).check(value)


def test_int_tuple_zero_allowed_for_padding() -> None:
    assert IntTuple(2, min=0).check(0) == [0, 0]
    assert IntTuple(2, min=0).schema()["anyOf"][0] == {"type": "integer", "minimum": 0}


def test_helpers() -> None:
    assert fmt([64]) == "(64)"
    assert fmt((1, 8, 8)) == "(1, 8, 8)"
    assert spread(2, 3) == (2, 2, 2)
    assert spread([4, 5], 2) == (4, 5)
    # 28 -> 14 for the usual k=4, s=2, p=1 downsampling conv
    assert conv_size(28, 4, 2, 1) == 14


def test_a_rule_prints_a_shape_as_the_tables_do() -> None:
    # conv2d's "received: (32,)" beside "input of shape (32)" in the same message (issue 14)
    assert [fmt(s) for s in [(32,), (3, 4)]] == [format_shape(s) for s in [(32,), (3, 4)]]
