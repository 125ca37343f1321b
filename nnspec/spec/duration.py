"""A time period in a spec: a number of minutes, or a duration with a unit ("90s", "2h").

Resolved to minutes, so spec.yaml and ``nnspec diff`` show one form; 0 (or null)
means "never".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from nnspec.registry.params import Invalid, ParamType

PATTERN = r"^[0-9]+(\.[0-9]+)?(s|m|min|h)$"
MINUTES_PER = {"s": 1 / 60, "m": 1.0, "min": 1.0, "h": 60.0}


@dataclass(frozen=True)
class Minutes(ParamType):
    """A period in minutes: ``10``, ``0.5``, ``"90s"``, ``"10min"``, ``"2h"``; 0 or null: off."""

    def describe(self) -> str:
        return "a number of minutes >= 0, or a duration such as '90s', '10min' or '2h'"

    def check(self, value: Any) -> float | int:
        if value is None:
            return 0
        if isinstance(value, str):
            match = re.match(PATTERN, value)
            if match is None:
                raise Invalid(self.describe(), value)
            value = float(value[: match.start(2)]) * MINUTES_PER[match.group(2)]
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(self.describe(), value)
        elif not math.isfinite(value) or value < 0:
            raise Invalid(self.describe(), value, f"{value} is out of range")
        return int(value) if value == int(value) else value

    def schema(self) -> dict:
        # A branch on the value's type, so a validator reports the one rule that applies.
        return {
            "if": {"type": "string"},
            "then": {"type": "string", "pattern": PATTERN},
            "else": {"type": ["number", "null"], "minimum": 0},
        }
