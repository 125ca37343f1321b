"""Rendering for the CLI: errors in text, JSON or GitHub annotations, and tables.

Output goes through rich, which prints plain text when stdout is not a
terminal, so pipes and CI logs get clean lines.
"""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table

from nnspec.errors import SpecError, SpecErrors
from nnspec.spec.check.shapes import NetworkShape, format_shape


def console(stderr: bool = False) -> Console:
    """A console that writes plain text when not attached to a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    # emoji=False: ":100:" in "spec.yaml:100:7" must stay text, not become an emoji.
    return Console(file=stream, highlight=False, soft_wrap=True, emoji=False)


def flatten(error: Exception) -> list[SpecError]:
    if isinstance(error, SpecErrors):
        return error.errors
    return [error] if isinstance(error, SpecError) else []


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(error: SpecError) -> str:
    """A GitHub workflow command that annotates the spec's line in a pull request."""
    loc = error.location
    text = _escape_data(error.render().split(": error: ", 1)[-1])
    where = ""
    if loc.file:
        where = f"file={_escape_property(loc.file)},line={loc.line},col={loc.column},"
    return f"::error {where}title=nnspec::{text}"


def validation_report(results: dict[str, list[SpecError]], fmt: str) -> str:
    """All validation results in one format: text, json or github."""
    if fmt == "json":
        return json.dumps(
            {
                "valid": not any(results.values()),
                "specs": [
                    {"spec": spec, "valid": not errors, "errors": [e.as_dict() for e in errors]}
                    for spec, errors in results.items()
                ],
            },
            indent=2,
        )
    lines = []
    for spec, errors in results.items():
        if fmt == "github":
            lines += [github_annotation(e) for e in errors]
        elif errors:
            lines += [e.render() for e in errors]
        else:
            lines.append(f"{spec}: ok")
    return "\n".join(lines)


def network_table(shape: NetworkShape) -> Table:
    """One network as a table of layers, output shapes and parameter counts."""
    if shape.graph is not None:
        from nnspec.cli.render_graph import graph_table

        return graph_table(shape)
    title = (
        f"{shape.name} ({shape.kind}) input {format_shape(shape.input)} → "
        f"output {format_shape(shape.output)}, {shape.params:,} parameters"
    )
    table = Table(title=title, title_justify="left")
    for column in ("#", "layer", "arguments", "output", "params"):
        table.add_column(column, justify="right" if column in ("#", "params") else "left")
    for row in shape.rows:
        table.add_row(
            str(row.index), row.kind, row.summary, format_shape(row.shape), f"{row.params:,}"
        )
    return table
