"""The ``label_accuracy`` metric: a dbn's classification by the free energy of its labels."""

from __future__ import annotations

import torch

from nnspec.errors import RunError
from nnspec.metrics import accuracy
from nnspec.metrics.impl_energy import network_of
from nnspec.train.evaluate import metric
from nnspec.train.session import Session

BATCH = 1024


@metric("label_accuracy")
def label_accuracy(params: dict, session: Session, split: str) -> dict[str, float]:
    dbn = network_of(params, session, "label_accuracy")
    if not dbn.labels:
        raise RunError("label_accuracy classifies by label units; this dbn has labels: 0")
    x, y = session.rt.splits[split]
    with torch.no_grad():
        scores = [dbn.classify(x[i : i + BATCH]) for i in range(0, len(x), BATCH)]  # (B, K) each
    return {"label_accuracy": accuracy(torch.cat(scores), y)}
