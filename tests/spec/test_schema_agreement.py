"""The schema agrees with ``nnspec validate`` on files as written: it never rejects a valid spec.

check-jsonschema (what CI and the pre-commit hook run) and ``nnspec validate``
each judge every file of a seeded mutation corpus of the bundled specs. A file
that only the schema rejects is a false alarm, and there must be none. Files
that only nnspec rejects are what a schema cannot say (docs/editors.md lists
them by category).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.spec.schema_corpus import Case, mutants

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema" / "nnspec.schema.json"
BUNDLED = sorted((ROOT / "specs").glob("*.yaml")) + sorted(
    (ROOT / "specs/optimizers").glob("*.yaml")
)
CHECK = shutil.which("check-jsonschema")
BATCH = 400  # files per invocation: both tools are slow to start
FULL = 8  # mutants per category and spec in the full corpus
FIGURES = ("both reject", "only nnspec rejects", "only schema rejects", "both accept")

pytestmark = pytest.mark.skipif(CHECK is None, reason="check-jsonschema is not installed")


def written(cases: list[Case], root: Path) -> dict[str, Case]:
    """Write the corpus beside a copy of the bundled specs, so ``extends`` still resolves."""
    shutil.copytree(ROOT / "specs", root / "specs")
    out = {}
    for case in cases:
        path = root / case.source.relative_to(ROOT).parent / case.name
        path.write_text(case.text, encoding="utf-8")
        out[str(path)] = case
    return out


def schema_rejects(paths: list[str]) -> set[str]:
    rejected: set[str] = set()
    for start in range(0, len(paths), BATCH):
        batch = paths[start : start + BATCH]
        args = [CHECK, "-o", "json", "--schemafile", str(SCHEMA), *batch]
        report = json.loads(subprocess.run(args, capture_output=True, text=True).stdout)
        rejected |= {
            e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])
        }
    return rejected


def nnspec_rejects(paths: list[str]) -> set[str]:
    rejected: set[str] = set()
    for start in range(0, len(paths), BATCH):
        args = ["validate", "--format", "json", *paths[start : start + BATCH]]
        done = subprocess.run(
            [sys.executable, "-m", "nnspec", *args], capture_output=True, text=True
        )
        assert done.returncode in (0, 1), done.stderr[-2000:]
        report = json.loads(done.stdout)
        rejected |= {s["spec"] for s in report["specs"] if not s["valid"]}
    return rejected


def verdicts(cases: list[Case], root: Path) -> dict[str, list[Case]]:
    """Each case under one of the four figures."""
    files = written(cases, root)
    paths = sorted(files)
    by_schema, by_nnspec = schema_rejects(paths), nnspec_rejects(paths)
    out: dict[str, list[Case]] = {figure: [] for figure in FIGURES}
    for path in paths:
        schema, nnspec = path in by_schema, path in by_nnspec
        out[_figure(schema, nnspec)].append(files[path])
    return out


def _figure(schema: bool, nnspec: bool) -> str:
    if schema:
        return "both reject" if nnspec else "only schema rejects"
    return "only nnspec rejects" if nnspec else "both accept"


def report(found: dict[str, list[Case]]) -> str:
    figures = ", ".join(f"{name}: {len(cases)}" for name, cases in found.items())
    alarms = Counter(c.category for c in found["only schema rejects"])
    return f"{figures}; false alarms by category: {dict(alarms)}"


def test_every_bundled_spec_as_written_passes_both(tmp_path: Path) -> None:
    cases = [mutants(path, 0)[0] for path in BUNDLED]
    found = verdicts(cases, tmp_path)
    assert len(found["both accept"]) == len(BUNDLED), report(found)


def test_no_false_alarms_on_one_mutant_per_category(tmp_path: Path) -> None:
    cases = [case for path in BUNDLED for case in mutants(path, 1)]
    found = verdicts(cases, tmp_path)
    assert [c.name for c in found["only schema rejects"]] == [], report(found)
    assert found["both reject"], "the corpus must contain specs that both reject"


@pytest.mark.slow
def test_no_false_alarms_on_the_full_corpus(tmp_path: Path) -> None:
    cases = [case for path in BUNDLED for case in mutants(path, FULL)]
    found = verdicts(cases, tmp_path)
    print(report(found))
    assert [c.name for c in found["only schema rejects"]] == [], report(found)
