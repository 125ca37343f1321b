"""Reading version-1 text: its stamp, its ``${...}`` forms and their version-2 spelling.

Version 1 wrote vars as ``${name}`` and ``${expr}``, and ``$${`` for a literal
``${``. Braces are YAML flow indicators, so ``input: [${latent}]`` is not YAML:
version 1 hid the braces of each ``${...}`` before parsing. Version 2 reads a
spec as written; this module keeps the old reading for ``nnspec upgrade`` and
for telling a user that a spec which does not parse is a version-1 spec.
"""

from __future__ import annotations

import re
from typing import Any

from nnspec.errors import Location, SpecError
from nnspec.spec.load.template import NAME, version_one_error, version_two_form
from nnspec.spec.load.version import CURRENT_VERSION, old_version

VAR_RE = re.compile(r"\$\{([^{}\n]*)\}")
OPEN, CLOSE, COMMA = "\ue000", "\ue001", "\ue002"
STAMP_RE = re.compile(r"^nnspec:[ \t]*(\d+)[ \t]*(?:#.*)?$", re.MULTILINE)
NEEDS_ESCAPE = "$({"  # what a version-2 '$' reads as a form when it comes next


def protect(text: str) -> str:
    """Hide the braces (and commas) of each ``${...}`` so version-1 text parses.

    Each hidden character is a private-use character of the same length, so
    the columns of the composed nodes index the original text.
    """
    return VAR_RE.sub(lambda m: f"${OPEN}{m.group(1).replace(',', COMMA)}{CLOSE}", text)


def restore(value: Any) -> Any:
    """A protected string as it was written."""
    if isinstance(value, str) and OPEN in value:
        return value.replace(OPEN, "{").replace(CLOSE, "}").replace(COMMA, ",")
    return value


def declared_stamp(text: str) -> tuple[int, int, int] | None:
    """``(version, line, column)`` of a top-level ``nnspec: N`` line, read as text."""
    match = STAMP_RE.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return int(match.group(1)), line, match.start(1) - match.start() + 1


def unparsed(text: str, name: str, error: SpecError, reveal: bool = True) -> SpecError:
    """What to report for text that is not YAML: its old version, or the old form that broke it.

    With ``reveal=False`` (a file ``extends`` names) the old form is not quoted.
    """
    stamp = declared_stamp(text)
    if stamp is not None and 1 <= stamp[0] < CURRENT_VERSION:
        return old_version(stamp[0], Location(name, stamp[1], stamp[2]))
    if not reveal:
        return error
    lines = text.splitlines()
    line = lines[error.location.line - 1] if 0 < error.location.line <= len(lines) else ""
    old = VAR_RE.search(line)
    if old is None:
        return error
    where = Location(name, error.location.line, old.start() + 1)
    leftover = version_one_error(line, old.start(), where)
    return SpecError(str(leftover), location=where, hint=leftover.hint)


def rewrite(raw: str) -> str:
    """The version-2 spelling of version-1 scalar text (only its ``$`` forms change)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        token, i = _token(raw, i)
        out.append(token)
    return "".join(out)


def _token(raw: str, i: int) -> tuple[str, int]:
    if raw.startswith("$${", i):  # version 1's literal '${', which version 2 also writes so
        return "$${", i + 3
    var = VAR_RE.match(raw, i)
    if var:
        return version_two_form(var.group(1), raw[var.end() : var.end() + 1]), var.end()
    if raw[i] == "$" and _read_as_a_form(raw[i + 1 : i + 2]):
        return "$$", i + 1  # a literal '$' in version 1, which version 2 would read as a form
    return raw[i], i + 1


def _read_as_a_form(after: str) -> bool:
    return bool(after) and (after in NEEDS_ESCAPE or NAME.match(after) is not None)
