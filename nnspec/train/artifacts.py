"""Pictures people look at, written to artifacts/: loss curves and per-kind plots.

Writers register with ``@artifact``; each decides from the spec whether it
applies (a samples grid needs ``outputs.samples``, gradient norms need the
``grad_norms`` metric).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
import numpy as np

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


def _smooth(values: list[float], window: int = 25) -> np.ndarray:
    """A trailing moving average, so the per-layer trend shows through per-batch noise."""
    data = np.asarray(values, dtype=float)
    kernel = np.ones(min(window, len(data))) / min(window, len(data))
    return np.convolve(data, kernel, mode="valid")


@artifact
def grad_norm_curves(session: Session, rundir: RunDir) -> None:
    """Seed 000's "learning speed": ‖∂C/∂b‖ of each layer, over training and on average."""
    series = _series(rundir.records(), "train/grad_norm/")
    if not series:
        return
    names = sorted(series, key=lambda k: int(k.rsplit("layer", 1)[-1]))
    fig, (curves, bars) = plt.subplots(1, 2, figsize=(11, 4), width_ratios=[2, 1])
    for name in names:
        steps, values = series[name]
        smooth = _smooth(values)
        curves.plot(steps[len(steps) - len(smooth) :], smooth, label=name.rsplit("/", 1)[-1])
    curves.set(
        xlabel="step",
        ylabel="‖∂C/∂b‖ (moving average)",
        yscale="log",
        title="learning speed per layer",
    )
    curves.legend(fontsize=8)
    means = [float(np.mean(series[n][1][: max(1, len(series[n][1]) // 5)])) for n in names]
    bars.bar([n.rsplit("/", 1)[-1] for n in names], means, color="tab:blue")
    bars.set(yscale="log", title="mean over the first fifth of training")
    fig.tight_layout()
    fig.savefig(rundir.artifacts / "grad_norms.png", dpi=100)
    plt.close(fig)
