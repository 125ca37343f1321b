"""validate checks sharded and memory-mapped data files, and what streamed data can feed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.spec.check.test_data_files import validate

SPEC = """\
nnspec: 2
data:
  dataset: {npy: {path: x-*.npy, labels: y-*.npy}}
  stream: true
networks:
  mlp:
    layers: [{linear: 2}]
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    steps: 1
"""
X = np.zeros((4, 3), np.uint8)
Y = np.zeros(4, np.int64)


@pytest.fixture
def npy_spec(write_spec, edit):
    """``npy_spec(old, new, **files)``: the spec edited, beside x-0.npy, x-1.npy and labels."""

    def make(old: str = "", new: str = "", **arrays: np.ndarray) -> Path:
        for name, array in ({"x-0": X, "x-1": X, "y-0": Y, "y-1": Y} | arrays).items():
            if array is not None:
                np.save(f"{name}.npy", array)
        return write_spec(edit(SPEC, old, new) if old else SPEC)

    return make


def test_sharded_npy_files_that_agree_are_valid(cli, npy_spec) -> None:
    assert cli("validate", npy_spec()).exit_code == 0


AT_PATH = "spec.yaml:3:25: error: "
AT_LABELS = "spec.yaml:3:42: error: "


@pytest.mark.parametrize(
    ("old", "new", "arrays", "expected"),
    [
        (
            "x-*.npy",
            "parts/x-*.npy",
            {},
            AT_PATH + "parts/x-*.npy: no files match (looked in parts) "
            "(at data.dataset.npy.path)\n  expected: a pattern that matches at least one file",
        ),
        (
            "",
            "",
            {"x-1": np.zeros((4, 3), np.float32)},
            AT_PATH + "x-1.npy: shards differ: dtype '<f4' and examples of shape [3], but "
            "x-0.npy has '|u1' and [3] (at data.dataset.npy.path)\n"
            "  expected: shards of one dtype and one example shape",
        ),
        (
            "",
            "",
            {"x-1": np.zeros((4, 5), np.uint8)},
            AT_PATH + "x-1.npy: shards differ: dtype '|u1' and examples of shape [5], but "
            "x-0.npy has '|u1' and [3] (at data.dataset.npy.path)\n"
            "  expected: shards of one dtype and one example shape",
        ),
        (
            "",
            "",
            {"x-0": np.zeros((4, 3), np.complex64)},
            AT_PATH + "x-0.npy: NPY dtype '<c8' cannot be read as numbers "
            "(at data.dataset.npy.path)\n"
            "  expected: an array of booleans, integers or floating-point numbers",
        ),
        (
            "",
            "",
            {"x-0": np.asfortranarray(np.zeros((4, 3), np.uint8))},
            AT_PATH + "x-0.npy: stored in Fortran order, so one example's values are not "
            "contiguous (at data.dataset.npy.path)\n"
            "  expected: a C-ordered array (numpy.ascontiguousarray before numpy.save)",
        ),
        (
            "",
            "",
            {"y-1": np.zeros(3, np.int64)},
            AT_LABELS + "y-1.npy: 4 examples but 3 labels (at data.dataset.npy.labels)",
        ),
        (
            "y-*.npy",
            "y-0.npy",
            {},
            AT_LABELS + "y-0.npy: 1 label file(s) for 2 example file(s) "
            "(at data.dataset.npy.labels)\n"
            "  expected: one label file per example file, matched in sorted order",
        ),
    ],
    ids=["no-match", "dtypes", "columns", "complex", "fortran", "label-rows", "label-files"],
)
def test_bad_shards_are_located(cli, npy_spec, old, new, arrays, expected) -> None:
    assert validate(cli, npy_spec(old, new, **arrays)) == expected


ONLY = "; or stream: false"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  stream: true\n",
            "  workers: 2\n",
            "spec.yaml:4:12: error: workers read streamed batches, but data.stream is false "
            "(at data.workers)\n  expected: stream: true, or workers: 0\n  received: workers: 2",
        ),
        (
            "{npy: {path: x-*.npy, labels: y-*.npy}}",
            "xor",
            "spec.yaml:3:12: error: dataset 'xor' cannot use streamed data (data.stream: true) "
            f"(at data.dataset)\n  expected: one of csv, npy{ONLY}",
        ),
        (
            "  stream: true\n",
            "  stream: true\n  transforms: [{noise: {std: 0.1}}]\n",
            "spec.yaml:5:16: error: transform 'noise' cannot use streamed data (data.stream: true) "
            "(at data.transforms[0])\n  expected: one of binarize, flatten, minmax, reshape, "
            f"scale, standardize{ONLY}",
        ),
        (
            "schedule:",
            "evaluate: {metrics: [accuracy, parzen], splits: [train]}\nschedule:",
            "spec.yaml:10:32: error: metric 'parzen' cannot use streamed data (data.stream: true) "
            f"(at evaluate.metrics[1])\n  expected: one of accuracy, loss, mse{ONLY}\n"
            "spec.yaml:10:32: error: metric 'parzen' has no network to score: no loss of this "
            "spec is a sampler (at evaluate.metrics[1])\n"
            "  expected: an acgan, elbo, infogan, laplacian_gan, minimax, walkback or wasserstein "
            "loss, or network: <a network name>\n"
            "  received: 'xent' (cross_entropy)",
        ),
        (
            "  - train: {loss: xent, optimizer: {type: adam}}\n    steps: 1\n",
            "  - store: {network: mlp}\n",
            "spec.yaml:11:5: error: phase 'store' cannot use streamed data (data.stream: true) "
            "(at schedule[0])\n  expected: one of alternate, train; or stream: false\n"
            "spec.yaml:11:22: error: a 'store' phase needs a hopfield network "
            "(at schedule[0].store.network)\n  expected: hopfield\n"
            "  received: 'mlp', a sequential network",
        ),
        (
            "  - train:",
            "  - trian:",
            "spec.yaml:11:5: error: unknown phase 'trian' (at schedule[0]); did you mean 'train'?",
        ),
        (
            "xent: {type: cross_entropy, model: mlp}",
            "xent: {type: cd, model: mlp}",
            "spec.yaml:9:9: error: loss 'xent' (cd) cannot use streamed data (data.stream: true): "
            "it reads every training example at once (at losses.xent)\n"
            "  expected: stream: false\n"
            "spec.yaml:9:27: error: contrastive divergence trains a dbn or rbm or rbm_stack "
            "(at losses.xent.model)\n  expected: a dbn or rbm or rbm_stack network\n"
            "  received: 'mlp', a sequential network",
        ),
    ],
    ids=["workers", "dataset", "transform", "metric", "phase", "unknown-phase", "loss"],
)
def test_what_streamed_data_cannot_feed_is_located(cli, npy_spec, old, new, expected) -> None:
    assert validate(cli, npy_spec(old, new)) == expected


def test_csv_shards_with_other_columns_are_located(cli, write_spec) -> None:
    Path("t-0.csv").write_text("a,b,label\n1,2,0\n")
    Path("t-1.csv").write_text("a,c,label\n1,2,0\n")
    spec = SPEC.replace(
        "{npy: {path: x-*.npy, labels: y-*.npy}}", "{csv: {path: t-*.csv, label: label}}"
    )
    assert validate(cli, write_spec(spec)) == (
        "spec.yaml:3:25: error: t-1.csv: shards differ: columns ['a', 'c', 'label'], but "
        "t-0.csv has ['a', 'b', 'label'] (at data.dataset.csv.path)\n"
        "  expected: shards with the same columns"
    )
