"""The sweep file's keys, declared like a spec's sections (strict keys, defaults, types).

A sweep file is ``nnspec``, ``name``, ``extends`` (the one spec it searches over)
and ``sweep``. It never holds spec sections: the base spec stays a spec that runs
on its own, and a trial's spec is the base with the sampled values set.
"""

from __future__ import annotations

from typing import Any

from nnspec.registry.params import (
    REQUIRED,
    Bool,
    Choice,
    Float,
    Int,
    Invalid,
    ParamType,
    Str,
    Struct,
)
from nnspec.registry.params import Param as P
from nnspec.spec.grammar import NAME_PATTERN, NAME_RULE

KINDS = ("choice", "uniform", "log_uniform", "int")
DIRECTIONS = ("maximize", "minimize")
SAMPLERS = ("tpe", "random")


class Passthrough(ParamType):
    """A value parsed later by its own rules (the search space, the pruner)."""

    def __init__(self, text: str):
        self.text = text

    def describe(self) -> str:
        return self.text

    def check(self, value: Any) -> Any:
        if not isinstance(value, (dict, str)):
            raise Invalid(self.text, value)
        return value

    def schema(self) -> dict:
        return {}


MEDIAN = (
    P("startup_trials", Int(min=0), 2, "trials that run to the end before any is pruned"),
    P("warmup_steps", Int(min=0), 0, "steps of a trial before it may be pruned"),
)

SWEEP = (
    P("metric", Str(), REQUIRED, "the metric to optimise, as the run logs it: val/accuracy"),
    P("direction", Choice(DIRECTIONS), REQUIRED, "maximize or minimize the metric"),
    P("trials", Int(min=1, max=100000), REQUIRED, "how many trials the study holds in all"),
    P("jobs", Int(min=1, max=256), 1, "trials run at once on this machine (--jobs)"),
    P("seed", Int(min=0), 0, "the sampler's seed"),
    P("sampler", Choice(SAMPLERS), "tpe", "tpe (Bayesian) or random"),
    P("pruner", Passthrough("median, none, or {median: {...}}"), "median", "pruning"),
    P("params", Passthrough("a mapping of spec paths to search spaces"), REQUIRED, "the space"),
)

FILE = (
    P("nnspec", Int(min=1), 2, "the language version"),
    P("name", Str(NAME_PATTERN, "a safe name", NAME_RULE), None, "the study's name"),
    P("extends", Str(), REQUIRED, "the spec file the sweep searches over"),
    P("sweep", Struct(SWEEP), REQUIRED, "the search"),
)

RANGE = (
    P("low", Float(), REQUIRED, "the smallest value"),
    P("high", Float(), REQUIRED, "the largest value"),
)
INT_RANGE = (
    P("low", Int(), REQUIRED, "the smallest value"),
    P("high", Int(), REQUIRED, "the largest value"),
    P("step", Int(min=1), 1, "the spacing of the values"),
    P("log", Bool(), False, "sample on a log scale"),
)
