"""What a metric needs of the spec around it, read from its ``MetricInfo``.

A metric scores a network (or a loss): the one it names, or by default the one a
loss offers for its role. That network must be one it can score: sampled by a
loss (and conditioned on labels) for a sampling metric, of a kind with a
likelihood for an RBM metric, trained as a classifier for the network that judges
samples. Each error is located at the parameter that names the wrong network, or
at the metric when it names none.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.check.metric_networks import (
    classifier,
    either,
    network_kind,
    network_setting,
    wrong_name,
)
from nnspec.spec.check.shapes import takes_labels
from nnspec.spec.located import LocDict
from nnspec.words import a


def metric_needs(spec: LocDict, entry: LocDict, path: str, labelled: bool) -> list[SpecError]:
    ((name, params),) = entry.items()
    info = REGISTRY.get("metric", name).info
    errors = []
    if info.needs_labels and not labelled:
        errors.append(
            SpecError(
                f"metric '{name}' needs labels, but the data have none",
                path,
                entry.loc,
                expected="a dataset with labels",
                received=unlabelled(spec),
            )
        )
    if info.needs_modes:
        errors += _modes(spec, name, path, entry)
    if info.needs_classifier:
        errors += classifier(spec, name, params, path)
    if info.network_has is not None:
        errors += network_kind(spec, name, params, info.network_has, path, entry)
        return errors or network_setting(spec, name, params, info, path)
    default = _default_network(spec, name, params, info, path, entry)
    if default or not info.needs_sampleable:
        return errors + default
    return errors + _sampled(spec, name, params, info.needs_conditional, path, entry)


def unlabelled(spec: LocDict) -> str:
    return f"dataset '{next(iter(spec['data']['dataset']))}', which has no labels"


def offering(spec: LocDict, role: str) -> list[str]:
    """The losses of the spec that offer ``role`` to metrics, in spec order."""
    return [
        name
        for name, loss in spec["losses"].items()
        if role in REGISTRY.get("loss", loss["type"]).info.roles
    ]


def _modes(spec: LocDict, name: str, path: str, entry: LocDict) -> list[SpecError]:
    data = spec["data"]
    dataset = next(iter(data["dataset"]))
    if REGISTRY.get("dataset", dataset).info.modes is not None and not data["transforms"]:
        return []
    known = [k.name for k in REGISTRY.kinds("dataset") if k.info.modes is not None]
    return [
        SpecError(
            f"metric '{name}' compares samples with the true modes of the data",
            path,
            entry.loc,
            expected=f"a {' or '.join(known)} dataset without transforms",
            received=f"dataset '{dataset}'" + (" with transforms" if data["transforms"] else ""),
        )
    ]


def _described(spec: LocDict) -> str:
    """The spec's losses, as a 'received' line: 'gan' (minimax), ..."""
    return ", ".join(f"'{n}' ({loss['type']})" for n, loss in spec["losses"].items())


def _default_network(spec, name: str, params, info, path: str, entry) -> list[SpecError]:
    """A metric that scores a role's network by default needs a loss that offers it."""
    key = "loss" if "loss" in params else "network"
    if info.role is None:
        return []
    if key == "loss" and params["loss"] is not None:
        return _named_loss(spec, name, params, info.role, path)
    if params.get(key) is not None:
        return []
    if offering(spec, info.role):
        return []
    kinds = [k.name for k in REGISTRY.kinds("loss") if info.role in k.info.roles]
    return [
        SpecError(
            f"metric '{name}' has no {key} to score: no loss of this spec is a {info.role}",
            path,
            entry.loc,
            expected=f"{a(either(kinds))} loss, or {key}: <a {key} name>",
            received=_described(spec),
        )
    ]


def _named_loss(spec: LocDict, name: str, params: LocDict, role: str, path: str) -> list[SpecError]:
    """A metric that names its loss names one that offers the metric's role."""
    named = params["loss"]
    kind = spec["losses"][named]["type"]
    if role in REGISTRY.get("loss", kind).info.roles:
        return []
    fitting = offering(spec, role)
    kinds = [k.name for k in REGISTRY.kinds("loss") if role in k.info.roles]
    message = f"metric '{name}' scores a loss that is a {role}; loss '{named}' is not one"
    where = (name, params, "loss", path)
    return wrong_name(
        message, where, fitting, f"a loss of kind {either(kinds)}", f"'{named}' ({kind})"
    )


def _sampling_losses(spec: LocDict) -> dict[str, str]:
    """Each network a loss samples from, with the first loss that does."""
    out: dict[str, str] = {}
    for loss_name, loss in spec["losses"].items():
        param = REGISTRY.get("loss", loss["type"]).info.samples
        if param is not None:
            out.setdefault(loss[param], loss_name)
    return out


def _sampled_network(spec: LocDict, params: LocDict) -> str:
    """The metric's network, or the sampler of the first loss that offers one."""
    if params.get("network") is not None:
        return params["network"]
    loss = spec["losses"][offering(spec, "sampler")[0]]
    return loss[REGISTRY.get("loss", loss["type"]).info.roles["sampler"]]


def _sampled(spec, name: str, params, conditional: bool, path: str, entry) -> list[SpecError]:
    """A sampling metric's network is drawn through a loss (conditioned, if it must be)."""
    network = _sampled_network(spec, params)
    owners = _sampling_losses(spec)
    chains = _self_sampling(spec)
    if network in chains and network not in owners:
        return _unconditional(name, network, path, entry) if conditional else []
    if network not in owners:
        kinds = [k.name for k in REGISTRY.kinds("loss") if k.info.samples is not None]
        message = f"metric '{name}' draws samples, but no loss of this spec samples '{network}'"
        otherwise = f"a network of {a(either(kinds))} loss, or {a(either(_chain_kinds()))}"
        fitting = list(owners) + [n for n in chains if n not in owners]
        return wrong_name(
            message, (name, params, "network", path), fitting, otherwise, f"'{network}'"
        )
    loss_name = owners[network]
    if not conditional or spec["losses"][loss_name].get("conditional"):
        return []
    if takes_labels(spec["networks"].get(network.partition(".")[0])):
        return []  # a graph's label input conditions it
    return [
        SpecError(
            f"metric '{name}' needs a conditional generator; loss '{loss_name}' samples "
            f"'{network}' without labels",
            path,
            entry.loc,
            expected=f"conditional: true in loss '{loss_name}', or a label input in '{network}'",
            received="conditional: false",
        )
    ]


def _chain_kinds() -> list[str]:
    return REGISTRY.having("network", "sampleable")


def _self_sampling(spec: LocDict) -> list[str]:
    """The networks that draw their own samples by chains (``NetworkInfo.sampleable``)."""
    kinds = _chain_kinds()
    return [n for n, net in spec["networks"].items() if next(iter(net)) in kinds]


def _unconditional(name: str, network: str, path: str, entry: LocDict) -> list[SpecError]:
    """A conditional metric cannot score a network's own chains, which draw no labels."""
    return [
        SpecError(
            f"metric '{name}' needs a conditional generator; '{network}' samples itself, by "
            "chains without labels",
            path,
            entry.loc,
            expected="a generator of a loss with conditional: true",
            received=f"'{network}'",
        )
    ]
