"""nnspec.load_run and predict: the run's fitted transforms on new inputs, every task."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import nnspec
from nnspec.data import load_data
from nnspec.errors import UsageError
from nnspec.spec.typed import Data
from nnspec.use.load_run import load_run
from nnspec.use.newdata import prepare_new
from nnspec.use.predict import sample

STANDARDIZED = ("mlp-digits.yaml", "data.transforms=[{standardize: {}}]")


def raw_and_transformed(spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """The test split before and after the spec's transforms."""
    bare = Data.of({**spec["data"], "transforms": []})
    raw = load_data(bare, spec["seed"], Path("."))["test"]["x"]
    return raw, load_data(Data.of(spec["data"]), spec["seed"], Path("."))["test"]["x"]


def test_the_fitted_statistics_are_kept_and_reapplied_exactly(smoke_run) -> None:
    out = smoke_run(*STANDARDIZED)
    state = json.loads((out / "run_state.json").read_text())
    assert [t["kind"] for t in state["transforms"]] == ["standardize"]
    assert len(state["transforms"][0]["state"]["mean"]) == 64
    loaded = nnspec.load_run(out)
    raw, transformed = raw_and_transformed(loaded.spec)
    again = prepare_new({"x": raw}, loaded.state, loaded.resolved.typed, "test")["x"]
    assert np.array_equal(again, transformed)  # the train statistics, not the test rows'


def test_a_classifier_gives_probabilities_and_labels(smoke_run) -> None:
    loaded = nnspec.load_run(smoke_run(*STANDARDIZED))
    raw, transformed = raw_and_transformed(loaded.spec)
    result = loaded.predict(raw[:7])
    with torch.no_grad():
        logits = loaded.modules["mlp"](torch.as_tensor(transformed[:7]))
    assert np.array_equal(result["outputs"], logits.numpy())
    assert np.allclose(result["probabilities"].sum(1), 1.0)
    assert np.array_equal(result["labels"], logits.argmax(1).numpy())
    assert not any(m.training for m in loaded.modules.values())


def test_an_autoencoder_gives_reconstructions(smoke_run) -> None:
    loaded = nnspec.load_run(smoke_run("denoising-ae-digits.yaml"))
    result = loaded.predict(np.full((3, 64), 8.0, np.float32))
    assert set(result) == {"outputs"} and result["outputs"].shape == (3, 64)


def test_samples_are_seeded(smoke_run) -> None:
    loaded = load_run(smoke_run("vae-digits.yaml"))
    first, again = sample(loaded, 4), sample(loaded, 4)
    assert first.shape == (4, 64) and np.array_equal(first, again)
    assert not np.array_equal(sample(loaded, 4, seed=1), first)


def test_inputs_of_another_shape_are_refused(smoke_run) -> None:
    loaded = nnspec.load_run(smoke_run("xor.yaml"))
    with pytest.raises(nnspec.errors.RunError) as caught:
        loaded.predict(np.zeros((2, 3), np.float32))
    assert str(caught.value) == (
        "inputs: each example has shape [3] (3 values), "
        "but the run was trained on examples of shape [2] (2 values)"
    )


def test_a_run_without_a_predicting_network_says_what_to_do(smoke_run) -> None:
    loaded = nnspec.load_run(smoke_run("gan-ring.yaml"))
    with pytest.raises(UsageError) as caught:
        loaded.predict(np.zeros((2, 2), np.float32))
    assert str(caught.value).startswith("this run has no network that maps inputs to predictions")


def test_a_run_dir_without_run_state_refits_from_the_spec(smoke_run, tmp_path: Path) -> None:
    out = smoke_run(*STANDARDIZED)
    kept = json.loads((out / "run_state.json").read_text())
    (out / "run_state.json").rename(tmp_path / "run_state.json")
    try:
        loaded = nnspec.load_run(out)
    finally:
        (tmp_path / "run_state.json").rename(out / "run_state.json")
    assert loaded.state["transforms"] == kept["transforms"] and loaded.state["smoke"] is False
