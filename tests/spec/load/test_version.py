"""The language version stamp: future versions are refused, older ones are upgraded on load.

Version 1 has no upgrader (its text is not always YAML): it is refused with the command
that rewrites it. The upgrader mechanism is tested with a pretend version 3.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nnspec.registry.params import Int
from nnspec.spec import grammar, normalize
from nnspec.spec.load import version
from nnspec.spec.load.extends import load_with_extends
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import LocDict, plain
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
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
    """A version-2-to-3 upgrader: the section ``nets`` became ``networks``."""
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
    assert resolve(write_spec(CURRENT)).tree["nnspec"] == version.CURRENT_VERSION == 2


def test_a_missing_stamp_means_the_current_version(write_spec) -> None:
    assert resolve(write_spec(CURRENT.replace("nnspec: 2\n", ""))).tree["nnspec"] == 2


def test_a_future_version_is_refused(errors_of) -> None:
    assert errors_of(CURRENT.replace("nnspec: 2", "nnspec: 3")) == (
        "spec.yaml:1:9: error: this spec is written for language version 3, but this nnspec "
        "reads up to version 2 (at nnspec); upgrade nnspec"
    )


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("0", "0 (an integer)"),
        ("'2'", "'2' (a string)"),
        ("1.5", "1.5 (a number)"),
        ("true", "true (a boolean)"),
        ("~", "null"),
    ],
)
def test_a_malformed_version_is_refused(errors_of, stamp: str, shown: str) -> None:
    assert errors_of(CURRENT.replace("nnspec: 2", f"nnspec: {stamp}")) == (
        "spec.yaml:1:9: error: the language version must be a positive integer (at nnspec)\n"
        "  expected: nnspec: 2\n"
        f"  received: {shown}"
    )


def test_an_upgrader_runs_on_an_older_spec(monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 3)
    monkeypatch.setattr(version, "UPGRADERS", {2: rename_nets})
    spec = version.upgrade(load_text(SPEC, "spec.yaml"))
    assert (spec["nnspec"], list(spec["networks"])) == (3, ["mlp"])
    assert "nets" not in spec


def test_an_upgraded_spec_resolves(write_spec, language) -> None:
    language(3, {2: rename_nets})
    tree = resolve(write_spec(SPEC)).tree
    assert tree["nnspec"] == 3
    assert list(tree["networks"]) == ["mlp"]


def test_upgraders_run_in_order_one_step_at_a_time(monkeypatch) -> None:
    seen = []

    def step(n: int):
        def upgrade(spec: LocDict) -> LocDict:
            seen.append((n, spec["nnspec"]))
            return rename_nets(spec) if n == 3 else spec

        return upgrade

    monkeypatch.setattr(version, "CURRENT_VERSION", 4)
    monkeypatch.setattr(version, "UPGRADERS", {2: step(2), 3: step(3)})
    spec = version.upgrade(load_text(SPEC, "spec.yaml"))
    assert (spec["nnspec"], list(spec["networks"])) == (4, ["mlp"])
    assert seen == [(2, 2), (3, 3)]


def test_a_spec_of_the_current_version_is_not_upgraded(monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 3)
    monkeypatch.setattr(version, "UPGRADERS", {2: rename_nets})
    spec = version.upgrade(load_text(SPEC.replace("nnspec: 2", "nnspec: 3"), "spec.yaml"))
    assert list(spec) == ["nnspec", "data", "nets", "losses", "schedule"]


def test_without_the_upgrader_the_old_section_is_unknown(errors_of) -> None:
    out = errors_of(SPEC)
    assert "spec.yaml:4:1: error: unknown section 'nets' (at <top>)" in out


def test_each_file_of_an_extends_chain_is_upgraded(write_spec, monkeypatch) -> None:
    monkeypatch.setattr(version, "CURRENT_VERSION", 3)
    monkeypatch.setattr(version, "UPGRADERS", {2: rename_nets})
    write_spec(SPEC, "base.yaml")
    child = write_spec("nnspec: 3\nextends: base.yaml\nseed: 3\n", "child.yaml")
    spec = plain(load_with_extends(Path(child)))
    assert (spec["nnspec"], spec["seed"], list(spec["networks"])) == (3, 3, ["mlp"])
    assert "nets" not in spec


def test_an_upgraded_extends_chain_resolves(write_spec, language) -> None:
    language(3, {2: rename_nets})
    write_spec(SPEC, "base.yaml")
    child = write_spec("nnspec: 3\nextends: base.yaml\nseed: 3\n", "child.yaml")
    tree = resolve(child).tree
    assert (tree["nnspec"], tree["seed"], list(tree["networks"])) == (3, 3, ["mlp"])


@pytest.mark.parametrize("stamp", ["3", "0"])
def test_set_cannot_claim_another_version(errors_of, stamp: str) -> None:
    # --set is applied after upgrade(), so the normaliser's bound is what refuses it.
    assert errors_of(CURRENT, "--set", f"nnspec={stamp}") == (
        f"<command line>: error: {stamp} is out of range (at nnspec)\n"
        "  expected: an integer >= 1 and <= 2\n"
        f"  received: {stamp} (an integer)"
    )


V1_FLOW = (Path(__file__).parent / "upgrade_corpus" / "v1" / "gan-ring.yaml").read_text()
V1_BLOCK = CURRENT.replace("nnspec: 2", "nnspec: 1")


def version_one_error(line: int, name: str = "spec.yaml") -> str:
    return (
        f"{name}:{line}:9: error: this spec is written in language version 1 (at nnspec); "
        f"run 'nnspec upgrade {name} --in-place' to rewrite it for version 2"
    )


@pytest.mark.parametrize(
    "command",
    [("validate",), ("show",), ("show", "--resolved"), ("run", "--smoke"), ("diff", "other.yaml")],
)
@pytest.mark.parametrize(("text", "line"), [(V1_BLOCK, 1), (V1_FLOW, 2)], ids=["block", "flow"])
def test_a_version_one_spec_names_the_upgrade_command(
    write_spec, cli, command: tuple[str, ...], text: str, line: int
) -> None:
    # The flow form '[${latent}]' is not YAML: the version, read from the text, is the error.
    write_spec(CURRENT, "other.yaml")
    result = cli(command[0], write_spec(text), *command[1:])
    assert result.exit_code == (2 if command[0] == "diff" else 1)
    assert result.output == version_one_error(line) + "\n"


def test_the_version_error_names_the_file_as_given(write_spec, cli) -> None:
    path = write_spec(V1_BLOCK, "specs/old.yaml")
    assert cli("validate", path).output == version_one_error(1, "specs/old.yaml") + "\n"


def test_a_version_one_form_that_breaks_the_yaml_of_a_version_two_spec(errors_of) -> None:
    text = V1_FLOW.replace("nnspec: 1", "nnspec: 2")
    assert errors_of(text) == (
        "spec.yaml:14:13: error: the version-1 form '${latent}' is not read by version 2; "
        "write '$latent', or run 'nnspec upgrade spec.yaml --in-place'"
    )


def test_an_unparsable_spec_of_the_current_version_is_a_yaml_error(errors_of) -> None:
    assert errors_of("nnspec: 2\ndata: [1, {2\n") == (
        "spec.yaml:3:1: error: invalid YAML: expected ',' or '}', but got '<stream end>'"
    )
