"""``nnspec validate SPEC...`` without click or rich, for the common case: every spec is valid.

An editor or a pre-commit hook runs validate on every save. Importing click and rich takes
about as long as validating a spec, so they are imported only where there is more to draw:
an error, an option, ``--help``. Then the full command runs instead, from the start, and
reports in its own words (validation is pure: running it twice changes nothing).
"""

from __future__ import annotations

import sys


def validate_quickly(argv: list[str]) -> bool:
    """True when ``argv`` was a plain ``validate`` of valid specs, now reported as ok."""
    if len(argv) < 2 or argv[0] != "validate" or any(a.startswith("-") for a in argv[1:]):
        return False
    from nnspec.spec.pipeline import resolve

    try:
        for spec in argv[1:]:
            resolve(spec)
    except Exception:  # an invalid spec, or anything else: the full command reports it
        return False
    sys.stdout.write("".join(f"{spec}: ok\n" for spec in argv[1:]))
    return True
