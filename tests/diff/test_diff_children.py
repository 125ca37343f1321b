"""``nnspec diff`` of a parent spec: the specs that extend it, and swaps with their defaults folded.

The reviewer's branch: it renames a network (``mlp`` → ``net``), widens its
first layer and swaps the optimizer from adam to sgd. One child still
validates; another, and the grandchild through it, break with two errors each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nnspec.cli import main
from nnspec.diff.children import children
from tests.diff.test_diff_git import ENV, git

PARENT = """\
description: the parent
data: {dataset: digits, batch_size: 32}
networks:
  mlp: {layers: [{linear: 64}, relu, {linear: 10}]}
losses:
  xent: {model: mlp, type: cross_entropy}
optimizers:
  opt: {type: adam, params: [mlp], lr: 2.0e-3}
schedule:
  - {train: {optimizer: opt, loss: xent}, epochs: 3}
"""
BRANCH = (
    PARENT.replace("mlp", "net")
    .replace("linear: 64", "linear: 128")
    .replace("type: adam, params: [net], lr: 2.0e-3", "type: sgd, params: [net], lr: 0.1")
)
FILES = {
    "specs/base.yaml": PARENT,
    "specs/small.yaml": "extends: base.yaml\noptimizers:\n  opt: {lr: 1.0e-4}\n",
    "specs/tuned.yaml": (
        "extends: base.yaml\noptimizers:\n  opt: {betas: [0.5, 0.9], params: [mlp]}\n"
    ),
    "specs/deep/longer.yaml": "extends: ../tuned.yaml\nseed: 3\n",
    "specs/other.yaml": PARENT.replace("the parent", "not a child"),
    "notes.yaml": "[not, a, spec]\n",
}
EXPECTED = (
    "one of lr, momentum, momentum_form, momentum_schedule, params, weight_decay, "
    "clip_grad_norm, clip_grad_value, schedule, groups"
)
TUNED_ERRORS = (
    "    specs/tuned.yaml:3:9: error: unknown parameter of optimizer sgd 'betas'"
    " (at optimizers.opt)\n"
    f"      expected: {EXPECTED}\n"
    "    specs/tuned.yaml:3:37: error: unknown network 'mlp' (at optimizers.opt.params[0])\n"
    "      expected: one of the networks: net\n"
)
SWAP = (
    "  ~ optimizers.opt.type: adam → sgd\n"
    "      A HEAD:specs/base.yaml:8 (written)   B specs/base.yaml:8 (written)\n"
    "      defaults follow: removed betas: [0.9, 0.999], eps: 1e-08, amsgrad: false;"
    " added momentum: 0.0, momentum_form: pytorch\n"
)
CHILDREN = (
    "children: 3 specs extend specs/base.yaml: 1 validates, 2 break\n"
    "  specs/small.yaml: validates; 5 changes (1 added, 1 removed, 3 changed); "
    "networks.net: added: 9,610 parameters, output (10); "
    "networks.mlp: removed: 4,810 parameters, output (10)\n"
    "  specs/tuned.yaml: breaks, 2 errors\n"
    f"{TUNED_ERRORS}"
    "  specs/deep/longer.yaml (through specs/tuned.yaml): breaks, 2 errors\n"
    f"{TUNED_ERRORS}"
)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.fixture
def branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose working tree changes the committed parent as the branch does."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    write(tmp_path, FILES)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one")
    (tmp_path / "specs" / "base.yaml").write_text(BRANCH)
    monkeypatch.chdir(tmp_path)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(key, ENV[key])
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def test_the_reviewers_branch_shows_its_broken_children_and_one_swap(branch: Path) -> None:
    result = invoke("HEAD:specs/base.yaml", "specs/base.yaml")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(
        "HEAD:specs/base.yaml → specs/base.yaml: 6 changes (1 added, 1 removed, 4 changed)\n"
    )
    assert SWAP in result.stdout
    assert "optimizers.opt.betas" not in result.stdout
    assert result.stdout.endswith(
        "  phases: schedule[0] train (loss xent, optimizer opt)\n\n" + CHILDREN
    )


def test_children_are_read_at_the_revision_of_each_side(branch: Path) -> None:
    git(branch, "commit", "-qam", "two")
    (branch / "specs" / "tuned.yaml").write_text("extends: base.yaml\nseed: 1\n")
    found = children("HEAD~1:specs/base.yaml", "HEAD:specs/base.yaml")
    assert [(c.path, c.status, c.via) for c in found] == [
        ("HEAD:specs/small.yaml", "validates", None),
        ("HEAD:specs/tuned.yaml", "breaks", None),
        ("HEAD:specs/deep/longer.yaml", "breaks", "HEAD:specs/tuned.yaml"),
    ]
    assert found[1].errors[0].location.file == "HEAD:specs/tuned.yaml"
    fixed = children("HEAD:specs/base.yaml", "specs/base.yaml")
    assert [(c.path, c.status) for c in fixed] == [
        ("specs/small.yaml", "validates"),
        ("specs/tuned.yaml", "fixed"),
        ("specs/deep/longer.yaml", "fixed"),
    ]


def test_markdown_shows_the_children_and_their_errors(branch: Path) -> None:
    result = invoke("HEAD:specs/base.yaml", "specs/base.yaml", "--format", "markdown")
    assert result.exit_code == 1
    swap = (
        "| changed | `optimizers.opt.type` (defaults follow: removed betas, eps, amsgrad; "
        "added momentum, momentum_form) | `adam` | `sgd` | `HEAD:specs/base.yaml:8` written "
        "| `specs/base.yaml:8` written |\n"
    )
    assert swap in result.stdout
    errors = TUNED_ERRORS.replace("\n    ", "\n").removeprefix("    ")
    assert result.stdout.endswith(
        "**Children**: 3 specs extend `specs/base.yaml`: 1 validates, 2 break\n"
        "\n"
        "| child | through | status | changes | effect |\n"
        "|---|---|---|---|---|\n"
        "| `specs/small.yaml` |  | validates | 5 changes (1 added, 1 removed, 3 changed) "
        "| networks.net: added: 9,610 parameters, output (10); "
        "networks.mlp: removed: 4,810 parameters, output (10) |\n"
        "| `specs/tuned.yaml` |  | breaks, 2 errors |  |  |\n"
        "| `specs/deep/longer.yaml` | `specs/tuned.yaml` | breaks, 2 errors |  |  |\n"
        "\n"
        "Errors of `specs/tuned.yaml`:\n"
        "\n"
        f"```\n{errors}```\n"
        "\n"
        "Errors of `specs/deep/longer.yaml`:\n"
        "\n"
        f"```\n{errors}```\n"
    )


def test_json_nests_the_defaults_and_lists_the_children(branch: Path) -> None:
    result = invoke("HEAD:specs/base.yaml", "specs/base.yaml", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["version"] == 2 and doc["summary"]["changed"] == 4
    swap = next(c for c in doc["changes"] if c["path"] == "optimizers.opt.type")
    assert [(d["op"], d["path"], d["old"], d["new"]) for d in swap["defaults"]] == [
        ("removed", "optimizers.opt.betas", [0.9, 0.999], None),
        ("removed", "optimizers.opt.eps", 1e-08, None),
        ("removed", "optimizers.opt.amsgrad", False, None),
        ("added", "optimizers.opt.momentum", None, 0.0),
        ("added", "optimizers.opt.momentum_form", None, "pytorch"),
    ]
    assert swap["defaults"][0]["a"]["origin"] == "default"
    small, tuned, longer = doc["children"]
    assert list(small) == [
        "path",
        "via",
        "status",
        "valid",
        "identical",
        "summary",
        "networks",
        "errors",
    ]
    assert small["summary"] == {"added": 1, "removed": 1, "changed": 3, "renamed": 0}
    assert [n["name"] for n in small["networks"]] == ["net", "mlp"]
    assert (tuned["status"], tuned["valid"], tuned["summary"]) == ("breaks", False, None)
    assert [(e["line"], e["column"], e["path"]) for e in tuned["errors"]] == [
        (3, 9, "optimizers.opt"),
        (3, 37, "optimizers.opt.params[0]"),
    ]
    assert longer["via"] == "specs/tuned.yaml"


def test_outside_git_children_are_found_under_the_specs_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "old", FILES)
    write(tmp_path / "new", {**FILES, "specs/base.yaml": BRANCH})
    result = invoke("old/specs/base.yaml", "new/specs/base.yaml")
    assert result.exit_code == 1
    tail = result.stdout[result.stdout.index("children:") :]
    assert tail == CHILDREN.replace("specs/", "new/specs/")


def test_two_different_specs_have_no_children_section(branch: Path) -> None:
    result = invoke("specs/base.yaml", "specs/other.yaml")
    assert "children" not in result.stdout
