"""The sections of a spec, declared with the same parameter types as the registry.

The normaliser, the JSON Schema and the docs all read these declarations.
Kinds that users name inside sections (layers, losses, ...) come from the
registry; this module declares only the frame around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nnspec.registry.params import (
    Bool,
    Choice,
    Float,
    Int,
    ListOf,
    MapOf,
    Nested,
    Param,
    ParamType,
    Ref,
    Str,
    Struct,
    Typed,
    WordOr,
)
from nnspec.spec.duration import Minutes
from nnspec.spec.load.version import CURRENT_VERSION

# A name is one path segment, so runs/NAME stays inside runs/ ("..", "/x" and "a/b" are not names).
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
NAME_RULE = (
    "one path segment of letters, digits, '.', '_' and '-', starting with a letter or digit, "
    "at most 128 characters"
)


def safe_name(stem: str) -> str:
    """A file stem made a safe name, for specs without ``name`` ("my spec" → "my-spec")."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).lstrip("._-")[:128]
    return name or "spec"


@dataclass(frozen=True)
class NetworkEntry(ParamType):
    """A network: ``{input, layers, init}`` or a one-key non-sequential kind (``rbm: {...}``)."""

    def describe(self) -> str:
        return "a network: 'input' and 'layers', or one network kind such as 'rbm'"

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        return {"$ref": "#/$defs/network_entry"}


@dataclass(frozen=True)
class PhaseEntry(ParamType):
    """One schedule item: a phase kind key with its body, plus the common phase keys."""

    def describe(self) -> str:
        return "a phase: one phase kind (train, alternate, layerwise, ...) and its length"

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        return {"$ref": "#/$defs/phase_entry"}


@dataclass(frozen=True)
class AnyValue(ParamType):
    """Any plain YAML value (the values of ``vars``)."""

    def describe(self) -> str:
        return "any value"

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        return {}


DATA = Struct(
    (
        Param(
            "dataset", Nested("dataset"), doc="the dataset to load, e.g. digits or {ring: {...}}"
        ),
        Param(
            "split",
            Struct(
                (
                    Param(
                        "val",
                        Float(0, 0.9),
                        0.0,
                        "fraction of the dataset held out for validation (val/ metrics)",
                    ),
                    Param(
                        "test",
                        Float(0, 0.9),
                        0.0,
                        "fraction of the dataset held out for testing (test/ metrics)",
                    ),
                    Param(
                        "order",
                        Choice(("nnspec", "scikit-learn")),
                        "nnspec",
                        "how rows are assigned: nnspec's own seeded shuffle, or scikit-learn: "
                        "the rows and order of train_test_split(random_state=seed)",
                    ),
                )
            ),
            {},
            "fractions carved from the dataset with the spec's seed; the rest trains",
        ),
        Param("transforms", Nested("transform", many=True), [], "applied in order after splitting"),
        Param("batch_size", Int(1, 1_000_000), 64, "examples per training step"),
        Param("shuffle", Bool(), True, "reshuffle the training data every epoch"),
        Param("drop_last", Bool(), False, "drop the last incomplete batch of an epoch"),
        Param(
            "stream",
            Bool(),
            False,
            "read the examples batch by batch from their files (npy, or csv) instead of "
            "holding them in memory: for data larger than memory",
        ),
        Param(
            "workers",
            Int(0, 64),
            0,
            "processes that read and transform streamed batches (0: the training process)",
        ),
        Param(
            "val",
            Nested("dataset"),
            None,
            "a separate dataset used whole as the validation split, instead of split.val",
        ),
        Param(
            "test",
            Nested("dataset"),
            None,
            "a separate dataset used whole as the test split, instead of split.test",
        ),
    )
)

PHASE_COMMON = (
    Param("phase", Str(), None, "a label for logs and metrics; defaults to the phase kind"),
    Param("steps", Int(1), None, "optimizer steps (cycles for alternate); or give epochs"),
    Param("epochs", Int(1), None, "passes over the training data; or give steps"),
    Param(
        "accumulate",
        Int(1, 1_000_000),
        1,
        "batches whose gradients each optimizer step averages: one step sees accumulate x "
        "batch_size examples (train phases)",
    ),
    Param(
        "freeze",
        ListOf(Ref("network")),
        [],
        "networks or graph nodes (NET.NODE) whose parameters this phase leaves as they are",
    ),
    Param(
        "shared",
        ListOf(Ref("network")),
        [],
        "graph nodes (NET.NODE) that two optimizers of this phase may both update",
    ),
)

EARLY_STOPPING = Struct(
    (
        Param("watch", Str(), doc="the metric to watch, e.g. val/loss"),
        Param(
            "patience",
            Int(1),
            5,
            "stop after this many evaluations in a row without an improvement",
        ),
        Param("mode", Choice(("max", "min")), "max", "whether higher or lower is better"),
        Param(
            "min_delta",
            Float(0),
            0.0,
            "an improvement must beat the best so far by more than this",
        ),
        Param(
            "restore_best",
            Bool(),
            False,
            "at the end, load best.pt's weights: the final metrics and last.pt are the best's",
        ),
    )
)

EVALUATE = Struct(
    (
        Param(
            "every",
            Int(1),
            None,
            "evaluate every this many optimizer steps, counted across all phases; "
            "null (the default): once, at the end of the run",
        ),
        Param(
            "splits",
            ListOf(Choice(("train", "val", "test")), scalar_ok=True),
            ["test"],
            "which data splits metrics are computed on",
        ),
        Param("metrics", Nested("metric", many=True), [], "the metrics to compute"),
        Param(
            "batch_size",
            Int(1, 1_000_000),
            1024,
            "examples per evaluation batch (metrics, predict): larger is faster, smaller "
            "needs less memory; independent of data.batch_size",
        ),
        Param(
            "early_stopping",
            EARLY_STOPPING,
            None,
            "stop training when a watched metric stops improving (needs every)",
        ),
    )
)

CHECKPOINTS = Struct(
    (
        Param("every", Int(1), None, "also save last.pt every this many steps"),
        Param(
            "period",
            Minutes(),
            10,
            "also save last.pt when this long has passed since it was last saved (checked "
            "where the loop logs): minutes, or a duration such as '90s' or '2h'; 0 or null: never",
        ),
        Param(
            "watch", Str(), None, "a metric name; best.pt keeps the best value, e.g. val/accuracy"
        ),
        Param("mode", Choice(("max", "min")), "max", "whether higher or lower is better"),
    )
)

SAMPLES = Struct(
    (
        Param("network", Ref("network"), doc="the generator or decoder to sample from"),
        Param(
            "every",
            Int(1),
            None,
            "also write artifacts/samples_step<step>.png every this many optimizer steps",
        ),
        Param("count", Int(1, 100_000), 64, "how many samples to draw"),
    )
)

OUTPUTS = Struct(
    (
        Param(
            "samples",
            SAMPLES,
            None,
            "draw from a generative network: artifacts/samples.png at the end, a grid of "
            "images or a scatter of 2-D points (one row per class when conditional)",
        ),
        Param("checkpoints", CHECKPOINTS, {}, "checkpoint policy"),
        Param("log_every", Int(1), 50, "log training losses every this many steps"),
        Param(
            "plots",
            Bool(),
            True,
            "write loss curves and other figures to artifacts/ (metrics also go to "
            "tensorboard/ when the tensorboard extra is installed)",
        ),
    )
)

RUN = Struct(
    (
        Param("device", Choice(("auto", "cpu", "cuda")), "auto", "where to train"),
        Param("compile", Bool(), False, "wrap networks in torch.compile"),
        Param("deterministic", Bool(), True, "use deterministic algorithms where torch has them"),
        Param("on_nan", Choice(("stop", "skip")), "stop", "what a NaN or infinite loss does"),
        Param(
            "precision",
            Choice(("fp32", "bf16", "fp16")),
            "fp32",
            "autocast the loss terms to bfloat16 or float16 (fp16 with a grad scaler per "
            "optimizer); evaluation stays float32",
        ),
        Param(
            "threads",
            WordOr("auto", Int(1, 1024)),
            "auto",
            "CPU threads per process for torch's operators; auto times a few warm-up steps "
            "at 1 thread and at the free cores and keeps the faster",
        ),
    )
)

SECTIONS = (
    Param("nnspec", Int(1, CURRENT_VERSION), CURRENT_VERSION, "the language version of this spec"),
    Param(
        "name",
        Str(NAME_PATTERN, "a safe name", NAME_RULE),
        None,
        "the experiment's name, also its run directory runs/NAME; defaults to the file name",
    ),
    Param("description", Str(), "", "what the experiment is, in one sentence"),
    Param(
        "seed",
        Int(0, 2**32 - 1),
        0,
        "the seed of every random choice: splits, init, batches, noise",
    ),
    Param("extends", ListOf(Str(), scalar_ok=True), None, "spec files this one inherits from"),
    Param("vars", MapOf(AnyValue()), {}, "named values, used anywhere as $name or in $(expr)"),
    Param("data", DATA, doc="the data to train and evaluate on"),
    Param("networks", MapOf(NetworkEntry()), doc="the networks, by name"),
    Param("losses", MapOf(Typed("loss")), doc="the losses, by name"),
    Param("optimizers", MapOf(Typed("optimizer")), {}, "the optimizers, by name"),
    Param("schedule", ListOf(PhaseEntry(), min_len=1), doc="the training phases, in order"),
    Param("evaluate", EVALUATE, {}, "periodic and final evaluation"),
    Param("outputs", OUTPUTS, {}, "what the run writes besides metrics"),
    Param("run", RUN, {}, "how the run executes"),
)
SECTION_NAMES = tuple(p.name for p in SECTIONS)
