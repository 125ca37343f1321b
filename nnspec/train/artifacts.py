"""Pictures people look at, written to artifacts/: loss curves and per-kind plots.

Writers register with ``@artifact``; each decides from the spec whether it
applies (a samples grid needs ``outputs.samples``, gradient norms need the
``grad_norms`` metric).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from nnspec.train.rundir import RunDir
from nnspec.train.session import Session

Writer = Callable[[Session, RunDir], None]
WRITERS: list[Writer] = []


def artifact(fn: Writer) -> Writer:
    WRITERS.append(fn)
    return fn


def write_artifacts(session: Session, rundir: RunDir) -> None:
    if rundir.writer:
        for writer in WRITERS:
            writer(session, rundir)


def _series(records: list[dict], prefix: str) -> dict[str, tuple[list, list]]:
    series: dict[str, tuple[list, list]] = {}
    for record in records:
        for key, value in record.items():
            if key.startswith(prefix) and isinstance(value, (int, float)):
                steps, values = series.setdefault(key, ([], []))
                steps.append(record["step"])
                values.append(value)
    return series


@artifact
def loss_curves(session: Session, rundir: RunDir) -> None:
    series = {k: v for k, v in _series(rundir.records(), "train/").items() if "grad_norm" not in k}
    if not series:
        return
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, (steps, values) in series.items():
        ax.plot(steps, values, label=name.removeprefix("train/"))
    ax.set(xlabel="step", ylabel="training loss", title="loss curves")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(rundir.artifacts / "loss_curves.png", dpi=100)
    plt.close(fig)


@artifact
def grad_norm_curves(session: Session, rundir: RunDir) -> None:
    series = _series(rundir.records(), "train/grad_norm/")
    if not series:
        return
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, (steps, values) in sorted(series.items()):
        ax.plot(steps, values, label=name.removeprefix("train/grad_norm/"))
    ax.set(
        xlabel="step",
        ylabel="‖∂C/∂b‖ (learning speed)",
        yscale="log",
        title="per-layer gradient norm",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(rundir.artifacts / "grad_norms.png", dpi=100)
    plt.close(fig)
