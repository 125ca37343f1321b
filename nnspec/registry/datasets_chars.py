"""The ``chars`` dataset: one long character stream, for language models and truncated BPTT.

Characters are the text's bytes (ids 0..255; one per character for ASCII text), so the
shapes and the number of classes are known from the parameters alone.
"""

from __future__ import annotations

from pathlib import Path

from nnspec.registry.core import declare
from nnspec.registry.dataset_headers import Found, _file
from nnspec.registry.datasets import info
from nnspec.registry.info import DatasetInfo, below
from nnspec.registry.params import Float, Int, Param, Str

BYTES = 256


def _header(params: dict, base_dir: Path) -> Found:
    if params["path"] is not None:
        _file(params, "path", base_dir)
    return Found((params["length"],), BYTES)


declare(
    "dataset",
    "chars",
    "A character stream cut into consecutive rows: x is `length` bytes of the text (ids "
    "0..255), y the bytes one step later. Without `path`: the package's corpus, Shakespeare's "
    "sonnets I-XXX (1609, public domain). `start` and `stop` pick a contiguous slice by "
    "fraction, so a held-out tail is one `data.test` away.",
    Param("path", Str(), None, "a text file, relative to the spec's directory"),
    Param("length", Int(min=1), 100, "characters per row"),
    Param("start", Float(0, 1), 0.0, "where the slice begins, as a fraction of the text"),
    Param("stop", Float(0, 1), 1.0, "where the slice ends, as a fraction of the text"),
    info=DatasetInfo(
        lambda p: info((p["length"],), BYTES, (p["length"],)),
        header=_header,
        constraints=(below("start", "stop"),),
    ),
)
