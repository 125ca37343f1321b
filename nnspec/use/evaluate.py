"""``nnspec evaluate``: the spec's metrics on a finished run, as the run computed them.

The run is rebuilt as ``nnspec run`` prepared it (the same seeded data, splits and
transforms, and the same smoke setting, from run_state.json), its checkpoint loaded,
and ``nnspec.train.evaluate.evaluate`` called as at the end of the run: metrics that
sample draw from the same fresh evaluation generator (the spec's seed + 10007), so
evaluating last.pt gives summary.json's metrics exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch

from nnspec.errors import UsageError
from nnspec.registry import REGISTRY
from nnspec.registry.core import did_you_mean
from nnspec.spec.typed import Application
from nnspec.train import metric_impls as _impls  # noqa: F401  (registers metrics)
from nnspec.train.evaluate import evaluate
from nnspec.use.load_run import LoadedRun
from nnspec.use.newdata import prepare_new, read_new

NEW = "data"  # the split name of --data: its metrics are data/<metric>


def evaluate_run(
    run: LoadedRun,
    splits: tuple[str, ...] = (),
    metrics: tuple[str, ...] = (),
    data: Path | None = None,
) -> dict[str, float]:
    """Metrics on the run's splits (default: the spec's evaluate.splits) or on new data."""
    spec = run.resolved.typed
    entries = chosen_metrics(spec.evaluate.metrics, metrics)
    if data is not None:
        if splits:
            raise UsageError("--split names the run's own splits; it cannot go with --data")
        add_new_split(run, data)
        entries = [e for e in entries if _scope(e) == "split"]  # sampling ignores the data
        return evaluate(run.session, entries, [NEW])
    for split in splits:  # the spec's own evaluate.splits skip absent ones, as the run did
        if split not in run.session.rt.splits:
            present = sorted(run.session.rt.splits)
            raise UsageError(f"--split {split}: this run has no {split} split (it has {present})")
    return evaluate(run.session, entries, list(splits) or spec.evaluate.splits)


def chosen_metrics(entries: Sequence[Application], names: tuple[str, ...]) -> Sequence[Application]:
    """The spec's metrics, or those named (each must be one of the spec's)."""
    by_name = {entry.kind: entry for entry in entries}
    for name in names:
        if name not in by_name:
            hint = did_you_mean(name, list(by_name))
            known = ", ".join(by_name) or "none"
            raise UsageError(
                f"--metric {name}: not a metric of this run's spec (its metrics: {known})"
                + (f"; {hint}" if hint else "")
            )
    return [by_name[n] for n in dict.fromkeys(names)] if names else entries


def _scope(entry: Application) -> str:
    return REGISTRY.get("metric", entry.kind).info.scope


def add_new_split(run: LoadedRun, path: Path) -> None:
    """Read, transform and place new data as the run's ``data`` split."""
    rt = run.session.rt
    spec = run.resolved.typed
    found = prepare_new(read_new(path, spec.data), run.state, spec, str(path))
    y = found.get("y")
    if y is None and run.state["y"] is not None:
        raise UsageError(
            f"--data {path}: it has no labels, but the run's metrics compare with labels "
            "(give a CSV with the label column, or an NPZ with a y array; "
            "nnspec predict needs no labels)"
        )
    rt.splits[NEW] = (
        torch.as_tensor(found["x"], device=rt.device),
        None if y is None else torch.as_tensor(y, device=rt.device),
    )
