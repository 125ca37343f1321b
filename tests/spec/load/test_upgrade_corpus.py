"""Every bundled spec, upgraded from its version-1 text, is the same resolved spec.

``upgrade_corpus/v1`` holds the version-1 text of every bundled spec, and
``upgrade_corpus/resolved`` what ``nnspec show --resolved`` printed for it, both
saved before version 2 existed (the folders mirror ``specs/``, so ``extends``
resolves inside the corpus). Upgrading the text must not change one byte of the
resolved spec, except the version line: ``nnspec: 1`` there is ``nnspec: 2`` now.
Keys the language gained since are in the saved output with their defaults
(``outputs.checkpoints.period: 10``, a phase's ``freeze: []``), and ``conditional: true``
in its graph form. Specs added since version 2 have no version-1 text, and a spec
rewritten since (``EDITED``) is no longer its upgraded version-1 text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.spec.load.upgrade import upgrade_text

CORPUS = Path(__file__).resolve().parent / "upgrade_corpus"
SPECS = Path(__file__).resolve().parents[3] / "specs"
NAMES = sorted(p.relative_to(CORPUS / "v1").as_posix() for p in (CORPUS / "v1").rglob("*.yaml"))


# Rewritten by issue 18: Q is a head on D's trunk (a graph).
EDITED = {"infogan-digits.yaml"}


def test_the_corpus_holds_every_bundled_spec() -> None:
    bundled = sorted(p.relative_to(SPECS).as_posix() for p in SPECS.rglob("*.yaml"))
    assert set(NAMES) <= set(bundled)  # every version-1 spec is still bundled


@pytest.fixture(scope="module")
def upgraded_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole corpus upgraded (a child's parents must be version 2 as well)."""
    out = tmp_path_factory.mktemp("v2")
    for name in NAMES:
        new = upgrade_text((CORPUS / "v1" / name).read_text(encoding="utf-8"), name)
        assert new is not None, f"{name} is a version-1 spec"
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(new, encoding="utf-8")
    return out


@pytest.mark.parametrize("name", NAMES)
def test_an_upgraded_spec_resolves_to_the_same_spec(cli, upgraded_corpus: Path, name: str) -> None:
    result = cli("show", "--resolved", upgraded_corpus / name)
    assert result.exit_code == 0, result.output
    before = (CORPUS / "resolved" / name).read_text(encoding="utf-8")
    assert before.count("\nnnspec: 1\n") + before.startswith("nnspec: 1\n") == 1
    expected = ("\n" + before).replace("\nnnspec: 1\n", "\nnnspec: 2\n", 1)[1:]
    assert result.stdout == expected


@pytest.mark.parametrize("name", NAMES)
def test_the_bundled_spec_is_its_upgraded_version_one_text(
    upgraded_corpus: Path, name: str
) -> None:
    # specs/ was converted by this same upgrade: nothing was edited by hand since, but EDITED
    same = (upgraded_corpus / name).read_bytes() == (SPECS / name).read_bytes()
    assert same is (name not in EDITED)
