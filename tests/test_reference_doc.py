"""docs/reference.md is generated from the registry and must not go stale."""

from pathlib import Path

from nnspec.reference_doc import render

DOC = Path(__file__).resolve().parents[1] / "docs" / "reference.md"


def test_reference_doc_is_up_to_date() -> None:
    assert DOC.read_text() == render(), "run: python -m nnspec.reference_doc > docs/reference.md"


def test_every_kind_is_documented() -> None:
    from nnspec.reference_doc import SECTIONS
    from nnspec.registry import REGISTRY

    text = DOC.read_text()
    for category, _, _ in SECTIONS:
        for kind in REGISTRY.kinds(category):
            assert f"### {kind.name}\n" in text


def test_the_reference_covers_every_category() -> None:
    from nnspec.reference_doc import SECTIONS
    from nnspec.registry.core import CATEGORIES

    assert sorted(c for c, _, _ in SECTIONS) == sorted(CATEGORIES)


def _keys(params: tuple, prefix: str = "") -> list[str]:
    from nnspec.registry.params import Struct

    out = []
    for p in params:
        out.append(f"{prefix}{p.name}")
        if isinstance(p.type, Struct):
            out += _keys(p.type.fields, f"{prefix}{p.name}.")
    return out


def test_every_key_of_every_section_is_documented() -> None:
    from nnspec.spec.grammar import PHASE_COMMON, SECTIONS

    text = DOC.read_text()
    keys = _keys(SECTIONS) + _keys(PHASE_COMMON)
    assert "data.split.order" in keys and "outputs.samples.every" in keys
    missing = [k for k in keys if f"| `{k}` |" not in text]
    assert missing == []
