"""What an editor shows: yaml-language-server, driven over LSP stdio with the schema.

Runs where node and yaml-language-server are installed (.ci/run installs them);
skipped elsewhere. The set-ups are those docs/editors.md gives: the modeline
every bundled spec starts with, and a ``yaml.schemas`` glob in the settings.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.spec.lsp_client import LspClient, server_command

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema" / "nnspec.schema.json"
COMMAND = server_command()
SETTINGS = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}

pytestmark = pytest.mark.skipif(COMMAND is None, reason="node or yaml-language-server is absent")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled specs beside the schema, as in the repository."""
    root = tmp_path_factory.mktemp("workspace")
    shutil.copytree(ROOT / "specs", root / "specs")
    shutil.copytree(ROOT / "schema", root / "schema")
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LspClient]:
    assert COMMAND is not None
    client = LspClient(COMMAND, workspace, SETTINGS)
    yield client
    client.close()


@pytest.fixture(scope="module")
def glob_server(workspace: Path) -> Iterator[LspClient]:
    """The VS Code set-up: the schema mapped onto a glob in the settings, no modeline."""
    assert COMMAND is not None
    schemas = {(workspace / "schema" / "nnspec.schema.json").as_uri(): "**/specs/**/*.yaml"}
    client = LspClient(COMMAND, workspace, {**SETTINGS, "schemas": schemas})
    yield client
    client.close()


def shown(diagnostics: list[dict]) -> list[tuple[int, str]]:
    return [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]


def without_modeline(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "yaml-language-server" not in line)


@pytest.mark.parametrize("name", ["mlp-digits.yaml", "gan.yaml", "optimizers/adam.yaml"])
def test_a_bundled_spec_shows_no_diagnostics(server, workspace: Path, name: str) -> None:
    path = workspace / "specs" / name
    assert shown(server.diagnostics(path, path.read_text())) == []


def test_a_misspelt_key_shows_one_diagnostic_at_its_line(server, workspace: Path) -> None:
    path = workspace / "specs" / "mlp-digits.yaml"
    text = path.read_text().replace("  batch_size:", "  batch_sise:")
    line = text.splitlines().index("  batch_sise: 32") + 1
    found = shown(server.diagnostics(path.with_name("misspelt.yaml"), text))
    assert found == [(line, "Property batch_sise is not allowed.")]


def test_an_unknown_layer_and_an_out_of_range_rate_name_themselves(server, workspace) -> None:
    path = workspace / "specs" / "mlp-digits.yaml"
    text = path.read_text().replace("{dropout: 0.2}, {linear: 10}", "{dropout: 1.5}, {lineer: 10}")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "lineer" in t)
    found = shown(server.diagnostics(path.with_name("layers.yaml"), text))
    assert found == [
        (line, "Value is above the maximum of 1."),
        (line, "Property lineer is not allowed."),
    ]


def test_the_settings_glob_without_a_modeline(glob_server, workspace: Path) -> None:
    path = workspace / "specs" / "optimizers" / "adam.yaml"
    good = without_modeline(path.read_text())
    assert shown(glob_server.diagnostics(path.with_name("glob-ok.yaml"), good)) == []
    bad = good.replace("type: adam", "type: adm")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "adm," in t)
    found = shown(glob_server.diagnostics(path.with_name("glob-bad.yaml"), bad))
    assert [n for n, _ in found] == [line] and found[0][1].startswith("Value is not accepted.")


def test_layer_names_complete_with_their_docs(server, workspace: Path) -> None:
    path = workspace / "specs" / "complete.yaml"
    text = "# yaml-language-server: $schema=../schema/nnspec.schema.json\n"
    text += "networks:\n  m:\n    layers:\n      - \n"
    server.diagnostics(path, text)
    items = {i["label"]: i.get("documentation") for i in server.completion(path, 4, 8)}
    assert "attention_decoder" in items and "dense" in items
    assert str(items["dense"]).endswith("(alias of linear)")


def test_hover_on_a_kind_shows_its_doc(server, workspace: Path) -> None:
    path = workspace / "specs" / "mlp-digits.yaml"
    text = path.read_text()
    line = next(i for i, t in enumerate(text.splitlines()) if "{linear: 256}" in t)
    server.diagnostics(path.with_name("hover.yaml"), text)
    column = text.splitlines()[line].index("linear") + 1
    assert "Affine map" in server.hover(path.with_name("hover.yaml"), line, column)
