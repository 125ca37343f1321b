"""Static rules of the sequence phases (``tbptt``, ``rtrl``), named by their ``PhaseInfo``.

Recurrent layers are found by their ``LayerInfo.stepwise``, never by their names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY
from nnspec.registry.info import Violation
from nnspec.registry.measure_rules import static_shapes, writes_gradients
from nnspec.registry.phase_rules import length, optimizer_fits

# RTRL carries (parameters × state) sensitivities per example and an identity basis of
# (parameters × parameters): past this many recurrent parameters it is the wrong tool.
RTRL_MAX_PARAMS = 4096


def check_tbptt(spec, body, path: str) -> list[SpecError]:
    errors = optimizer_fits(spec, body["loss"], body["optimizer"], path, body.where("optimizer"))
    for name in _trained(spec, body["loss"]):
        errors += _recurrent_layers(spec, body, name, path, forward=False)
    return errors


def check_rtrl(spec, body, path: str) -> list[SpecError]:
    where = body.where("optimizer")
    errors = writes_gradients(spec, body["optimizer"], path, where, "rtrl")
    errors = errors or optimizer_fits(spec, body["loss"], body["optimizer"], path, where)
    for name in _trained(spec, body["loss"]):
        errors += _recurrent_layers(spec, body, name, path, forward=True)
    return errors


def _trained(spec, term: str) -> list[str]:
    from nnspec.spec.check.references import term_networks  # the spec side loads the registry

    # A graph's output (D.real_fake) is trained through its network (D).
    return list(dict.fromkeys(n.partition(".")[0] for n in term_networks(spec, term)))


def _layers(spec, name: str):
    """The top-level layers of a sequential network, or None for another kind."""
    ((kind, body),) = spec["networks"][name].items()
    return body.get("layers") if kind == "sequential" else None


def _known(layer: object) -> bool:
    return isinstance(layer, dict) and len(layer) == 1 and REGISTRY.get("layer", *layer) is not None


def _stepwise(layer: Mapping[str, Any]):
    ((kind, params),) = layer.items()
    return kind, params, REGISTRY.get("layer", kind).info.stepwise


def _recurrent_layers(spec, body, name: str, path: str, forward: bool) -> list[SpecError]:
    """A tbptt network needs a recurrent layer; an rtrl one needs one first, and small."""
    phase = path.rsplit(".", 1)[-1]
    layers = _layers(spec, name) or []
    if not all(_known(layer) for layer in layers):
        return []  # the network's own checks report an unknown or malformed layer
    found = [i for i, layer in enumerate(layers) if _stepwise(layer)[2] is not None]
    if not found or (forward and found[0] != 0):
        return [_not_recurrent(spec, body, name, path, phase, forward)]
    errors = []
    for i in found[:1] if forward else found:
        kind, params, rule = _stepwise(layers[i])
        broken = rule(params, forward)
        if broken is not None:
            errors.append(_broken(layers[i][kind], broken, name, i, kind, phase))
    if forward and not errors:
        errors += _rtrl_size(spec, name)
    return errors


def _not_recurrent(spec, body, name, path, phase, forward) -> SpecError:
    able = " or ".join(sorted(REGISTRY.having("layer", "stepwise")))
    if forward:
        first = next(iter(_layers(spec, name)[0])) if _layers(spec, name) else None
        return SpecError(
            f"phase '{phase}' carries the sensitivities of the first layer of network "
            f"'{name}', which must be recurrent",
            f"{path}.loss",
            body.where("loss"),
            expected=f"network '{name}' starting with a recurrent layer ({able})",
            received=f"a {first} layer first" if first else "a network without layers",
        )
    return SpecError(
        f"phase '{phase}' carries a recurrent state across windows, but network '{name}' "
        "has no recurrent layer",
        f"{path}.loss",
        body.where("loss"),
        expected=f"a network with a recurrent layer ({able})",
    )


def _broken(params, broken: Violation, name: str, i: int, kind: str, phase: str) -> SpecError:
    return SpecError(
        f"phase '{phase}' runs layer {i} of network '{name}' forward in time, but {broken.message}",
        f"networks.{name}.layers[{i}].{kind}.{broken.param}",
        params.where(broken.param),
        expected=broken.expected,
        received=broken.received,
    )


def _rtrl_size(spec, name: str) -> list[SpecError]:
    shapes = static_shapes(spec, [name])
    if shapes is None or not shapes[name].rows:
        return []  # the shape checks report why the count is unknown
    count = shapes[name].rows[0].params
    if count <= RTRL_MAX_PARAMS:
        return []
    layer = _layers(spec, name)
    return [
        SpecError(
            f"layer 0 of network '{name}' has {count:,} parameters, too many for RTRL: its "
            "sensitivities grow as parameters × state per example",
            f"networks.{name}.layers[0]",
            layer.where(0),
            expected=f"at most {RTRL_MAX_PARAMS:,} parameters in the recurrent layer",
            received=f"{count:,}",
        )
    ]


def _k2_multiple(params: Mapping[str, Any]) -> Violation | None:
    k1, k2 = params["k1"], params["k2"]
    if k2 is None or k2 % k1 == 0:
        return None
    return Violation(
        "k2",
        "k2 must be a multiple of k1 (each window replays whole earlier windows)",
        f"a multiple of k1 = {k1}",
        str(k2),
    )


def steps_rtrl(spec, entry: Mapping[str, Any], per_epoch: int) -> dict[str, int]:
    optimizer = entry["rtrl"]["optimizer"]
    return {optimizer: length(entry, per_epoch)} if isinstance(optimizer, str) else {}


def steps_tbptt(spec, entry: Mapping[str, Any], per_epoch: int) -> dict[str, int]:
    return {}  # it builds its own optimizer from the settings, spanning its windows


K2_MULTIPLE = _k2_multiple
