"""The results table of a study and the line that names its best trial."""

from __future__ import annotations

import optuna
from optuna.trial import FrozenTrial, TrialState
from rich.table import Table

from nnspec.sweep.sweepfile import Sweep


def results_table(study: optuna.Study, sweep: Sweep) -> Table:
    """One row per trial: its values, the metric (a pruned trial's last), state, seconds."""
    best = best_trial(study)
    heads = _headers([space.path for space in sweep.space])
    table = Table(title=f"sweep {sweep.name}: {sweep.section['direction']} {sweep.metric}",
                  title_justify="left")  # fmt: skip
    for head in ("trial", *heads.values(), sweep.metric, "state", "seconds"):
        table.add_column(head, justify="left" if head in ("trial", "state") else "right")
    for trial in study.get_trials(deepcopy=False):
        mark = " *" if best is not None and trial.number == best.number else ""
        values = [short(trial.params.get(path)) for path in heads]
        table.add_row(f"{trial.number:04d}{mark}", *values, _metric(trial), _state(trial),
                      _seconds(trial))  # fmt: skip
    return table


def _headers(paths: list[str]) -> dict[str, str]:
    """Each path's last segment, or the whole path where two would read alike."""
    last = {path: path.rsplit(".", 1)[-1] for path in paths}
    names = list(last.values())
    return {path: name if names.count(name) == 1 else path for path, name in last.items()}


def short(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _metric(trial: FrozenTrial) -> str:
    if trial.state == TrialState.COMPLETE:
        return short(trial.value)
    if trial.intermediate_values:
        return short(trial.intermediate_values[max(trial.intermediate_values)])
    return "-"


def _state(trial: FrozenTrial) -> str:
    if trial.user_attrs.get("interrupted"):
        return "interrupted"
    return trial.state.name.lower()


def _seconds(trial: FrozenTrial) -> str:
    if trial.datetime_start is None or trial.datetime_complete is None:
        return "-"
    return f"{(trial.datetime_complete - trial.datetime_start).total_seconds():.1f}"


def best_trial(study: optuna.Study) -> FrozenTrial | None:
    """The best completed trial, or None while none has completed."""
    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return study.best_trial if done else None
