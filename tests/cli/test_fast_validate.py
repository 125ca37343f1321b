"""A plain ``nnspec validate`` of valid specs answers without importing click, rich or difflib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nnspec.cli.fast import validate_quickly

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys; from nnspec.cli import entry; sys.argv = ['nnspec', *sys.argv[1:]]\n"
    "try:\n    entry()\nfinally:\n"
    "    probed = ('click', 'rich', 'importlib.metadata', 'difflib')\n"
    "    print(sorted(m for m in probed if m in sys.modules))"
)


def probe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT
    )


def test_valid_specs_are_reported_without_click_rich_metadata_or_difflib() -> None:
    done = probe("validate", "specs/gan.yaml", "specs/xor.yaml")
    assert (done.returncode, done.stdout) == (0, "specs/gan.yaml: ok\nspecs/xor.yaml: ok\n[]\n")


def test_an_invalid_spec_is_reported_by_the_full_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("nnspec: 2\nseed: -1\n")
    done = probe("validate", str(bad))
    assert (done.returncode, done.stdout.splitlines()[-4:]) == (
        1,
        [
            f"{bad}:2:7: error: -1 is out of range (at seed)",
            "  expected: an integer >= 0 and <= 4294967295",
            "  received: -1 (an integer)",
            "['click', 'difflib', 'rich']",  # click's parser imports difflib
        ],
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--format", "json", "specs/xor.yaml"],
        ["validate", "specs/xor.yaml", "--set", "seed=1"],
        ["show", "specs/xor.yaml"],
        ["validate", "specs/no-such.yaml"],
    ],
)
def test_anything_else_goes_to_the_full_command(argv, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert validate_quickly(argv) is False
    assert capsys.readouterr().out == ""
