"""The language version stamp: future versions are refused, older ones are upgraded on load."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nnspec.registry.params import Int
from nnspec.spec import grammar, normalize, version
from nnspec.spec.extends import load_with_extends
from nnspec.spec.load import load_text
from nnspec.spec.located import LocDict, plain
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 1
data:
  dataset: digits
nets:
  mlp:
    layers: [{linear: 10}]
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    epochs: 1
"""
CURRENT = SPEC.replace("nets:", "networks:")


def rename_nets(spec: LocDict) -> LocDict:
    """A version-1-to-2 upgrader: the section ``nets`` became ``networks``."""
    out = LocDict(loc=spec.loc)
    for key, value in spec.items():
        name = "networks" if key == "nets" else key
        out.put(name, value, spec.where_key(key), spec.where(key))
    return out


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch):
    """``language(current, upgraders)``: pretend this nnspec reads versions up to ``current``.

    The version is held twice: ``version.CURRENT_VERSION`` (read by ``upgrade`` when it
    runs) and the normaliser's bound on the ``nnspec`` section (fixed when the grammar is
    imported, so that ``--set nnspec=2`` is refused too). A test of the whole pipeline
    must move both.
    """

    def pretend(current: int, upgraders: dict) -> None:
        monkeypatch.setattr(version, "CURRENT_VERSION", current)
        monkeypatch.setattr(version, "UPGRADERS", upgraders)
        sections = tuple(
            dataclasses.replace(p, type=Int(1, current), default=current)
            if p.name == "nnspec"
            else p
            for p in grammar.SECTIONS
        )
        monkeypatch.setattr(normalize, "SECTIONS", sections)

    return pretend


def test_the_grammar_bounds_the_stamp_at_the_current_version() -> None:
    (stamp,) = [p for p in grammar.SECTIONS if p.name == "nnspec"]
    current = version.CURRENT_VERSION
    assert (stamp.type, stamp.default) == (Int(1, current), current)


def test_the_current_version_is_accepted(write_spec) -> None:
    assert resolve(write_spec(CURRENT)).tree["nnspec"] == version.CURRENT_VERSION == 1


def test_a_missing_stamp_means_the_current_version(write_spec) -> None:
    assert resolve(write_spec(CURRENT.replace("nnspec: 1\n", ""))).tree["nnspec"] == 1


def test_a_future_version_is_refused(errors_of) -> None:
    assert errors_of(CURRENT.replace("nnspec: 1", "nnspec: 2")) == (
        "spec.yaml:1:9: error: this spec is written for language version 2, but this nnspec "
        "reads up to version 1 (at nnspec); upgrade nnspec"
    )


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("0", "0 (an integer)"),
        ("'1'", "'1' (a string)"),
        ("1.5", "1.5 (a number)"),
        ("true", "true (a boolean)"),
        ("~", "null"),
    ],
)
def test_a_malformed_version_is_refused(errors_of, stamp: str, shown: str) -> None:
    assert errors_of(CURRENT.replace("nnspec: 1", f"nnspec: {stamp}")) == (
        "spec.yaml:1:9: error: the language version must be a positive integer (at nnspec)\n"
        "  expected: nnspec: 1\n"
        f"  received: {shown}"
    )


def test_an_upgrader_runs_on_an_older_spec(monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 2)
    monkeypatch.setattr(version, "UPGRADERS", {1: rename_nets})
    spec = version.upgrade(load_text(SPEC, "spec.yaml"))
    assert (spec["nnspec"], list(spec["networks"])) == (2, ["mlp"])
    assert "nets" not in spec


def test_an_upgraded_spec_resolves(write_spec, language) -> None:
    language(2, {1: rename_nets})
    tree = resolve(write_spec(SPEC)).tree
    assert tree["nnspec"] == 2
    assert list(tree["networks"]) == ["mlp"]


def test_upgraders_run_in_order_one_step_at_a_time(monkeypatch) -> None:
    seen = []

    def step(n: int):
        def upgrade(spec: LocDict) -> LocDict:
            seen.append((n, spec["nnspec"]))
            return rename_nets(spec) if n == 2 else spec

        return upgrade

    monkeypatch.setattr(version, "CURRENT_VERSION", 3)
    monkeypatch.setattr(version, "UPGRADERS", {1: step(1), 2: step(2)})
    spec = version.upgrade(load_text(SPEC, "spec.yaml"))
    assert (spec["nnspec"], list(spec["networks"])) == (3, ["mlp"])
    assert seen == [(1, 1), (2, 2)]


def test_a_spec_of_the_current_version_is_not_upgraded(monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 2)
    monkeypatch.setattr(version, "UPGRADERS", {1: rename_nets})
    spec = version.upgrade(load_text(SPEC.replace("nnspec: 1", "nnspec: 2"), "spec.yaml"))
    assert list(spec) == ["nnspec", "data", "nets", "losses", "schedule"]


def test_without_the_upgrader_the_old_section_is_unknown(errors_of) -> None:
    out = errors_of(SPEC)
    assert "spec.yaml:4:1: error: unknown section 'nets' (at <top>)" in out


def test_each_file_of_an_extends_chain_is_upgraded(write_spec, monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 2)
    monkeypatch.setattr(version, "UPGRADERS", {1: rename_nets})
    write_spec(SPEC, "base.yaml")
    child = write_spec("nnspec: 2\nextends: base.yaml\nseed: 3\n", "child.yaml")
    spec = plain(load_with_extends(Path(child)))
    assert (spec["nnspec"], spec["seed"], list(spec["networks"])) == (2, 3, ["mlp"])
    assert "nets" not in spec


def test_an_upgraded_extends_chain_resolves(write_spec, language) -> None:
    language(2, {1: rename_nets})
    write_spec(SPEC, "base.yaml")
    child = write_spec("nnspec: 2\nextends: base.yaml\nseed: 3\n", "child.yaml")
    tree = resolve(child).tree
    assert (tree["nnspec"], tree["seed"], list(tree["networks"])) == (2, 3, ["mlp"])


@pytest.mark.parametrize("stamp", ["2", "0"])
def test_set_cannot_claim_another_version(errors_of, stamp: str) -> None:
    # --set is applied after upgrade(), so the normaliser's bound is what refuses it.
    assert errors_of(CURRENT, "--set", f"nnspec={stamp}") == (
        f"<command line>: error: {stamp} is out of range (at nnspec)\n"
        "  expected: an integer >= 1 and <= 1\n"
        f"  received: {stamp} (an integer)"
    )
