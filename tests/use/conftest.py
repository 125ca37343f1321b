"""Smoke runs shared by the tests of nnspec.use (each made once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.api import load, run

SPECS = Path(__file__).resolve().parents[2] / "specs"


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory):
    """``smoke_run(name, *overrides)``: the run directory of a bundled spec's smoke run."""
    made: dict[tuple, Path] = {}

    def make(name: str, *overrides: str) -> Path:
        key = (name, *overrides)
        if key not in made:
            torch.set_num_threads(1)
            out = tmp_path_factory.mktemp("runs") / name.replace("/", "_").removesuffix(".yaml")
            run(load(SPECS / name, overrides), out=out, smoke=True)
            made[key] = out
        return made[key]

    return make
