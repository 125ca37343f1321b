"""Streamed CSV shards: the rows a batch asks for, sought and parsed; the same as in memory."""

from __future__ import annotations

import numpy as np
import pytest

from nnspec.data.pipeline import load_data
from nnspec.errors import RunError
from nnspec.spec.typed import Data

PARTS = {
    "t-1.csv": "a,b,kind\n5,6,cat\n\n7,8,dog\n",
    "t-0.csv": "a,b,kind\n1,2,dog\n3,4,cat\n",
    "t-2.csv": "a,b,kind\n9,10,eel\n",
}


def load(files, normalised, stream: bool, transforms=(), **given):
    for name, text in (PARTS | given.pop("parts", {})).items():
        files.text(name, text)
    dataset = normalised("dataset", "csv", path="t-*.csv", label="kind")
    section = {"dataset": dataset, "split": {"val": 0.0, "test": 0.4, "order": "nnspec"}}
    section |= {"transforms": list(transforms), "batch_size": 2, "shuffle": True}
    section |= {"drop_last": False, "val": None, "test": None, "stream": stream, "workers": 0}
    return load_data(Data.of(section), 0, files.root)


def test_streamed_csv_shards_equal_the_table_in_memory(files, normalised):
    scale = [{"minmax": {"to": [0, 1], "fit": "train"}}]
    memory = load(files, normalised, False, scale)
    streamed = load(files, normalised, True, scale)
    assert memory["train"]["x"].shape == (3, 2)
    for split in ("train", "test"):
        rows = streamed[split]["x"]
        np.testing.assert_array_equal(
            rows.take(np.arange(len(rows))[::-1]), memory[split]["x"][::-1]
        )
        np.testing.assert_array_equal(streamed[split]["y"], memory[split]["y"])


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            {"t-2.csv": 'a,b,kind\n9,"10\n",eel\n'},
            "t-2.csv:2: a quoted field spans lines, which streaming cannot seek to; "
            "use stream: false",
        ),
        ({"t-2.csv": "a,b,kind\n9,10\n"}, "t-2.csv:2: ragged row: 2 fields, expected 3"),
        (
            {"t-2.csv": "a,c,kind\n9,10,eel\n"},
            "t-2.csv: its columns differ from those of {root}/t-0.csv",
        ),
        ({"t-0.csv": "a,b,kind\nx,2,dog\n"}, "t-0.csv:2: column 'a': 'x' is not a number"),
    ],
    ids=["quoted-newline", "ragged", "columns", "not-a-number"],
)
def test_streamed_csv_errors_name_the_file_and_line(files, normalised, parts, expected):
    with pytest.raises(RunError) as error:
        load(files, normalised, True, parts=parts)
    assert str(error.value) == f"{files.root}/" + expected.format(root=files.root) + (
        " (at data.dataset.csv.path)"
    )
