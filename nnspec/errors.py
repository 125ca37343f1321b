"""Errors that own their exit codes and carry where in a spec they come from.

Every user-facing failure is one of these. ``nnspec.cli`` renders them in one
place; nothing else prints. A bug inside nnspec is not a ``NnspecError`` and is
reported by the CLI as an internal error that asks for a bug report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file position, or a non-file origin.

    ``origin`` says how the value entered the resolved spec: ``file`` (written
    there), ``extends`` (inherited from a parent spec), ``var`` (substituted
    from ``vars``), ``default`` (filled from the registry) or ``cli`` (``--set``).
    """

    file: str | None = None
    line: int = 0
    column: int = 0
    origin: str = "file"

    def __str__(self) -> str:
        if self.origin == "cli":
            return "<command line>"
        if self.origin == "default":
            return "<default>"
        if self.file is None:
            return "<unknown>"
        return f"{self.file}:{self.line}:{self.column}"

    def with_origin(self, origin: str) -> Location:
        return Location(self.file, self.line, self.column, origin)


DEFAULT_LOCATION = Location(origin="default")
CLI_LOCATION = Location(origin="cli")


class NnspecError(Exception):
    """Base of every error a user can cause; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def render(self) -> str:
        return str(self)


class UsageError(NnspecError):
    """The command line itself is wrong (missing file, bad flag value)."""

    exit_code = 2


@dataclass
class SpecError(NnspecError):
    """One located mistake in a spec.

    Rendered as ``file:line:col: error: message (at path); did you mean 'x'?``
    followed by ``expected``/``received`` lines where they apply.
    """

    message: str
    path: str = ""
    location: Location = field(default_factory=Location)
    expected: str | None = None
    received: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        head = f"{self.location}: error: {self.message}"
        if self.path:
            head += f" (at {self.path})"
        if self.hint:
            head += f"; {self.hint}"
        lines = [head]
        if self.expected is not None:
            lines.append(f"  expected: {self.expected}")
        if self.received is not None:
            lines.append(f"  received: {self.received}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        loc = self.location
        return {
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": self.path,
            "message": self.message,
            "expected": self.expected,
            "received": self.received,
            "hint": self.hint,
        }


class SpecErrors(NnspecError):
    """Several spec mistakes found in one pass, reported together, in file order."""

    def __init__(self, errors: list[SpecError]):
        self.errors = sorted(errors, key=_error_order)
        super().__init__("\n".join(e.render() for e in self.errors))

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)


def _error_order(error: SpecError) -> tuple:
    loc = error.location
    return (loc.file or "~", loc.line, loc.column, error.path)


class RunError(NnspecError):
    """A run failed for a reason the user can act on (NaN loss, bad checkpoint, existing dir)."""


class CheckpointError(RunError):
    """A checkpoint is corrupt, unsafe, or belongs to a different spec."""


class InterruptedRun(NnspecError):
    """SIGINT or SIGTERM stopped a run; the message says what the run directory holds."""

    exit_code = 130  # as a shell reports a process stopped by SIGINT


def internal_error(trace: str, where: str = "", kept: str = "") -> str:
    """The report of a bug in nnspec (exit 3): on the terminal, and in a failed run's summary.json.

    ``where``: where a run stopped ("after step 5 of phase 'train'"); ``kept``: what it kept.
    """
    head = f"internal error {where}" if where else "internal error"
    kept = f"; {kept}" if kept else ""
    return (
        f"{head}: this is a bug in nnspec, not in your spec{kept}. Please report it "
        "with the spec and this trace:\n" + trace
    )
