"""The deep belief network with wake-sleep fine-tuning: the ``dbn`` network and its phase.

Seed 003 ("DBN ... fine-tuning (backprop or wake-sleep)") and Hinton, Osindero & Teh
(2006): after greedy pretraining the directed levels get recognition (up) and
generative (down) weights of their own, and the up-down (wake-sleep) algorithm
trains them while the top RBM, optionally joined by label units, keeps learning by CD
on the up-pass. Classification is by the free energy of the top RBM with each label.
"""

from __future__ import annotations

from itertools import pairwise

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY, declare
from nnspec.registry.datasets import dataset_info
from nnspec.registry.info import MetricInfo, NetworkInfo, PhaseInfo
from nnspec.registry.networks import INIT_STD, SAMPLE_STEPS, UNITS
from nnspec.registry.params import Int, ListOf, Param, Ref, RefOrTyped
from nnspec.registry.phase_rules import length, network_is


def _sizes(p: dict) -> list[int]:
    return [p["visible"], *p["hidden"]]


def _count(p: dict, x: tuple, env: object) -> int:
    """The RBMs' (W, a, b), the untied (W, bias) pairs of each directed level, the labels'."""
    pairs = list(pairwise(_sizes(p)))
    rbms = sum(v * h + v + h for v, h in pairs)
    untied = sum(2 * v * h + v + h for v, h in pairs[:-1])
    return rbms + untied + p["labels"] * (pairs[-1][1] + 1)


declare(
    "network",
    "dbn",
    "A deep belief network: RBMs pretrained greedily, whose directed levels a wake_sleep "
    "phase unties into recognition and generative weights; optional label units at the top.",
    Param("visible", Int(1), doc="number of visible units"),
    Param("hidden", ListOf(Int(1), min_len=2), doc="hidden units of each level, bottom first"),
    Param("labels", Int(0), 0, "label units joined to the top RBM's visible units (0: none)"),
    UNITS,
    INIT_STD,
    SAMPLE_STEPS,
    shape=lambda p, x, env: (p["hidden"][-1],),
    count=_count,
    info=NetworkInfo(stackable=True, unrollable=True, sampleable=True, rbms=True, untied=True),
)


def _sound(dataset) -> bool:
    """A normalised dataset entry: one registered kind with its parameters."""
    if not isinstance(dataset, dict) or len(dataset) != 1:
        return False
    ((kind, params),) = dataset.items()
    return isinstance(params, dict) and kind in REGISTRY.names("dataset")


def _labels_fit(spec, body, path: str) -> list[SpecError]:
    """Label units are clamped to one-hot labels: the data must have as many classes."""
    wanted = next(iter(spec["networks"][body["stack"]].values())).get("labels")
    dataset = spec["data"].get("dataset") if isinstance(spec.get("data"), dict) else None
    if not wanted or not _sound(dataset):
        return []  # a broken data section is reported by its own checks
    try:
        classes = dataset_info(dataset)["classes"]
    except (KeyError, TypeError, ValueError):
        return []  # parameters the dataset's own checks refuse
    if classes == wanted:
        return []
    received = "data without labels" if classes is None else f"data with {classes} classes"
    return [
        SpecError(
            f"the wake_sleep phase clamps the {wanted} label units of '{body['stack']}' "
            "to the data's labels",
            f"{path}.stack",
            body.where("stack"),
            expected=f"labels: {classes}" if classes else "labels: 0, or labelled data",
            received=received,
        )
    ]


def _optimizer_updates_stack(spec, body, path: str) -> list[SpecError]:
    """A named optimizer must update the stack (an inline one updates it by default)."""
    optimizer = body["optimizer"]
    updates = optimizer["params"] if isinstance(optimizer, dict) else None
    if isinstance(optimizer, str):
        updates = spec["optimizers"][optimizer]["params"]
    if not updates or body["stack"] in updates:
        return []
    return [
        SpecError(
            f"the wake_sleep phase trains '{body['stack']}', which its optimizer does not update",
            f"{path}.optimizer",
            body.where("optimizer"),
            expected=f"an optimizer over {body['stack']}",
            received=f"params: [{', '.join(updates)}]",
        )
    ]


def check_wake_sleep(spec, body, path: str) -> list[SpecError]:
    errors = network_is(spec, body, "stack", "untied", path)
    return errors or _labels_fit(spec, body, path) + _optimizer_updates_stack(spec, body, path)


def steps_wake_sleep(spec, entry, per_epoch: int) -> dict[str, int]:
    optimizer = entry["wake_sleep"]["optimizer"]
    return {optimizer: length(entry, per_epoch)} if isinstance(optimizer, str) else {}


declare(
    "phase",
    "wake_sleep",
    "Up-down (wake-sleep) fine-tuning of a dbn: untie its directed levels, train the generative "
    "weights on the up-pass, the recognition weights on the down-pass, the top RBM by CD.",
    Param("stack", Ref("network"), doc="the dbn to fine-tune"),
    Param(
        "optimizer",
        RefOrTyped("optimizer", "optimizer"),
        doc="an optimizer's name, or one written inline (sgd, as Hinton et al. 2006)",
    ),
    Param("k", Int(1), 1, "Gibbs steps of the top RBM's CD per update"),
    info=PhaseInfo(
        length=True,
        check=check_wake_sleep,
        optimizer_steps=steps_wake_sleep,
        planner="nnspec.train.wake_sleep:plan_wake_sleep",
    ),
)


declare(
    "metric",
    "label_accuracy",
    "Accuracy of a dbn with label units classifying by free energy: the label k whose "
    "top-RBM free energy F(up-pass, k) is lowest (Hinton et al. 2006).",
    Param("network", Ref("network"), None, "the dbn; default: the spec's only dbn"),
    info=MetricInfo(
        "split",
        ("label_accuracy",),
        needs_labels=True,
        network_has="untied",
        network_needs="labels",
    ),
)
