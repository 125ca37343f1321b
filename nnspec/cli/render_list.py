"""``nnspec list``: registered kinds as tables, generated from the registry."""

from __future__ import annotations

from rich.table import Table

from nnspec.registry import REGISTRY

CATEGORY_OF = {
    "layers": "layer",
    "losses": "loss",
    "optimizers": "optimizer",
    "datasets": "dataset",
    "metrics": "metric",
    "phases": "phase",
    "transforms": "transform",
    "networks": "network",
    "lr_schedules": "lr_schedule",
    "inits": "init",
    "noises": "noise",
}


def kinds_table(plural: str) -> Table:
    """A table of every kind in a category: name, parameters and doc."""
    table = Table(title=plural, title_justify="left")
    for column in ("name", "parameters", "description"):
        table.add_column(column)
    for kind in REGISTRY.kinds(CATEGORY_OF[plural]):
        params = ", ".join(p.name if p.required else f"{p.name}={p.default}" for p in kind.params)
        names = ", ".join((kind.name, *kind.aliases))
        table.add_row(names, params, kind.doc)
    return table
