"""The ``$`` forms of a version-2 string, split into literal text and references.

``$name`` refers to a var (the name ends at the first character that cannot
continue an identifier), ``$(expr)`` to an arithmetic expression, ``$$`` is a
literal ``$``, and a ``$`` before anything else is itself. A version-1 ``${...}``
is refused with the version-2 spelling, since reading it as a literal would
silently change what an old spec means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nnspec.errors import Location

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NAME_CHAR = re.compile(r"[A-Za-z0-9_]")  # a character that would continue a name
# The likely cause: a plain scalar in a flow collection ends at its first comma.
UNCLOSED = (
    "if it stands in [...] or {...}, a comma there ends an unquoted value: "
    'quote it, as in "$(max(a, b))"'
)


@dataclass(frozen=True)
class Ref:
    """One ``$name`` or ``$(expr)``: its text as written and the expression it holds."""

    source: str
    expr: str


class TemplateError(ValueError):
    """A string whose ``$`` forms cannot be read; ``hint`` says what to write."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def split(text: str, where: Location | None = None) -> list[str | Ref]:
    """Literal runs and references, in order (adjacent literals joined)."""
    parts: list[str | Ref] = []
    i = 0
    while (j := text.find("$", i)) >= 0:
        _add(parts, text[i:j])
        token, i = _token(text, j, where)
        _add(parts, token)
    _add(parts, text[i:])
    return parts


def _add(parts: list[str | Ref], part: str | Ref) -> None:
    if isinstance(part, Ref):
        parts.append(part)
    elif part and parts and isinstance(parts[-1], str):
        parts[-1] += part
    elif part:
        parts.append(part)


def _token(text: str, at: int, where: Location | None) -> tuple[str | Ref, int]:
    """The token that starts with the ``$`` at ``at``, and where the next one starts."""
    after = text[at + 1 : at + 2]
    if after == "$":
        return "$", at + 2
    if after == "(":
        end = closing_paren(text, at + 1)
        if end < 0:
            raise TemplateError(f"'{text[at:]}' opens '$(' without its closing ')'", UNCLOSED)
        return Ref(text[at : end + 1], text[at + 2 : end]), end + 1
    if after == "{":
        raise version_one_error(text, at, where)
    name = NAME.match(text, at + 1)
    if name:
        return Ref(text[at : name.end()], name.group()), name.end()
    return "$", at + 1


def closing_paren(text: str, start: int) -> int:
    """The index of the ``)`` that closes the ``(`` at ``start``, or -1."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def version_two_form(inner: str, after: str) -> str:
    """How version 2 writes the version-1 ``${inner}`` when ``after`` follows it."""
    name = inner.strip()
    if not NAME.fullmatch(name):
        return f"$({inner})"
    return f"$({name})" if NAME_CHAR.fullmatch(after) else f"${name}"


def version_one_error(text: str, at: int, where: Location | None) -> TemplateError:
    """The error for a version-1 ``${...}`` at ``at``, with its version-2 spelling."""
    end = text.find("}", at)
    if end < 0:
        return TemplateError(
            f"'{text[at:]}' is a version-1 form that version 2 does not read",
            hint="write '$name' or '$(expression)'; '$$' writes a literal '$'",
        )
    old = text[at : end + 1]
    new = version_two_form(text[at + 2 : end], text[end + 1 : end + 2])
    hint = f"write '{new}'"
    if where is not None and where.file and where.origin != "cli":
        hint += f", or run 'nnspec upgrade {where.file} --in-place'"
    return TemplateError(f"the version-1 form '{old}' is not read by version 2", hint)
