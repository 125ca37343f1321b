"""Checks of the data and the evaluation across sections, which no single declaration can make.

Split fractions must leave training data; evaluation may only read splits that
exist; a watched checkpoint metric must be one that the evaluation reports; a
sampled network must be one that can be sampled.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import did_you_mean
from nnspec.spec.check.chain_shapes import check_chain_shapes
from nnspec.spec.check.early_stopping import check_early_stopping
from nnspec.spec.check.streaming import check_streaming
from nnspec.spec.located import LocDict


def check_data_and_evaluation(spec: LocDict) -> list[SpecError]:
    return (
        _split_fractions(spec)
        + _evaluated_splits(spec)
        + _watched_metric(spec)
        + check_early_stopping(spec, reported_metrics(spec))
        + _sampled_network(spec)
        + check_chain_shapes(spec)
        + check_streaming(spec)
    )


def samplers(spec: LocDict) -> list[str]:
    """The networks the spec's losses can draw samples from."""
    out = []
    for loss in spec["losses"].values():
        param = REGISTRY.get("loss", loss["type"]).info.samples
        if param is not None:
            out.append(loss[param])
    return out


def _sampled_network(spec: LocDict) -> list[SpecError]:
    """outputs.samples must name a network that something can sample."""
    samples = spec["outputs"]["samples"]
    if samples is None:
        return []
    name = samples["network"]
    found = samplers(spec)
    kind = next(iter(spec["networks"][name]))
    if name in found or REGISTRY.get("network", kind).info.sampleable:
        return []
    own = REGISTRY.having("network", "sampleable")
    return [
        SpecError(
            f"network '{name}' cannot be sampled",
            "outputs.samples.network",
            samples.where("network"),
            expected=f"a GAN's generator, a VAE's decoder, or an {' or '.join(own)}"
            + (f": {', '.join(found)}" if found else ""),
        )
    ]


def _split_fractions(spec: LocDict) -> list[SpecError]:
    split = spec["data"]["split"]
    if split["val"] + split["test"] < 1.0:
        return []
    return [
        SpecError(
            "the val and test fractions leave no training data",
            "data.split",
            spec["data"].where("split"),
            expected="val + test below 1",
            received=f"{split['val']} + {split['test']}",
        )
    ]


def available_splits(spec: LocDict) -> list[str]:
    data = spec["data"]
    return ["train"] + [s for s in ("val", "test") if data["split"][s] > 0 or data[s]]


def _evaluated_splits(spec: LocDict) -> list[SpecError]:
    evaluate, known = spec["evaluate"], available_splits(spec)
    scopes = {REGISTRY.get("metric", next(iter(m))).info.scope for m in evaluate["metrics"]}
    splits = evaluate["splits"]
    loc = evaluate.where("splits")
    if "split" not in scopes:
        # Sampling metrics read no split. Written-out splits are allowed too: a resolved
        # spec (a run's spec.yaml) spells the default [test] out and must stay valid.
        return []
    if loc.origin == "default":  # the default [test]: point at the metrics that need it
        loc = evaluate.where("metrics")
    return [
        SpecError(
            f"there is no '{split}' split to evaluate on",
            f"evaluate.splits[{i}]",
            loc,
            expected=f"one of {', '.join(known)}",
            hint=f"add data.split.{split} or data.{split}",
        )
        for i, split in enumerate(splits)
        if split not in known
    ]


def reported_metrics(spec: LocDict) -> list[str]:
    """Every ``<split>/<name>`` the evaluation will report, named as the run names them."""
    out = []
    for entry in spec["evaluate"]["metrics"]:
        ((name, params),) = entry.items()
        kind = REGISTRY.get("metric", name)
        info = kind.info
        prefixes = ["eval"] if info.scope == "samples" else list(spec["evaluate"]["splits"])
        reports = _loss_names(spec, params) if info.per_loss else info.reports
        out += [f"{p}/{r}" for p in prefixes for r in reports]
    return out


def _loss_names(spec: LocDict, params: dict) -> list[str]:
    # The loss metric reports <split>/loss for one single-term loss, else one per loss.
    names = [
        n
        for n in (params["losses"] or spec["losses"])
        if not REGISTRY.get("loss", spec["losses"][n]["type"]).terms
    ]
    return ["loss"] if len(names) == 1 else names


def _watched_metric(spec: LocDict) -> list[SpecError]:
    checkpoints = spec["outputs"]["checkpoints"]
    watch = checkpoints["watch"]
    known = reported_metrics(spec)
    if watch is None or watch in known:
        return []
    return [
        SpecError(
            f"checkpoints watch '{watch}', which the evaluation never reports",
            "outputs.checkpoints.watch",
            checkpoints.where("watch"),
            hint=did_you_mean(watch, known),
            expected=f"one of {', '.join(known)}" if known else "a metric in evaluate",
        )
    ]
