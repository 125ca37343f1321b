"""Which networks a metric may score: of a kind it understands, or trained as a classifier.

A likelihood metric scores a network whose kind's ``NetworkInfo`` carries the
metric's ``network_has`` flag: the one it names, else the spec's only such network.
The network judging a conditional generator's samples is one a loss trains to classify.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.located import LocDict
from nnspec.words import a


def either(names: list[str]) -> str:
    """'a, b or c'."""
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def wrong_name(
    message: str, where: tuple, fitting: list[str], otherwise: str, received: str
) -> list[SpecError]:
    """A metric parameter ``where = (metric, params, key, path)`` names the wrong thing:
    expected one of ``fitting``, or ``otherwise`` when the spec has none that fits."""
    name, params, key, path = where
    return [
        SpecError(
            message,
            f"{path}.{name}.{key}",
            params.where(key),
            expected=f"one of {', '.join(fitting)}" if fitting else otherwise,
            received=received,
        )
    ]


def classifier(spec: LocDict, name: str, params: LocDict, path: str) -> list[SpecError]:
    """The network judging a metric's samples is one a loss trains as a classifier."""
    trained = []
    for loss in spec["losses"].values():
        role = REGISTRY.get("loss", loss["type"]).info.roles.get("classifier")
        if role is not None and loss[role] not in trained:
            trained.append(loss[role])
    named = params["classifier"]
    if named in trained:
        return []
    kinds = [k.name for k in REGISTRY.kinds("loss") if "classifier" in k.info.roles]
    message = (
        f"metric '{name}': network '{named}' is not a classifier: "
        "no loss of this spec trains it to classify"
    )
    otherwise = f"the model of {a(either(kinds))} loss"
    return wrong_name(message, (name, params, "classifier", path), trained, otherwise, f"'{named}'")


def network_kind(spec, name: str, params, flag: str, path: str, entry) -> list[SpecError]:
    """A likelihood or recall metric scores a network of a kind that has ``flag``."""
    kinds = REGISTRY.having("network", flag)
    fitting = _fitting(spec, flag)
    wanted = f"a network of kind {either(kinds)}"
    named = params.get("network")
    if named is not None:
        kind = next(iter(spec["networks"][named]))
        message = f"metric '{name}' scores {wanted}; '{named}' is of kind {kind}"
        where = (name, params, "network", path)
        return (
            []
            if named in fitting
            else wrong_name(message, where, fitting, wanted, f"'{named}' ({kind})")
        )
    if len(fitting) == 1:
        return []
    if not fitting:
        present = ", ".join(f"'{n}' ({next(iter(net))})" for n, net in spec["networks"].items())
        message = f"metric '{name}' scores {wanted}, but the spec has none"
        return [SpecError(message, path, entry.loc, expected=wanted, received=present)]
    message = f"metric '{name}' scores {wanted}, and the spec has {len(fitting)}: name one"
    expected = f"network: one of {', '.join(fitting)}"
    return [SpecError(message, path, entry.loc, expected=expected, received="no network")]


def network_setting(spec, name: str, params, info, path: str) -> list[SpecError]:
    """The scored network sets the parameter the metric reads (``MetricInfo.network_needs``)."""
    key = info.network_needs
    if key is None:
        return []
    # network_kind has checked that the named network fits, or that exactly one does
    named = params.get("network") or _fitting(spec, info.network_has)[0]
    ((kind, body),) = spec["networks"][named].items()
    value = body.get(key, 0) if isinstance(body, dict) else None
    if not isinstance(value, int) or value > 0:  # a non-integer is the network's own error
        return []
    written = body.where(key).origin != "default"  # else point at the network
    return [
        SpecError(
            f"metric '{name}' needs '{key}' above 0 on network '{named}'",
            f"networks.{named}.{kind}" + (f".{key}" if written else ""),
            body.where(key) if written else body.loc,
            expected=f"{key}: above 0",
            received=f"{key}: {value}" + ("" if written else " (the default)"),
        )
    ]


def _fitting(spec, flag: str) -> list[str]:
    """The spec's networks of a kind whose ``NetworkInfo`` has ``flag``."""
    kinds = REGISTRY.having("network", flag)
    return [n for n, net in spec["networks"].items() if next(iter(net)) in kinds]
