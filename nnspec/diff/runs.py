"""Comparing two run directories: their final metrics side by side, with deltas.

A run directory (written by ``nnspec run --out DIR``) holds ``spec.yaml``, the
fully resolved spec, and ``summary.json``: ``{"status", "metrics": {...},
"seconds", "steps", ...}``. The specs are compared by ``spec.diff``; this
module reads the summaries and pairs their numbers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnspec.errors import UsageError

FACTS = ("status", "steps", "seconds")


@dataclass
class Run:
    """A run directory: where its spec is, and its summary (None if it wrote none)."""

    directory: Path
    summary: dict | None

    @property
    def spec(self) -> Path:
        return self.directory / "spec.yaml"


@dataclass
class Row:
    """One figure of both runs; ``delta`` is B − A where both are numbers."""

    name: str
    a: Any
    b: Any
    delta: float | int | None = None


@dataclass
class RunComparison:
    """The runs' status, steps and seconds, then every final metric of either run."""

    facts: list[Row] = field(default_factory=list)
    metrics: list[Row] = field(default_factory=list)


def is_run(path: str | Path) -> bool:
    return Path(path).is_dir()


def load_run(directory: str | Path) -> Run:
    """Read a run directory; it must hold spec.yaml, and summary.json if any is valid JSON."""
    directory = Path(directory)
    if not (directory / "spec.yaml").is_file():
        raise UsageError(f"{directory} is not a run directory: it has no spec.yaml")
    summary_file = directory / "summary.json"
    if not summary_file.is_file():
        return Run(directory, None)
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{summary_file} is not valid JSON: {exc}") from None
    if not isinstance(summary, dict):
        raise UsageError(f"{summary_file} must hold a JSON object")
    return Run(directory, summary)


def compare_runs(a: Run, b: Run) -> RunComparison:
    """Both runs' facts and metrics, in A's order then B's new names."""
    sa, sb = a.summary or {}, b.summary or {}
    facts = [_row(name, sa.get(name), sb.get(name)) for name in FACTS]
    ma, mb = _metrics(sa), _metrics(sb)
    names = list(ma) + [n for n in mb if n not in ma]
    return RunComparison(facts, [_row(n, ma.get(n), mb.get(n)) for n in names])


def _metrics(summary: dict) -> dict:
    metrics = summary.get("metrics")
    return metrics if isinstance(metrics, dict) else {}


def _row(name: str, a: Any, b: Any) -> Row:
    return Row(name, a, b, _delta(a, b))


def _delta(a: Any, b: Any) -> float | int | None:
    if not (_number(a) and _number(b)):
        return None
    delta = b - a
    # 0.95 - 0.97 is -0.020000000000000018 in binary; 12 digits are plenty.
    return delta if isinstance(delta, int) else float(f"{delta:.12g}")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
