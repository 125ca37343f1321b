"""A diff as GitHub-flavoured markdown, for a pull-request comment.

One table of changes (what, path, old, new, where on each side), one of the
networks whose parameter counts or shapes changed, then the affected losses
and phases, and for run directories a table of metrics with their deltas.
"""

from __future__ import annotations

from nnspec.diff import format as fmt
from nnspec.diff import kin_words as kin
from nnspec.diff import words as words
from nnspec.diff.core import SpecDiff
from nnspec.diff.effect import Effects
from nnspec.diff.fold import shown_values
from nnspec.diff.runs import RunComparison
from nnspec.diff.tree import Change
from nnspec.errors import Location

LIMIT = 60  # characters of one value in a cell; JSON holds the whole value


def markdown(result: SpecDiff, runs: RunComparison | None = None) -> str:
    """The whole diff as markdown text."""
    under = f" under `{result.only}`" if result.only else ""
    lines = [f"#### nnspec diff {code(result.a_label)} → {code(result.b_label)}", ""]
    if result.identical:
        lines.append(f"Identical after resolution{under}.")
    else:
        lines += [f"{words.summary_text(result.counts())}{under}", ""]
        lines += table(("", "path", "A", "B", "A at", "B at"), [_row(c) for c in result.changes])
        lines += _effects(result.effects)
    lines += _children(result)
    if runs is not None:
        rows = [
            (code(r.name), fmt.number(r.a), fmt.number(r.b), fmt.signed(r.delta))
            for r in (*runs.facts, *runs.metrics)
        ]
        lines += ["", "**Runs**", "", *table(("", "A", "B", "Δ"), rows)]
    return "\n".join(lines)


def code(text: str, limit: int = LIMIT) -> str:
    """A table-safe code span: clipped, with ``|`` escaped."""
    text = fmt.clip(text, limit).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _row(change: Change) -> tuple[str, ...]:
    if change.op == "renamed":
        path = f"{code(change.old_path or '')} → {code(change.path)}"
        if change.references:
            path += f" ({len(change.references)} references follow)"
    else:
        path = code(change.path) + (f" (A: {code(change.old_path)})" if change.old_path else "")
    if change.defaults:
        path += f" (defaults follow: {words.defaults_text(change, with_values=False)})"
    old_value, new_value = shown_values(change)
    old = code(fmt.flow(old_value)) if change.op != "added" else ""
    new = code(fmt.flow(new_value)) if change.op != "removed" else ""
    return change.op, path, old, new, _at(change.a), _at(change.b)


def _at(loc: Location | None) -> str:
    r"""``\`specs/gan.yaml:12\` written``, or ``default`` where no file holds the value."""
    if loc is None:
        return ""
    if loc.file is None or loc.origin in ("default", "cli"):
        return fmt.place(loc)
    return f"{code(f'{loc.file}:{loc.line}')} {fmt.origin(loc)}"


def _children(result: SpecDiff) -> list[str]:
    """A table of the specs that extend the compared one, then each broken one's errors."""
    if not result.children:
        return []
    head = kin.children_head(result.children, code(result.b_label))
    rows = [
        (
            code(c.path),
            code(c.via) if c.via else "",
            kin.child_status(c),
            kin.child_changes(c),
            kin.child_effect(c),
        )
        for c in result.children
    ]
    lines = ["", f"**Children**: {head}", ""]
    lines += table(("child", "through", "status", "changes", "effect"), rows)
    for child in (c for c in result.children if c.errors):
        text = "\n".join(e.render() for e in child.errors)
        lines += ["", f"Errors of {code(child.path)}:", "", "```", text, "```"]
    return lines


def _effects(found: Effects) -> list[str]:
    lines: list[str] = []
    if found.networks:
        rows = []
        for net in found.networks:
            rows.append((code(words.network_name(net)), words.network_text(net)))
            for layer in net.layers:
                name = f"{words.layer_mark(layer)} {words.layer_name(layer)} {layer.kind}"
                rows.append((name, words.layer_text(layer)))
            rows += [
                (f"{mark} {text.partition(':')[0]}", text.partition(": ")[2] or "")
                for mark, text in words.graph_lines(net)
            ]
        lines += ["", "**Effect**", "", *table(("network", "parameters and output"), rows)]
    for title, items in (("losses", found.losses), ("phases", found.phases)):
        if items:
            text = "; ".join(words.affected_text(x) for x in items)
            lines += ["", f"Affected {title}: {text}"]
    return lines
