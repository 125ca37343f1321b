"""The code that runs a spec reads it through the typed spec (nnspec.spec.typed).

Listed as found: a section read by string keys (``x["outputs"]["samples"]``), a
subscript or ``.get`` on something named ``spec``, and a one-key unpacking
``((kind, params),) = x.items()`` where ``Application.of`` says what it means.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nnspec.spec.grammar import SECTION_NAMES

ROOT = Path(__file__).resolve().parents[2] / "nnspec"
SCANNED = ("train", "losses", "data", "use", "compiler.py")


def files() -> list[Path]:
    out = []
    for name in SCANNED:
        path = ROOT / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def _key(node: ast.AST) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value if isinstance(node.slice.value, str) else None
    return None


def _named_spec(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "spec") or (
        isinstance(node, ast.Attribute) and node.attr == "spec"
    )


def _section_chain(node: ast.AST) -> bool:
    """``x["<section>"]["key"]``: a section's key read by strings."""
    return _key(node) is not None and _key(node.value) in SECTION_NAMES  # type: ignore[attr-defined]


def _on_spec(node: ast.AST) -> bool:
    if isinstance(node, ast.Subscript):
        return _named_spec(node.value)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and _named_spec(node.func.value)
    )


def _one_key_unpack(node: ast.AST) -> bool:
    if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Tuple):
        return False
    (target,) = node.targets
    return len(target.elts) == 1 and isinstance(target.elts[0], ast.Tuple)


def stray_reads(path: Path, root: Path = ROOT.parent) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if _section_chain(node) or _on_spec(node) or _one_key_unpack(node):
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_section_is_read_by_string_keys() -> None:
    found = [line for path in files() for line in stray_reads(path)]
    assert found == [], "read these through ResolvedSpec.typed:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "code",
    [
        'x = spec["outputs"]["samples"]',
        'x = session.rt.spec["losses"]',
        'x = rt.spec.get("seed", 0)',
        "((kind, params),) = entry.items()",
    ],
)
def test_each_pattern_is_found(code: str, tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(code + "\n\nx = payload['networks'][name]\nkind, params = a.kind, a.params\n")
    found = stray_reads(path, tmp_path)  # the pattern on line 1, and nothing else
    assert found and all(line.startswith("probe.py:1: ") for line in found)
