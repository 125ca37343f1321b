"""The Optuna side: storage, the study, its sampler, pruner and distributions.

Imported only by ``nnspec sweep`` and its trial processes, after checking that
Optuna is installed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import optuna

from nnspec.errors import RunError
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.sweep.space import Space
from nnspec.sweep.sweepfile import Sweep

FINGERPRINT = "nnspec_sweep"  # the study's user attribute naming what it searches
SQLITE_WAIT_S = 60  # trial processes write to one SQLite file; wait for its lock, do not fail

optuna.logging.set_verbosity(optuna.logging.WARNING)


def storage(url: str) -> optuna.storages.RDBStorage:
    """An RDB storage; SQLite waits for its write lock rather than failing at once."""
    kwargs = {"connect_args": {"timeout": SQLITE_WAIT_S}} if url.startswith("sqlite") else {}
    try:
        return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
    except Exception as exc:  # SQLAlchemy's errors: a bad URL, a missing driver, no server
        raise RunError(f"cannot open the Optuna storage {url}: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def open_study(sweep: Sweep, url: str, base: ResolvedSpec) -> optuna.Study:
    """Create the sweep's study, or load it to continue, refusing one made by another sweep."""
    study = optuna.create_study(
        storage=storage(url),
        sampler=_sampler(sweep),
        pruner=_pruner(sweep),
        study_name=sweep.name,
        direction=sweep.section["direction"],
        load_if_exists=True,
    )
    mark = fingerprint(sweep, base)
    found = study.user_attrs.get(FINGERPRINT)
    if found is None:
        study.set_user_attr(FINGERPRINT, mark)
    elif found != mark:
        raise RunError(
            f"the study '{sweep.name}' in {url} was started by another sweep (its base spec, "
            "metric, direction or search space differ), and nothing in it was changed; "
            "continue it with the sweep that started it, or give this one another name or --out"
        )
    return study


def fingerprint(sweep: Sweep, base: ResolvedSpec) -> str:
    """What makes trials comparable: the resolved base spec, the metric and the space."""
    spaces = [[s.path, s.kind, list(s.choices), s.low, s.high, s.step, s.log] for s in sweep.space]
    what = [base.plain(), sweep.metric, sweep.section["direction"], spaces]
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


def _sampler(sweep: Sweep) -> optuna.samplers.BaseSampler:
    seed = sweep.section["seed"]
    if sweep.section["sampler"] == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    # TPE's default of 10 random trials would make a short sweep a random search.
    startup = min(10, max(2, sweep.section["trials"] // 3))
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup)


def _pruner(sweep: Sweep) -> optuna.pruners.BasePruner:
    if sweep.pruner is None:
        return optuna.pruners.NopPruner()
    return optuna.pruners.MedianPruner(
        n_startup_trials=sweep.pruner["startup_trials"],
        n_warmup_steps=sweep.pruner["warmup_steps"],
    )


def distributions(sweep: Sweep) -> dict[str, optuna.distributions.BaseDistribution]:
    return {space.path: _distribution(space) for space in sweep.space}


def _distribution(space: Space) -> Any:
    dists = optuna.distributions
    if space.kind == "choice":
        return dists.CategoricalDistribution(space.choices)
    if space.kind == "int":
        return dists.IntDistribution(space.low, space.high, log=space.log, step=space.step)
    return dists.FloatDistribution(space.low, space.high, log=space.log)


def counted(study: optuna.Study) -> int:
    """Trials that count toward the total: all but those stopped by an interrupt."""
    return sum(not t.user_attrs.get("interrupted") for t in study.get_trials(deepcopy=False))
