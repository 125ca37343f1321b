"""Rendering ``nnspec diff`` as text, markdown or JSON.

Text goes through rich: coloured in a terminal, plain when piped. Markdown is
a table for a pull-request comment (``spec.diff_markdown``); JSON is the
versioned document of ``spec.diff_json``, described in docs/diff.md.
"""

from __future__ import annotations

import click
from rich.text import Text

from nnspec.cli.render import console
from nnspec.diff import format as fmt
from nnspec.diff import kin_words as kin
from nnspec.diff import words as words
from nnspec.diff.core import SpecDiff
from nnspec.diff.effect import Effects
from nnspec.diff.fold import shown_values
from nnspec.diff.json import to_json
from nnspec.diff.markdown import markdown
from nnspec.diff.runs import RunComparison
from nnspec.diff.tree import Change

STYLES = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}
MARKS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
LIMIT = 120  # characters of one value on a text line; JSON holds the whole value


def render(result: SpecDiff, runs: RunComparison | None, form: str) -> None:
    """Print a diff to stdout in ``form``: text, markdown or json."""
    if form == "json":
        click.echo(to_json(result, runs))
    elif form == "markdown":
        click.echo(markdown(result, runs))
    else:
        out = console()
        for line in text(result, runs):
            out.print(line)


def text(result: SpecDiff, runs: RunComparison | None = None) -> list[Text]:
    """The diff as lines of styled text (styles vanish when printed to a pipe)."""
    under = f" under {result.only}" if result.only else ""
    if result.identical:
        lines = [
            Text(f"{result.a_label} and {result.b_label} are identical after resolution{under}")
        ]
    else:
        head = f"{result.a_label} → {result.b_label}: {words.summary_text(result.counts())}{under}"
        lines = [Text(head, style="bold"), Text("")]
        for change in result.changes:
            lines += _change(change)
        lines += _effects(result.effects)
    lines += _children(result)
    return lines + (_runs(runs) if runs is not None else [])


def _change(change: Change) -> list[Text]:
    style = STYLES[change.op]
    line = Text(f"  {MARKS[change.op]} ", style=style)
    if change.op == "renamed":
        line.append(f"{change.old_path} → {change.path}", style=style)
        line.append(" (renamed)")
    else:
        line.append(change.path, style=style)
        if change.old_path:
            line.append(f" (A: {change.old_path})")
        line.append(": " + _values(change))
    lines = [line, _where(change)]
    if change.references:
        lines.append(Text(f"      references follow: {', '.join(change.references)}", "dim"))
    if change.defaults:
        lines.append(Text(f"      defaults follow: {words.defaults_text(change)}", "dim"))
    return lines


def _values(change: Change) -> str:
    old, new = (fmt.clip(fmt.flow(v), LIMIT) for v in shown_values(change))
    if change.op == "added":
        return new
    if change.op == "removed":
        return old
    return f"{old} → {new}"


def _where(change: Change) -> Text:
    parts = [f"{side} {fmt.place(loc)}" for side, loc in (("A", change.a), ("B", change.b)) if loc]
    return Text("      " + "   ".join(parts), style="dim")


def _effects(found: Effects) -> list[Text]:
    if not (found.networks or found.losses or found.phases):
        return []
    lines = [Text(""), Text("effect", style="bold")]
    for net in found.networks:
        lines.append(Text(f"  {words.network_name(net)}: {words.network_text(net)}"))
        for layer in net.layers:
            mark = words.layer_mark(layer)
            line = f"    {mark} {words.layer_name(layer)} {layer.kind}: {words.layer_text(layer)}"
            lines.append(Text(line, style=STYLES[_op(mark)]))
        for mark, text in words.graph_lines(net):
            lines.append(Text(f"    {mark} {text}", style=STYLES[_op(mark)]))
    for title, items in (("losses", found.losses), ("phases", found.phases)):
        if items:
            lines.append(Text(f"  {title}: " + "; ".join(words.affected_text(x) for x in items)))
    return lines


def _children(result: SpecDiff) -> list[Text]:
    """Each spec that extends the compared one: whether it validates, its changes or errors."""
    if not result.children:
        return []
    lines = [
        Text(""),
        Text("children: " + kin.children_head(result.children, result.b_label), "bold"),
    ]
    for child in result.children:
        lines.append(Text(f"  {kin.child_text(child)}", style="red" if not child.valid else ""))
        for error in child.errors:
            lines += [Text(f"    {line}", style="dim") for line in error.render().splitlines()]
    return lines


def _op(mark: str) -> str:
    return {value: key for key, value in MARKS.items()}[mark]


def _runs(runs: RunComparison) -> list[Text]:
    rows = [("", "A", "B", "Δ")] + [
        (r.name, fmt.number(r.a), fmt.number(r.b), fmt.signed(r.delta))
        for r in (*runs.facts, *runs.metrics)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [Text(""), Text("runs", style="bold")]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(Text(("  " + "  ".join([*cells, row[3]])).rstrip()))
    return lines
