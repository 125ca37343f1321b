"""``evaluate.batch_size``: evaluation batches of that size, the same metrics at any size."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.api import load
from nnspec.train import metric_impls  # noqa: F401  (registers the metrics)
from nnspec.train.evaluate import evaluate
from nnspec.train.prepare import prepare


@pytest.mark.parametrize("size", [7, 100, 5000])
def test_metrics_run_in_evaluation_batches_of_the_spec_s_size(tiny_spec: Path, size) -> None:
    resolved = load(tiny_spec, (f"evaluate.batch_size={size}",))
    session, _ = prepare(resolved, torch.device("cpu"), smoke=False)
    seen: list[int] = []
    session.rt.networks["mlp"].register_forward_hook(lambda m, i, o: seen.append(len(i[0])))
    spec = resolved.typed
    metrics = evaluate(session, spec.evaluate.metrics, spec.evaluate.splits)
    test_rows = len(session.rt.splits["test"][0])  # 360 digits
    assert max(seen) == min(size, test_rows)
    assert sum(seen) == 2 * test_rows  # accuracy and loss each read the split once
    default, _ = prepare(load(tiny_spec), torch.device("cpu"), smoke=False)
    same = evaluate(default, spec.evaluate.metrics, spec.evaluate.splits)
    assert metrics == pytest.approx(same, rel=1e-5)
