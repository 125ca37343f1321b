"""docs/reference.md, generated from the grammar and the registry.

(``python -m nnspec.reference_doc``)
A test checks the committed file equals this output, so the reference cannot
drift from the declarations.
"""

from __future__ import annotations

import sys

from nnspec.registry import REGISTRY
from nnspec.registry.core import Kind
from nnspec.registry.params import Param, Struct
from nnspec.spec.grammar import PHASE_COMMON
from nnspec.spec.grammar import SECTIONS as SPEC_SECTIONS

SECTIONS = (
    (
        "layer",
        "Layers",
        "Items of a network's `layers:` list: `relu`, `{linear: 128}` or "
        "`{linear: {out: 128, bias: false}}`.",
    ),
    (
        "network",
        "Network kinds",
        "A network is `{input, layers, init}` (sequential) or one of "
        "these written as one key, `{rbm: {...}}`.",
    ),
    ("init", "Weight initialisation", "A network's `init:`; weights are drawn, biases zeroed."),
    (
        "loss",
        "Losses",
        "Entries of `losses:`, written `{type: NAME, ...}`. A loss with terms is "
        "minimised term by term: `gan.discriminator`.",
    ),
    ("noise", "Noise", "Latent priors (`normal`, `uniform`) and input corruptions."),
    (
        "optimizer",
        "Optimizers",
        "Entries of `optimizers:` (or inline in a phase), `{type: NAME, ...}`.",
    ),
    ("lr_schedule", "Learning-rate schedules", "An optimizer's `schedule:`."),
    ("dataset", "Datasets", "`data.dataset`: built-in data or files; nothing is downloaded."),
    ("transform", "Transforms", "`data.transforms`, applied in order after splitting."),
    ("metric", "Metrics", "`evaluate.metrics`; each reports `<split>/<name>` or `eval/<name>`."),
    ("phase", "Phases", "Items of `schedule:`, `{phase: label, KIND: body, steps|epochs: n}`."),
)


def _default(param: Param) -> str:
    if param.required:
        return "required"
    if param.default == "":
        return '`""`'
    return "null" if param.default is None else f"`{param.default}`"


def kind_section(kind: Kind) -> list[str]:
    names = ", ".join(f"`{n}`" for n in (kind.name, *kind.aliases))
    lines = [f"### {kind.name}", "", kind.doc, ""]
    if kind.aliases:
        lines += [f"Also written {names}.", ""]
    if kind.main:
        lines += [f"Shorthand: `{{{kind.name}: VALUE}}` sets `{kind.main}`.", ""]
    if kind.terms:
        lines += ["Terms: " + ", ".join(f"`{t}`" for t in kind.terms) + ".", ""]
    if kind.params:
        lines += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
        lines += [
            f"| `{p.name}` | {p.type.describe()} | {_default(p)} | {p.doc} |" for p in kind.params
        ]
        lines.append("")
    return lines


def key_rows(params: tuple[Param, ...], prefix: str = "") -> list[str]:
    """One table row per key, nested mappings' keys under dotted names (``data.split.val``)."""
    rows = []
    for p in params:
        name = f"{prefix}{p.name}"
        rows.append(f"| `{name}` | {p.type.describe()} | {_default(p)} | {p.doc} |")
        if isinstance(p.type, Struct):
            rows += key_rows(p.type.fields, f"{name}.")
    return rows


def section_reference() -> list[str]:
    """Every key of every section, from the grammar."""
    head = ["| key | type | default | meaning |", "|---|---|---|---|"]
    return [
        "## Sections",
        "",
        "The keys of a spec, from the grammar. A key set to null takes its default.",
        "",
        *head,
        *key_rows(SPEC_SECTIONS),
        "",
        "Every item of `schedule:` also takes:",
        "",
        *head,
        *key_rows(PHASE_COMMON),
        "",
    ]


def render() -> str:
    lines = [
        "# Reference",
        "",
        "Generated from the grammar and the registry by `python -m nnspec.reference_doc`; "
        "do not edit.",
        "",
        *section_reference(),
    ]
    for category, title, intro in SECTIONS:
        lines += [f"## {title}", "", intro, ""]
        for kind in REGISTRY.kinds(category):
            lines += kind_section(kind)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
