"""Finds kind names written as string literals where code decides by kind.

A literal *decides by kind* when it is an operand of ``==``, ``!=``, ``in`` or
``not in`` (alone or inside a tuple, list or set there), a key of a dict literal,
or an element of a module-level tuple, list or set constant (but not ``__all__``
or a ``*MODULES`` list of modules to import). Those are the places
the issue counted: ``RULES`` and ``SAMPLERS`` tables, ``STACKS`` tuples and
``kind == "rbm"`` switches. A literal in a message, a subscript (``loss["model"]``)
or a call argument is not counted.

A kind's *declaration module* is the module that called ``declare`` for it
(``Kind.module``); its *implementation module* is the module defining the object
its category's implementation table holds under its name
(``nnspec.implementations``). A literal is allowed in either; anywhere else it is
reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import nnspec


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for item in node.elts:
            yield from _strings(item)


def deciding_literals(tree: ast.Module) -> Iterator[ast.Constant]:
    """Every string literal of ``tree`` in a position that decides by kind."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                yield from _strings(operand)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    yield from _strings(key)
    for node in tree.body:
        if _listing(node) and isinstance(node.value, (ast.Tuple, ast.List, ast.Set)):
            yield from _strings(node.value)


def _listing(node: ast.stmt) -> bool:
    """A module-level constant, except export and import lists (``__all__``, ``*MODULES``)."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    return not any(n == "__all__" or n.endswith("MODULES") for n in names)


def module_name(path: Path) -> str:
    root = Path(nnspec.__file__).parent.parent
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stray_literals(owners: dict[str, set[str]]) -> list[str]:
    """``path:line: 'name'`` for each deciding literal of a kind name outside its owners.

    ``owners`` maps each kind name to the modules allowed to write it.
    """
    found = []
    for path in sorted(Path(nnspec.__file__).parent.rglob("*.py")):
        module = module_name(path)
        for node in deciding_literals(ast.parse(path.read_text())):
            if node.value in owners and module not in owners[node.value]:
                found.append(f"{module}:{node.lineno}: {node.value!r}")
    return found
