"""One installed plugin package adds a kind of every category; each works like a built-in.

The package is ``tests/plugins/allplug`` (a declaration module and an implementation
module, nothing else), laid out in tmp_path as an installed distribution.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.plugins.install import ALLPLUG, GROUPS, SPECS, install, nnspec

# (category as `nnspec list` names it, the plugin's kind)
KINDS = [
    ("layers", "swish"),
    ("networks", "affine"),
    ("losses", "huber"),
    ("optimizers", "signsgd"),
    ("lr_schedules", "halving"),
    ("datasets", "sine"),
    ("transforms", "shift"),
    ("metrics", "mae"),
    ("phases", "anneal"),
    ("inits", "bounded"),
    ("noises", "jitter"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    install(root, "allplug", ALLPLUG, GROUPS)
    return root


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    shutil.copytree(SPECS, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.mark.parametrize(("category", "name"), KINDS)
def test_list_shows_the_plugin_kind(site: Path, tmp_path: Path, category: str, name: str) -> None:
    listed = nnspec("list", category, site=site, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert f"│ {name} " in listed.stdout


def test_a_spec_using_every_plugin_kind_validates(site: Path, specs: Path) -> None:
    valid = nnspec("validate", "uses_all.yaml", site=site, cwd=specs)
    assert (valid.returncode, valid.stdout) == (0, "uses_all.yaml: ok\n"), valid.stderr


MISUSES = {
    "dataset": "misused.yaml:3:26: error: expected an integer >= 1 (at data.dataset.sine.size)",
    "transform": "misused.yaml:4:24: error: expected a number (at data.transforms[0].shift.by)",
    "layer": "misused.yaml:8:39: error: expected a number >= 0 "
    "(at networks.net.layers[1].swish.beta)",
    "init": "misused.yaml:8:83: error: expected a number (at networks.net.init.bounded.low)",
    "network": "misused.yaml:9:28: error: expected an integer >= 1 "
    "(at networks.wide.affine.visible)",
    "optimizer": "misused.yaml:11:28: error: expected a number > 0 (at optimizers.opt.lr)",
    "lr_schedule": "misused.yaml:11:67: error: 0 is out of range "
    "(at optimizers.opt.schedule.halving.every)",
    "loss": "misused.yaml:13:41: error: 0.0 is out of range (at losses.fit.delta)",
    "noise": "misused.yaml:13:65: error: -1.0 is out of range "
    "(at losses.fit.corruption.jitter.size)",
    "phase": "misused.yaml:16:20: error: expected the name of a term (at schedule[0].anneal.loss)",
    "metric": "misused.yaml:20:38: error: expected the name of a network "
    "(at evaluate.metrics[0].mae.network)",
}


@pytest.fixture(scope="module")
def misused(site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    cwd = tmp_path_factory.mktemp("misused")
    shutil.copy(SPECS / "misused.yaml", cwd)
    result = nnspec("validate", "misused.yaml", site=site, cwd=cwd)
    assert result.returncode == 1, result.stderr
    return result.stdout


@pytest.mark.parametrize("category", sorted(MISUSES))
def test_a_misused_plugin_kind_is_located_in_one_pass(misused: str, category: str) -> None:
    assert MISUSES[category] + "\n" in misused


# What each kind's info object makes validate check, as for a built-in kind.
INFO_CHECKS = [
    (
        "info_checks.yaml",
        "info_checks.yaml:6:90: error: init 'bounded': high must be above low "
        "(at networks.net.init.bounded.high)\n  expected: high > low = 0.5\n  received: -0.5\n",
    ),
    (
        "info_checks.yaml",
        "info_checks.yaml:13:46: error: noise 'normal' is a latent prior, not a corruption "
        "(at losses.fit.corruption)\n  expected: one of gaussian, jitter, masking, salt_pepper\n",
    ),
    (
        "info_checks.yaml",
        "info_checks.yaml:15:63: error: noise 'jitter' is a corruption, not a latent prior "
        "(at losses.gan.noise)\n  expected: one of normal, uniform\n",
    ),
    (
        "info_checks.yaml",
        "info_checks.yaml:17:36: error: optimizer 'opt' updates wide, none of which loss term "
        "'fit' trains (at schedule[0].anneal)\n  expected: an optimizer over net\n",
    ),
    (
        "wiring.yaml",
        "wiring.yaml:6:9: error: network 'wide' input (3) does not fit: it takes the data's "
        "examples (at networks.wide)\n  expected: (2)\n  received: (3)\n",
    ),
    (
        "metric_role.yaml",
        "metric_role.yaml:13:22: error: metric 'mae' has no network to score: no loss of this "
        "spec is a regressor (at evaluate.metrics[0])\n"
        "  expected: a huber or mse loss, or network: <a network name>\n",
    ),
]


@pytest.mark.parametrize(("spec", "message"), INFO_CHECKS)
def test_a_plugin_kinds_info_is_checked(site: Path, specs: Path, spec: str, message: str) -> None:
    result = nnspec("validate", spec, site=site, cwd=specs)
    assert result.returncode == 1, result.stderr
    assert message in result.stdout


def test_the_schema_includes_every_plugin_kind(site: Path, tmp_path: Path) -> None:
    printed = nnspec("schema", site=site, cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    schema = json.loads(printed.stdout)
    spec = yaml.safe_load((SPECS / "uses_all.yaml").read_text())
    assert list(Draft202012Validator(schema).iter_errors(spec)) == []
    built_in = json.loads((Path(__file__).parents[2] / "schema/nnspec.schema.json").read_text())
    assert list(Draft202012Validator(built_in).iter_errors(spec)) != []  # the plugin adds them


@pytest.mark.slow  # about 10 s: a run imports torch
def test_a_smoke_run_trains_with_every_plugin_kind(site: Path, specs: Path) -> None:
    ran = nnspec("run", "uses_all.yaml", "--smoke", "--out", "run", site=site, cwd=specs)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    summary = json.loads((specs / "run" / "summary.json").read_text())
    assert summary["status"] == "completed"
    assert "test/mae" in summary["metrics"]
    phases = {json.loads(line)["phase"] for line in (specs / "run/metrics.jsonl").open()}
    assert "anneal" in phases


def test_without_the_plugin_its_kinds_are_unknown(tmp_path: Path, specs: Path) -> None:
    result = nnspec("validate", "uses_all.yaml", site=tmp_path / "empty", cwd=specs)
    assert result.returncode == 1
    assert "uses_all.yaml:3:13: error: unknown dataset 'sine' (at data.dataset)" in result.stdout
