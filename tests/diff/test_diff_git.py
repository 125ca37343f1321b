"""Sides read from git: ``REV:PATH`` with extends at that revision, and the diff driver."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnspec.diff.core import diff_specs
from nnspec.diff.gitrev import materialise, split_rev, tree_reader
from nnspec.diff.sides import InvalidSide, open_side
from nnspec.errors import UsageError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

PARENT = """\
nnspec: 2
name: toy
vars: {width: 16}
data: {dataset: {ring: {size: 1000}}}
networks:
  G: {input: [2], layers: [{linear: $width}, relu, {linear: 2}]}
  D: {layers: [{linear: $width}, relu, {linear: 1}]}
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 2}}
optimizers:
  opt_d: {type: adam, params: [D], lr: 1.0e-3}
  opt_g: {type: adam, params: [G], lr: 1.0e-3}
schedule:
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {loss: gan.generator, optimizer: opt_g}
    steps: 100
"""
CHILD = "extends: ../base/parent.yaml\nseed: 1\n"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_PAGER": "cat",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose second commit widens the parent that ``specs/child.yaml`` extends."""
    (tmp_path / "base").mkdir()
    (tmp_path / "specs").mkdir()
    (tmp_path / "base" / "parent.yaml").write_text(PARENT)
    (tmp_path / "specs" / "child.yaml").write_text(CHILD)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one")
    (tmp_path / "base" / "parent.yaml").write_text(PARENT.replace("width: 16", "width: 32"))
    git(tmp_path, "commit", "-qam", "two")
    monkeypatch.chdir(tmp_path)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(key, ENV[key])
    return tmp_path


def test_split_rev_only_for_names_that_are_not_local_files(tmp_path: Path) -> None:
    assert split_rev("HEAD~1:specs/gan.yaml") == ("HEAD~1", "specs/gan.yaml")
    assert split_rev("specs/gan.yaml") is None
    odd = tmp_path / "a:b.yaml"
    odd.write_text("x: 1\n")
    assert split_rev(str(odd)) is None


def test_a_side_at_a_revision_resolves_its_parent_at_that_revision(repo: Path) -> None:
    old, new = open_side("HEAD~1:specs/child.yaml"), open_side("specs/child.yaml")
    assert old.label == "HEAD~1:specs/child.yaml"
    result = diff_specs(old.spec, new.spec, labels=(old.label, new.label))
    assert [(c.path, c.old, c.new) for c in result.changes] == [
        ("vars.width", 16, 32),
        ("networks.G.layers[0].linear.out", 16, 32),
        ("networks.D.layers[0].linear.out", 16, 32),
    ]
    change = result.changes[1]
    assert (change.a.file, change.a.line, change.a.origin) == ("HEAD~1:base/parent.yaml", 6, "var")
    assert change.b.file == "base/parent.yaml"


def test_the_same_revision_twice_is_identical(repo: Path) -> None:
    a, b = open_side("HEAD:specs/child.yaml"), open_side("specs/child.yaml")
    assert diff_specs(a.spec, b.spec).identical


def test_an_invalid_side_at_a_revision_is_located_there(repo: Path) -> None:
    (repo / "specs" / "child.yaml").write_text(CHILD + "sed: 2\n")
    git(repo, "commit", "-qam", "three")
    with pytest.raises(InvalidSide) as caught:
        open_side("HEAD:specs/child.yaml")
    assert caught.value.exit_code == 2
    assert caught.value.render().startswith(
        "HEAD:specs/child.yaml:3:1: error: unknown section 'sed' (at <top>); did you mean 'seed'?"
    )


def test_unknown_revisions_and_paths_are_usage_errors(repo: Path) -> None:
    with pytest.raises(UsageError, match="git knows no revision 'HEAD~9'"):
        open_side("HEAD~9:specs/child.yaml")
    with pytest.raises(UsageError, match="no such spec file at that revision"):
        open_side("HEAD:specs/none.yaml")


def test_materialise_follows_extends_and_skips_unreadable_parents(tmp_path: Path) -> None:
    files = {"specs/a.yaml": b"extends: [b.yaml, ../x/c.yaml]\n", "specs/b.yaml": b"seed: 1\n"}
    copy = materialise("specs/a.yaml", files.get, tmp_path)
    assert copy == tmp_path / "specs" / "a.yaml"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.yaml")) == [
        "specs/a.yaml",
        "specs/b.yaml",
    ]


def test_git_diff_uses_the_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=nnspec\n")
    command = f"{sys.executable} -m nnspec diff --git-driver"
    git(repo, "config", "diff.nnspec.command", command)
    child = repo / "specs" / "child.yaml"
    child.write_text(CHILD.replace("seed: 1", "seed: 2"))
    out = git(repo, "diff", "--", "specs/child.yaml")
    assert out == (
        "nnspec diff a/specs/child.yaml b/specs/child.yaml\n"
        "a/specs/child.yaml → b/specs/child.yaml: 1 change (1 changed)\n"
        "\n"
        "  ~ seed: 1 → 2\n"
        "      A a/specs/child.yaml:2 (written)   B b/specs/child.yaml:2 (written)\n"
    )


def test_the_driver_falls_back_to_a_text_diff_for_an_invalid_side(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=nnspec\n")
    git(repo, "config", "diff.nnspec.command", f"{sys.executable} -m nnspec diff --git-driver")
    (repo / "specs" / "child.yaml").write_text(CHILD + "sed: 2\n")
    out = git(repo, "diff", "--", "specs/child.yaml")
    assert "b/specs/child.yaml:3:1: error: unknown section 'sed'" in out
    assert out.endswith(" extends: ../base/parent.yaml\n seed: 1\n+sed: 2\n")


def test_the_driver_shows_a_new_spec_as_text(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=nnspec\n")
    git(repo, "config", "diff.nnspec.command", f"{sys.executable} -m nnspec diff --git-driver")
    (repo / "specs" / "new.yaml").write_text("seed: 4\n")
    git(repo, "add", "specs/new.yaml")
    out = git(repo, "diff", "--cached", "--", "specs/new.yaml")
    assert out == (
        "nnspec diff a/specs/new.yaml b/specs/new.yaml\n"
        "new spec\n"
        "--- a/specs/new.yaml\n"
        "+++ b/specs/new.yaml\n"
        "@@ -0,0 +1 @@\n"
        "+seed: 4\n"
    )


@pytest.mark.parametrize("path", ["../x.yaml", "/etc/passwd", "../../x", "specs/../../x.yaml"])
def test_a_path_outside_the_repository_is_a_usage_error(repo: Path, cli, path: str) -> None:
    (repo.parent / "x.yaml").write_text("root:x:0:0:root:/root:/bin/bash\n")
    result = cli("diff", f"HEAD:{path}", "specs/child.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"HEAD:{path}: {path} is outside the repository {repo}\n"


@pytest.mark.parametrize("path", ["base", "./base", "."])
def test_a_directory_at_a_revision_is_a_usage_error(repo: Path, cli, path: str) -> None:
    result = cli("diff", f"HEAD:{path}", "specs/child.yaml")
    shown = path.removeprefix("./")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"HEAD:{shown}: a directory at that revision, not a spec file\n"


def test_the_driver_reads_no_parent_through_a_link_out_of_the_repository(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "parent.yaml"
    secret.write_text(PARENT)
    (repo / "base" / "parent.yaml").unlink()
    (repo / "base" / "parent.yaml").symlink_to(secret)
    read = tree_reader(repo)
    assert read("base/parent.yaml") is None
    assert read("specs/child.yaml") == CHILD.encode()
