"""A fuzzer that swaps kinds within a category across every bundled spec.

Each case puts another kind of the same category where a bundled spec names one
(a layer, loss, optimizer, dataset, metric, phase, init, noise, transform or
learning-rate schedule). Validating it must give a valid spec or located errors,
never an internal error; a sample of the valid ones must also run (``--smoke``)
to a summary.json or an ``NnspecError``.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnspec.errors import NnspecError
from nnspec.registry import REGISTRY
from nnspec.spec.pipeline import resolve
from tests.spec.kind_swaps import Site, current, spec_sites, swapped

SPECS = Path(__file__).resolve().parents[2] / "specs"
BUNDLED = sorted(SPECS.glob("*.yaml")) + sorted((SPECS / "optimizers").glob("*.yaml"))


@functools.cache
def cases() -> list[tuple[str, dict, Site, str]]:
    """Every (spec, tree, site, new kind) swap of the bundled specs."""
    out = []
    for path in BUNDLED:
        tree = resolve(path).plain()
        for site in spec_sites(tree):
            old = current(tree, site)
            out += [
                (path.name, tree, site, new) for new in REGISTRY.names(site.category) if new != old
            ]
    return out


def validate_swap(folder: Path, tree: dict, site: Site, new: str) -> Exception | None:
    """Validate the swapped spec in-process; the exception it raised, or None if valid."""
    path = folder / "swap.yaml"
    path.write_text(yaml.safe_dump(swapped(tree, site, new), sort_keys=False))
    try:
        resolve(path)
    except Exception as exc:  # the callers sort located errors from internal ones
        return exc
    return None


def assert_located(folder: Path, case: tuple) -> None:
    name, tree, site, new = case
    outcome = validate_swap(folder, tree, site, new)
    assert outcome is None or isinstance(outcome, NnspecError), (
        f"{name}: {site.category} at {site.path} -> {new}: {outcome!r}"
    )


def test_there_are_thousands_of_cases_in_every_category() -> None:
    categories = {site.category for _, _, site, _ in cases()}
    assert len(cases()) > 5000
    assert categories >= {"layer", "loss", "optimizer", "dataset", "metric", "phase", "init"}
    assert categories >= {"noise", "transform", "lr_schedule"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_swap_validates_or_gives_located_errors(tmp_path_factory, data) -> None:
    case = data.draw(st.sampled_from(cases()), label="case")
    assert_located(tmp_path_factory.mktemp("swap"), case)


@pytest.mark.slow
def test_every_swap_validates_or_gives_located_errors(tmp_path: Path) -> None:
    for case in cases():
        assert_located(tmp_path, case)


def valid_sample(folder: Path, count: int) -> list[tuple[tuple, str, Path]]:
    """A seeded sample of swapped specs that validate, written under ``folder``."""
    picked, rng = [], random.Random(14)
    for i, (name, tree, site, new) in enumerate(rng.sample(cases(), len(cases()))):
        if validate_swap(folder, tree, site, new) is not None:
            continue
        path = folder / f"swap-{i}.yaml"
        (folder / "swap.yaml").rename(path)
        label = f"{name}: {site.category} {site.path} -> {new}"
        picked.append(((site.category, new), label, path))
        if len(picked) == count:
            break
    return picked


@pytest.mark.slow
def test_a_sample_of_valid_swaps_runs_a_smoke_test(tmp_path: Path, monkeypatch) -> None:
    from nnspec import api

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    crashes = []
    for _, label, path in valid_sample(tmp_path, 20):
        out = tmp_path / "runs" / path.stem
        try:
            api.run(api.load(path), out=out, smoke=True)
        except NnspecError:
            pass  # a located failure still writes its summary
        except Exception as exc:  # a bug in nnspec: listed, and the test fails below
            crashes += [f"{label}: {exc!r}"]
            continue
        # Never half-written: a summary, or (failing before it starts) no run directory.
        assert (out / "summary.json").is_file() or not out.exists(), label
    assert crashes == []
