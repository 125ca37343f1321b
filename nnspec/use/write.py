"""Writing predictions: CSV (with a header) or NPY; never over an existing file."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import numpy as np

from nnspec.errors import RunError, UsageError


def main_array(result: dict[str, np.ndarray]) -> np.ndarray:
    """What an NPY file holds: class probabilities, else the outputs or samples."""
    for key in ("probabilities", "samples", "outputs"):
        if key in result:
            return result[key]
    raise KeyError("no predictions")


def table(result: dict[str, np.ndarray]) -> tuple[list[str], list[list]]:
    """CSV header and rows: label and p<k> for a classifier, else v<i> per value."""
    values = main_array(result)
    flat = values.reshape(len(values), -1)
    if "labels" in result:
        header = ["label", *(f"p{k}" for k in range(flat.shape[1]))]
        rows = [
            [int(label), *row] for label, row in zip(result["labels"], flat.tolist(), strict=True)
        ]
        return header, rows
    return [f"v{i}" for i in range(flat.shape[1])], flat.tolist()


def write_predictions(result: dict[str, np.ndarray], out: Path | None) -> str:
    """Write to ``out`` (.csv or .npy) or, without one, CSV to stdout; returns a note."""
    if out is None:
        _csv(result, sys.stdout)
        return ""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".npy"):
        raise UsageError(f"--out {out}: expected a .csv or .npy file name")
    if out.exists():
        raise RunError(f"--out {out} already exists; nothing was written (choose another name)")
    tmp = out.with_name(out.name + ".tmp")
    try:
        if suffix == ".npy":
            with open(tmp, "wb") as handle:
                np.save(handle, main_array(result), allow_pickle=False)
        else:
            with open(tmp, "w", newline="", encoding="utf-8") as handle:
                _csv(result, handle)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RunError(f"cannot write {out}: [Errno {exc.errno}] {exc.strerror}") from None
    return f"wrote {len(main_array(result))} predictions to {out}"


def _csv(result: dict[str, np.ndarray], handle: io.TextIOBase) -> None:
    header, rows = table(result)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
