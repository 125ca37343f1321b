"""Lay a plugin package out as an installed distribution, and run nnspec with it on the path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ALLPLUG = HERE / "allplug"
SPECS = HERE / "specs"
GROUPS = {"nnspec.plugins": "declarations", "nnspec.builders": "builders"}


def install(site: Path, name: str, package: Path | dict[str, str], groups: dict[str, str]) -> None:
    """``package``: a folder to copy, or module name -> source; ``groups``: group -> module."""
    target = site / name
    if isinstance(package, Path):
        shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.mkdir(parents=True)
        (target / "__init__.py").write_text("")
        for module, source in package.items():
            (target / f"{module}.py").write_text(source)
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    lines = [f"[{group}]\n{name} = {name}.{module}\n" for group, module in groups.items()]
    (info / "entry_points.txt").write_text("\n".join(lines))


def nnspec(
    *args: str, site: Path, cwd: Path, also: Path | None = None
) -> subprocess.CompletedProcess:
    """``python -m nnspec`` with the plugin sites first on the path, then the caller's PYTHONPATH
    (so the nnspec under test is the one run)."""
    parts = (str(site), str(also) if also else None, os.environ.get("PYTHONPATH"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in parts if p),
        "OMP_NUM_THREADS": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "nnspec", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
