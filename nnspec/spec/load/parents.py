"""Which files ``extends`` may read, and reading them without echoing what they hold.

A spec is untrusted input (a pull request's spec is validated in CI), so a
parent is read only if it is a ``.yaml``/``.yml`` regular file under an
allowed root: the repository of the top-level spec (the nearest folder above
it holding ``.git``), or the top-level spec's own folder outside a repository,
plus any folder given with ``--allow-root``. Links are followed first, so a
link that leaves the roots is refused. A parent that is not an nnspec spec is
reported by kind and position only, never by its text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nnspec.errors import Location, SpecError
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import quoted
from nnspec.spec.grammar import SECTION_NAMES
from nnspec.spec.load.readfile import Unreadable, read_spec_bytes
from nnspec.spec.load.version import upgrade
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import LocDict

YAML_SUFFIXES = (".yaml", ".yml")


def allowed_roots(spec: Path, extra: Iterable[str | Path] = ()) -> tuple[Path, ...]:
    """The folders parents may come from: the spec's repository (or folder), then ``extra``."""
    folder = spec.resolve().parent
    repo = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), folder)
    return (repo, *(Path(root).resolve() for root in extra))


def parent_file(name: str, child: Path, loc: Location, roots: tuple[Path, ...]) -> Path:
    """The resolved file ``name`` (written in ``child`` at ``loc``) names, if it may be read."""
    target = (child.parent / name).resolve()
    if not all(p.suffix in YAML_SUFFIXES for p in (Path(name), target)):
        raise _refused(f"{quoted(name)} is not a YAML file; extends reads only specs", loc,
                       "a spec file ending in .yaml or .yml")  # fmt: skip
    if not any(target.is_relative_to(root) for root in roots):
        raise _refused(
            f"{quoted(name)} leads outside the folders extends may read",
            loc,
            "a spec under " + " or ".join(f"{shown(root)}/" for root in roots),
            "to read specs from another folder, pass --allow-root DIR",
        )
    return target


def load_parent(path: Path, name: str, loc: Location, child: Path) -> LocDict:
    """Load the parent ``path`` of ``child``; refuse one that is no spec, quoting nothing."""
    display = str(shown(path))
    try:
        spec = upgrade(load_text(read_spec_bytes(path, display), display, reveal=False))
        _check_sections(spec)  # after upgrading: an old spec may have other sections
        return spec
    except Unreadable as exc:
        if str(exc) == "does not exist":
            raise _refused(f"the spec {quoted(name)} named by extends does not exist", loc,
                           f"a file relative to {shown(child.parent)}/") from None  # fmt: skip
        raise _refused(f"the spec {quoted(name)} named by extends {exc}", loc) from None
    except SpecError as exc:
        message = f"{quoted(name)} named by extends is not an nnspec spec: {exc.message}"
        raise _refused(f"{message} ({exc.location})", loc, hint=exc.hint) from None


def _check_sections(spec: LocDict) -> None:
    for key in spec:
        if key not in SECTION_NAMES:
            where = spec.where_key(key)
            hint = did_you_mean(key, SECTION_NAMES)  # names a section, never the key
            raise SpecError("a key is not a spec section", location=where, hint=hint)


def _refused(message: str, loc: Location, expected: str | None = None,
             hint: str | None = None) -> SpecError:  # fmt: skip
    return SpecError(message, path="extends", location=loc, expected=expected, hint=hint)


def shown(path: Path) -> Path:
    """``path`` relative to the current folder where it lies below it, else absolute."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
