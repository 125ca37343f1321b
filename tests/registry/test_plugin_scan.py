"""The scan that spares importlib.metadata where no distribution declares a plugin."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nnspec.registry.plugin_scan import may_declare


def dist(site: Path, name: str, entry_points: str | None) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    dist(tmp_path, "bare", None)
    return tmp_path


def test_no_distribution_naming_the_group_means_no_plugins(site: Path) -> None:
    assert may_declare("nnspec.plugins") is False


def test_a_distribution_naming_the_group_is_found(site: Path) -> None:
    dist(site, "plug", "[nnspec.plugins]\nplug = plug.declarations\n")
    assert may_declare("nnspec.plugins") is True


def test_a_zip_on_the_path_cannot_be_ruled_out(site: Path, monkeypatch) -> None:
    (site / "bundle.zip").write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(site), str(site / "bundle.zip")])
    assert may_declare("nnspec.plugins") is True


def test_a_finder_that_lists_distributions_cannot_be_ruled_out(site: Path, monkeypatch) -> None:
    class Lister:
        def find_distributions(self, context=None):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Lister()])
    assert may_declare("nnspec.plugins") is True
