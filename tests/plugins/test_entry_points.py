"""A tiny installed plugin package adds a layer that specs can use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DECLARATIONS = """
from nnspec.registry.core import declare
from nnspec.registry.params import Float, Param

declare("layer", "swish", "x · sigmoid(βx), from the swishplug plugin.",
        Param("beta", Float(0), 1.0, "the slope β"), main="beta",
        shape=lambda p, x, env: x, count=lambda p, x, env: 0)
"""

BUILDERS = """
import torch
from torch import nn
from nnspec.nn.build import builds

class Swish(nn.Module):
    def __init__(self, beta):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)

@builds("swish")
def build(params, in_shape, env):
    return Swish(params["beta"])
"""

ENTRY_POINTS = """\
[nnspec.plugins]
swishplug = swishplug.declarations

[nnspec.builders]
swishplug = swishplug.builders
"""

SPEC = """\
nnspec: 2
data: {dataset: {xor: {repeat: 16}}, batch_size: 8}
networks: {mlp: {layers: [{linear: 4}, {swish: 1.5}, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: adam, lr: 0.01}}, steps: 5}]
outputs: {plots: false}
"""


def _install(site: Path) -> None:
    """Lay the plugin out as an installed distribution (a package and its dist-info)."""
    package = site / "swishplug"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "declarations.py").write_text(DECLARATIONS)
    (package / "builders.py").write_text(BUILDERS)
    info = site / "swishplug-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: swishplug\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)


def _nnspec(*args: str, site: Path, cwd: Path) -> subprocess.CompletedProcess:
    # The caller's PYTHONPATH stays after the plugin's, so the nnspec under test is the one run.
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "nnspec", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_a_plugin_layer_validates_and_runs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install(site)
    (tmp_path / "spec.yaml").write_text(SPEC)
    listed = _nnspec("list", "layers", site=site, cwd=tmp_path)
    assert "swish" in listed.stdout
    valid = _nnspec("validate", "spec.yaml", site=site, cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    ran = _nnspec("run", "spec.yaml", "--out", "run", site=site, cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (tmp_path / "run" / "summary.json").is_file()


def test_without_the_plugin_the_layer_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    result = _nnspec("validate", "spec.yaml", site=tmp_path, cwd=tmp_path)
    assert result.returncode == 1
    assert "spec.yaml:3:41: error: unknown layer 'swish' (at networks.mlp.layers[1])" in (
        result.stdout
    )
