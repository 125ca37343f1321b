"""Every bundled spec and every YAML example in README.md and docs/ is YAML as written.

Version 2's ``$name`` and ``$(expr)`` are plain or quoted scalars, so no file may need
nnspec's own reading to parse: PyYAML's ``safe_load`` and ruamel read each one. The README's
spec and the vars example also resolve to what they say.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from nnspec.spec.load.interpolate import interpolate
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXAMPLES = [(doc, m.group(1)) for doc in DOCS for m in BLOCK.finditer(doc.read_text())]
IDS = [f"{doc.name}-{i}" for i, (doc, _) in enumerate(EXAMPLES)]
BUNDLED = sorted((ROOT / "specs").rglob("*.yaml"))


def example(doc: str, contains: str) -> str:
    (text,) = [t for d, t in EXAMPLES if d.name == doc and contains in t]
    return text


def test_the_docs_have_examples() -> None:
    assert {d.name for d, _ in EXAMPLES} >= {"README.md", "language.md", "editors.md"}


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_a_bundled_spec_parses_with_pyyaml_and_ruamel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert isinstance(yaml.safe_load(text), dict)
    assert isinstance(YAML(typ="safe", pure=True).load(text), dict)


@pytest.mark.parametrize(("doc", "text"), EXAMPLES, ids=IDS)
def test_an_example_parses_with_pyyaml(doc: Path, text: str) -> None:
    yaml.safe_load(text)  # raises on anything that is not YAML (a comment alone is YAML)


@pytest.mark.parametrize(("doc", "text"), EXAMPLES, ids=IDS)
def test_an_example_parses_with_ruamel(doc: Path, text: str) -> None:
    YAML(typ="safe", pure=True).load(text)


def test_the_readme_spec_validates(cli, write_spec) -> None:
    result = cli("validate", write_spec(example("README.md", "name: gan-ring")))
    assert (result.exit_code, result.stdout) == (0, "spec.yaml: ok\n")


def test_the_vars_example_means_what_its_comments_say() -> None:
    out = plain(interpolate(load_text(example("language.md", "vars: {latent: 8"), "vars.yaml")))
    assert out["name"] == "ae-w128"
    assert out["networks"]["enc"] == {
        "input": [1, 28, 28],
        "layers": [{"linear": 128}, "relu", {"linear": 64}, {"linear": 16}],
    }
    assert out["networks"]["dec"] == {"layers": [{"linear": 128}]}
