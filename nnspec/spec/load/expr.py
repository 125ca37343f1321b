"""A safe evaluator for the arithmetic allowed inside ``$(...)``.

Only numbers, names of vars, parentheses and ``+ - * / // % **`` are accepted,
plus ``min``, ``max``, ``int``, ``round`` and ``abs``. The expression is parsed
with ``ast`` and walked here; nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

from nnspec.registry.params import quoted

BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "int": int,
    "round": round,
    "abs": abs,
}
MAX_POWER = 64


class ExprError(ValueError):
    """An expression is malformed, unsafe, or names an unknown var."""

    def __init__(self, message: str, name: str | None = None):
        super().__init__(message)
        self.name = name


MAX_LENGTH = 200
MAX_MAGNITUDE = 10**18


def evaluate(text: str, lookup: Callable[[str], Any]) -> Any:
    """Evaluate ``text`` with names resolved by ``lookup`` (which raises KeyError)."""
    if not text.isprintable():
        raise ExprError(f"{quoted(text)} is not a valid expression")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"an expression of {len(text)} characters is too long")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise ExprError(f"'{text}' is not a valid expression") from None
    try:
        value = _walk(tree.body, lookup)
    except ExprError:
        raise
    except (OverflowError, TypeError, ValueError, RecursionError) as exc:
        raise ExprError(f"'{text.strip()}' cannot be computed ({exc})") from None
    return _bounded(value, text)


def _bounded(value: Any, text: str) -> Any:
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and (abs(value) > MAX_MAGNITUDE)
    ):
        raise ExprError(f"'{text.strip()}' is too large (more than 1e18)")
    return value


def _walk(node: ast.AST, lookup: Callable[[str], Any]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.Name):
        return _name(node.id, lookup)
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return _binary(node, lookup)
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        return UNARY[type(node.op)](_number(_walk(node.operand, lookup)))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        return _call(node, lookup)
    raise ExprError(f"'{ast.unparse(node)}' is not allowed in an expression")


def _name(name: str, lookup: Callable[[str], Any]) -> Any:
    try:
        return lookup(name)
    except KeyError:
        raise ExprError(f"unknown var '{name}'", name=name) from None


def _binary(node: ast.BinOp, lookup: Callable[[str], Any]) -> Any:
    left = _number(_walk(node.left, lookup))
    right = _number(_walk(node.right, lookup))
    if isinstance(node.op, ast.Pow) and (abs(right) > MAX_POWER or abs(left) > MAX_MAGNITUDE):
        raise ExprError(f"'{ast.unparse(node)}' is too large")
    try:
        return BINARY[type(node.op)](left, right)
    except ZeroDivisionError:
        raise ExprError(f"division by zero in '{ast.unparse(node)}'") from None


def _call(node: ast.Call, lookup: Callable[[str], Any]) -> Any:
    fn = FUNCTIONS.get(node.func.id)
    if fn is None:
        raise ExprError(f"unknown function '{node.func.id}'; allowed: {', '.join(FUNCTIONS)}")
    return fn(*(_number(_walk(arg, lookup)) for arg in node.args))


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExprError(f"arithmetic needs numbers, got {value!r}")
    return value
