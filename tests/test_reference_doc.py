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
