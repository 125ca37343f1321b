"""The CSV loader: features, label columns by name or index, class names, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from nnspec.data.tables import table
from nnspec.errors import RunError


def load(files, text: str, **params):
    defaults = {"path": files.text("t.csv", text), "label": None, "header": True}
    defaults |= {"shape": None, "classes": None}
    return table(defaults | params, np.random.default_rng(0), files.root)


def error(files, text: str, **params) -> str:
    with pytest.raises(RunError) as err:
        load(files, text, **params)
    return str(err.value).replace(f"{files.root / 't.csv'}", "t.csv")


def test_features_and_a_named_integer_label(files):
    got = load(files, "a,label,b\n1,0,2\n\n3.5,2,-4\n", label="label", classes=3)
    np.testing.assert_array_equal(got["x"], [[1, 2], [3.5, -4]])
    np.testing.assert_array_equal(got["y"], [0, 2])
    assert got["x"].dtype == np.float32 and got["y"].dtype == np.int64


def test_label_by_negative_index_without_header_and_a_shape(files):
    got = load(files, "1,2,3,4,0.5\n5,6,7,8,1.5\n", label=-1, header=False, shape=[2, 2])
    np.testing.assert_array_equal(got["x"], [[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    np.testing.assert_array_equal(got["y"], [0.5, 1.5])
    assert got["y"].dtype == np.float32  # non-integer numbers are regression targets


def test_text_labels_are_classes_in_sorted_order(files):
    got = load(files, "x,kind\n1,virginica\n2,setosa\n3,virginica\n", label="kind")
    np.testing.assert_array_equal(got["y"], [1, 0, 1])


def test_no_label_gives_no_y(files):
    got = load(files, "a,b\n1,2\n")
    assert "y" not in got and got["x"].shape == (1, 2)


def test_ragged_row_names_its_line(files):
    text = "a,b,c\n1,2,3\n4,5\n"
    assert error(files, text) == "t.csv:3: ragged row: 2 fields, expected 3"


def test_a_cell_that_is_not_a_number(files):
    text = "a,b\n1,2\n3,x7\n"
    assert error(files, text) == "t.csv:3: column 'b': 'x7' is not a number"


def test_unknown_label_column_suggests_a_close_name(files):
    text = "width,species\n1,a\n"
    assert error(files, text, label="specie") == (
        "t.csv: no column named 'specie'; did you mean 'species'?"
    )


def test_label_name_needs_a_header(files):
    assert error(files, "1,2\n", label="a", header=False) == (
        "t.csv: label column 'a' is a name, but header is false"
    )


def test_label_index_out_of_range(files):
    assert error(files, "1,2\n", label=2, header=False) == (
        "t.csv: label column 2 is out of range for 2 columns"
    )


def test_no_data_rows(files):
    assert error(files, "a,b\n") == "t.csv: no data rows"


def test_labels_above_classes(files):
    assert error(files, "a,y\n1,4\n", label="y", classes=3) == (
        "t.csv: label 4 is outside 0..2 (classes: 3)"
    )
