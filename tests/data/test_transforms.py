"""Transforms: shapes against their declared rules, fitting, and exactness against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler

from nnspec.data.transforms import TRANSFORMS
from nnspec.errors import RunError
from nnspec.registry import REGISTRY

RNG = np.random.default_rng(0)
REAL = {
    "train": RNG.normal(size=(6, 2, 3)).astype(np.float32),
    "val": np.ones((2, 2, 3), np.float32),
}
IDS = {"train": np.array([[0, 2], [1, 1]]), "test": np.array([[2, 0]])}

# Example parameters and the data of each declared transform.
EXAMPLES = {
    "scale": ({"from": [-1, 1]}, REAL),
    "minmax": ({}, REAL),
    "standardize": ({"per_feature": False}, REAL),
    "binarize": ({}, REAL),
    "flatten": ({}, REAL),
    "reshape": ({"shape": [3, 1, 2]}, REAL),
    "noise": ({"std": 0.3, "splits": ["val"]}, REAL),
    "one_hot": ({"classes": 4}, IDS),
    "one_hot_inputs": ({"classes": 3}, IDS),
}


def run(name: str, arrays: dict, seed: int = 0, **given) -> dict:
    params = {p.name: p.default for p in REGISTRY.get("transform", name).params} | given
    return TRANSFORMS[name](params, arrays, np.random.default_rng(seed))


def test_every_transform_has_an_example_and_an_implementation():
    assert sorted(EXAMPLES) == sorted(TRANSFORMS) == REGISTRY.names("transform")


@pytest.mark.parametrize("kind", REGISTRY.kinds("transform"), ids=lambda k: k.name)
def test_output_shapes_equal_the_declared_rule(kind):
    given, arrays = EXAMPLES[kind.name]
    params = {p.name: p.default for p in kind.params} | given
    out = TRANSFORMS[kind.name](params, arrays, np.random.default_rng(0))
    assert out.keys() == arrays.keys()
    for split, a in arrays.items():
        assert out[split].shape == (len(a), *kind.shape(params, a.shape[1:], None))


@pytest.mark.parametrize("fit", ["train", "all"])
def test_minmax_equals_scikit_learn_bit_for_bit(fit):
    x = np.random.default_rng(1).normal(size=(50, 4)).astype(np.float32) * [1, 5, 0, 100]
    x = x.astype(np.float32)  # the third feature is constant
    out = run("minmax", {"train": x[:40], "test": x[40:]}, fit=fit, to=[-1, 2])
    scaler = MinMaxScaler(feature_range=(-1, 2)).fit(x if fit == "all" else x[:40])
    np.testing.assert_array_equal(np.concatenate([out["train"], out["test"]]), scaler.transform(x))


def test_scale_maps_a_fixed_range_or_the_fitted_one():
    x = {"train": np.array([[2.0, 4.0]], np.float32), "test": np.array([[6.0, 0.0]], np.float32)}
    np.testing.assert_allclose(run("scale", x, **{"from": [0, 8]})["test"], [[0.75, 0.0]])
    fitted = run("scale", x, minmax=True, to=[-1, 1])
    np.testing.assert_allclose(fitted["train"], [[-1, 1]])
    np.testing.assert_allclose(fitted["test"], [[3, -3]])
    with pytest.raises(
        RunError, match=r"^scale: minmax needs varying data, but every value is 2.0$"
    ):
        run("scale", {"train": np.full((3, 1), 2.0, np.float32)}, minmax=True)


def test_standardize_uses_train_statistics_and_spares_constant_features():
    train = np.array([[0.0, 5.0], [2.0, 5.0]], np.float32)
    out = run("standardize", {"train": train, "val": np.array([[4.0, 6.0]], np.float32)})
    np.testing.assert_allclose(out["train"], [[-1, 0], [1, 0]])
    np.testing.assert_allclose(out["val"], [[3, 1]])


def test_binarize_is_strictly_above_the_threshold():
    out = run("binarize", {"train": np.array([[0.2, 0.5, 0.7]], np.float32)})["train"]
    np.testing.assert_array_equal(out, [[0, 0, 1]])
    assert out.dtype == np.float32


def test_one_hot_checks_its_labels():
    np.testing.assert_array_equal(
        run("one_hot", {"train": np.array([2, 0])}, classes=3)["train"], [[0, 0, 1], [1, 0, 0]]
    )
    with pytest.raises(RunError, match=r"^one_hot: train value 3 is outside 0..2$"):
        run("one_hot", {"train": np.array([3])}, classes=3)
    with pytest.raises(RunError, match=r"^one_hot: the train values are not integer class ids"):
        run("one_hot", {"train": np.array([0.5])}, classes=3)


def test_noise_is_seeded_and_touches_only_its_splits():
    x = {"train": np.zeros((500, 2), np.float32), "test": np.zeros((5, 2), np.float32)}
    a, b = (
        run("noise", x, seed=1, std=0.5, splits=["train"]),
        run("noise", x, seed=1, std=0.5, splits=["train"]),
    )
    np.testing.assert_array_equal(a["train"], b["train"])
    np.testing.assert_array_equal(a["test"], 0)
    assert abs(a["train"].std() - 0.5) < 0.03
    assert not np.array_equal(a["train"], run("noise", x, seed=2, std=0.5)["train"])


def test_reshape_refuses_a_different_number_of_values():
    with pytest.raises(
        RunError, match=r"^reshape: each example has 6 values, but shape \[4\] needs 4$"
    ):
        run("reshape", REAL, shape=[4])
