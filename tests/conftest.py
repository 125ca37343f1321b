"""Shared fixtures: the bundled specs, writing spec files, and the CLI run in-process.

Spec-side tests assert the exact text a user sees, so ``write_spec`` also moves
into the temporary directory: a spec written there is shown as ``spec.yaml:3:5``
rather than under an absolute path that changes from run to run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = ROOT / "specs"
BUNDLED = [
    *sorted(SPECS_DIR.glob("*.yaml")),
    *sorted((SPECS_DIR / "optimizers").glob("*.yaml")),
    *sorted((SPECS_DIR / "reference").glob("*.yaml")),
]


@pytest.fixture(scope="session")
def specs_dir() -> Path:
    """The repository's ``specs/`` folder."""
    return SPECS_DIR


@pytest.fixture(scope="session")
def bundled_specs() -> list[Path]:
    """Every bundled spec, including the optimizer comparison under ``specs/optimizers``."""
    return list(BUNDLED)


@pytest.fixture
def write_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A function ``write(text, name="spec.yaml")`` that writes a spec in a fresh cwd.

    Bytes are written as they are (for encoding tests); text as UTF-8.
    """
    monkeypatch.chdir(tmp_path)

    def write(text: str | bytes, name: str = "spec.yaml") -> Path:
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``nnspec ARGS...`` in-process; the result has exit_code, stdout and stderr."""
    from nnspec.cli import main

    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args])

    return invoke


@pytest.fixture
def errors_of(write_spec, cli) -> Callable[..., str]:
    """``errors_of(text, *args)``: validate ``text`` as spec.yaml, expect exit 1, return stdout."""

    def run(text: str | bytes, *args: str) -> str:
        path = write_spec(text)
        result = cli("validate", path, *args)
        assert result.exit_code == 1, result.output
        return result.stdout.rstrip("\n")

    return run


@pytest.fixture
def edit() -> Callable[[str, str, str], str]:
    """``edit(text, old, new)``: replace the single occurrence of ``old``, which must exist."""

    def replace(text: str, old: str, new: str) -> str:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new)

    return replace
