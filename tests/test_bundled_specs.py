"""Every bundled spec is valid, shows its networks, and resolves to a spec that reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
BUNDLED = [
    *sorted(SPECS.glob("*.yaml")),
    *sorted((SPECS / "optimizers").glob("*.yaml")),
    *sorted((SPECS / "reference").glob("*.yaml")),
]
IDS = [str(p.relative_to(ROOT / "specs")) for p in BUNDLED]
MODELINE = "# yaml-language-server: $schema="


def test_there_are_bundled_specs(bundled_specs: list[Path]) -> None:
    assert bundled_specs == BUNDLED
    assert len(BUNDLED) >= 20


def test_all_validate_in_one_call(cli) -> None:
    result = cli("validate", *BUNDLED)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [f"{p}: ok" for p in BUNDLED]


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_show_lists_every_network(cli, path: Path) -> None:
    result = cli("show", path)
    assert result.exit_code == 0, result.output
    titles = [line.split(" (")[0] for line in result.stdout.splitlines() if " parameters" in line]
    assert titles == list(resolve(path).tree["networks"])


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_the_resolved_spec_is_complete(path: Path) -> None:
    resolved = resolve(path)
    assert "$" not in repr(resolved.plain())
    assert resolved.tree["nnspec"] == 2
    assert resolved.tree["description"], "every bundled spec says what it is"


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_each_spec_has_its_own_run_name(path: Path) -> None:
    assert resolve(path).tree["name"] == path.stem


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_the_editor_modeline_points_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    assert (
        path.parent / first.removeprefix(MODELINE)
    ).resolve() == ROOT / "schema/nnspec.schema.json"


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_resolved_output_re_validates_to_the_same_spec(cli, tmp_path: Path, path: Path) -> None:
    shown = cli("show", "--resolved", path).stdout
    again = tmp_path / path.name
    again.write_text(shown, encoding="utf-8")
    assert cli("validate", again).exit_code == 0
    assert resolve(again).plain() == resolve(path).plain() == plain(load_text(shown, "shown"))
