"""Where a full-batch optimizer (``OptimizerInfo.full_batch``, e.g. ``lbfgs``) fits.

Each of its steps evaluates the loss on every training example, re-evaluating as its
line search asks. So it needs a phase whose update is one loss term the loop calls
(``PhaseInfo.full_batch``), every example in memory (not ``data.stream``), and a phase
counted in steps: an epoch of minibatches means nothing to it, and it accumulates
nothing. Each error is located at the key that breaks the rule.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.located import LocDict
from nnspec.words import a


def check_full_batch(spec: LocDict, phase: LocDict, kind: str, path: str) -> list[SpecError]:
    """The full-batch optimizers of one schedule item, each where it can run."""
    errors: list[SpecError] = []
    for update, at in _updates(phase[kind], f"{path}.{kind}"):
        optimizer = update["optimizer"]
        body = spec["optimizers"].get(optimizer) if isinstance(optimizer, str) else optimizer
        if isinstance(body, dict) and REGISTRY.get("optimizer", body["type"]).info.full_batch:
            where = (at, update.where("optimizer"))
            misfits = _fits(spec, phase, kind, body["type"], path, where)
            errors += misfits or _objective(spec, update, body["type"], where)
    return errors


def _objective(spec: LocDict, update: LocDict, optimizer: str, where) -> list[SpecError]:
    """A loss that writes its own gradients (cd) has no objective the line search can
    differentiate."""
    name = update["loss"].split(".")[0] if isinstance(update["loss"], str) else None
    body = spec["losses"].get(name) if isinstance(spec.get("losses"), dict) else None
    kind = body.get("type") if isinstance(body, dict) else None
    declared = REGISTRY.get("loss", kind) if isinstance(kind, str) else None
    if declared is None or not declared.info.writes_gradients:
        return []
    return [
        SpecError(
            f"optimizer '{optimizer}' needs the gradient of its objective, but loss '{name}' "
            "writes its own update",
            f"{where[0]}.optimizer",
            where[1],
            expected="a minibatch optimizer (sgd, momentum, adam)",
            received=f"'{optimizer}'",
        )
    ]


def _updates(body: object, path: str) -> list[tuple[LocDict, str]]:
    """The (loss, optimizer) items of a phase body, with their paths: itself, or its lists'."""
    if _is_update(body):
        return [(body, path)]
    items = body.items() if isinstance(body, dict) else []
    return [
        (item, f"{path}.{key}[{j}]")
        for key, value in items
        if isinstance(value, list)
        for j, item in enumerate(value)
        if _is_update(item)
    ]


def _is_update(value: object) -> bool:
    return isinstance(value, dict) and "loss" in value and "optimizer" in value


def _fits(spec: LocDict, phase: LocDict, kind: str, optimizer: str, path: str, where):
    if not REGISTRY.get("phase", kind).info.full_batch:
        return [
            SpecError(
                f"optimizer '{optimizer}' evaluates its loss on every training example in each "
                f"step, which {_phase(kind)} does not let it do",
                f"{where[0]}.optimizer",
                where[1],
                expected=" or ".join(_phase(k) for k in REGISTRY.having("phase", "full_batch")),
                received=_phase(kind),
            )
        ]
    return (
        _length(phase, optimizer, path)
        + _accumulate(phase, optimizer, path)
        + _memory(spec, optimizer, where)
    )


def _length(phase: LocDict, optimizer: str, path: str) -> list[SpecError]:
    if phase.get("epochs") is None:
        return []
    return [
        SpecError(
            f"optimizer '{optimizer}' evaluates its loss on every training example in each "
            "step, so its phase counts steps, not epochs",
            f"{path}.epochs",
            phase.where("epochs"),
            expected="steps: N (each step runs up to max_iter iterations)",
            received=f"epochs: {phase['epochs']}",
        )
    ]


def _accumulate(phase: LocDict, optimizer: str, path: str) -> list[SpecError]:
    if phase["accumulate"] == 1:
        return []
    return [
        SpecError(
            f"optimizer '{optimizer}' evaluates its loss on every training example in each "
            "step: there are no batches to accumulate",
            f"{path}.accumulate",
            phase.where("accumulate"),
            expected="accumulate: 1",
            received=f"accumulate: {phase['accumulate']}",
        )
    ]


def _memory(spec: LocDict, optimizer: str, where) -> list[SpecError]:
    if not spec["data"].get("stream"):
        return []
    return [
        SpecError(
            f"optimizer '{optimizer}' evaluates its loss on every training example at once, "
            "which streamed data do not hold in memory",
            f"{where[0]}.optimizer",
            where[1],
            expected="data.stream: false, or a minibatch optimizer",
            received="data.stream: true",
        )
    ]


def _phase(kind: str) -> str:
    """'a 'train' phase', 'an 'alternate' phase': the article of the kind's name."""
    return f"{a(kind).split(' ', 1)[0]} '{kind}' phase"
