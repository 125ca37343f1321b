"""Static checks of a normalised spec: references, data files, phases, shapes and wiring.

Each check returns the errors it finds and runs on the parts of the spec that are
sound (``spec.soundness``), so one pass reports every independent mistake: an
unknown name in a loss beside a shape mismatch in another network and a phase
without a length. ``check`` also returns the per-network static shapes for
``show`` and ``diff``.
"""

from __future__ import annotations

from pathlib import Path

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.spec.check.data_and_evaluation import check_data_and_evaluation
from nnspec.spec.check.data_files import check_data_files, known_data
from nnspec.spec.check.kind_checks import check_kinds
from nnspec.spec.check.loss_sums import check_sums
from nnspec.spec.check.optimizer_checks import check_optimizers
from nnspec.spec.check.schedule_checks import check_phases
from nnspec.spec.check.section_shapes import DataShape, check_wiring, data_shape, network_shapes
from nnspec.spec.check.shapes import NetworkShape
from nnspec.spec.check.soundness import Soundness
from nnspec.spec.located import LocDict
from nnspec.spec.normalize import Reference


def check(
    spec: LocDict,
    refs: list[Reference],
    errors: list[SpecError] | tuple = (),
    base_dir: Path | None = None,
) -> tuple[dict[str, NetworkShape], list[SpecError]]:
    """Every check whose parts are sound; ``errors`` are the normaliser's, kept first.

    ``base_dir`` is where the spec's data paths resolve (the loaders resolve them
    against the spec's folder); without it data files are not looked at.
    """
    sound = Soundness(spec, refs, list(errors))
    found = list(errors) + sound.errors
    if sound.sound("losses"):
        found += sound.note(check_sums(spec))  # a sum that contains itself has no networks
    if sound.sound("schedule", "losses", "optimizers") and sound.networks_named_in("schedule"):
        found += check_phases(spec)
    if sound.sound("schedule", "optimizers", "networks", "losses"):
        found += check_optimizers(spec)
    if sound.sound("data", "evaluate", "outputs", "losses") and sound.networks_named_in("outputs"):
        found += check_data_and_evaluation(spec)
    if sound.sound("data", "evaluate", "losses", "networks"):
        found += sound.note(check_kinds(spec))  # what each kind needs of the spec around it
    data, data_errors = _data(spec, sound, base_dir)
    found += data_errors
    fed, fed_errors = _fed_without_input(spec)
    found += fed_errors
    shapes, shape_errors = _shapes(spec, sound, data, fed)
    found += shape_errors
    whole = len(shapes) == len(spec.get("networks") or {}) and not shape_errors + fed_errors
    if whole and data is not None and sound.sound("losses"):
        found += check_wiring(spec, shapes, data)
    return shapes, found


def _data(
    spec: LocDict, sound: Soundness, base_dir: Path | None
) -> tuple[DataShape | None, list[SpecError]]:
    """The data's static shape, with what the files' headers say; None when unsound."""
    if not sound.sound("data"):
        return None, []
    section, errors = spec["data"], []
    if base_dir is not None:
        files, errors = check_data_files(section, base_dir)
        section = known_data(section, files)
    shape, shape_errors = data_shape({"data": section})
    errors += shape_errors
    return (None if errors else shape), errors


def _shapes(
    spec: LocDict, sound: Soundness, data: DataShape | None, fed: set[str]
) -> tuple[dict[str, NetworkShape], list[SpecError]]:
    """The shapes of every sound network; one without ``input`` needs sound data."""
    networks = spec.get("networks")
    if not isinstance(networks, dict):
        return {}, []
    shaped = {
        name: network
        for name, network in networks.items()
        if sound.network_sound(name)
        and name not in fed
        and (data is not None or _has_input(network))
    }
    return network_shapes({"networks": shaped}, data or DataShape(None, None))


def _has_input(network: dict) -> bool:
    body = network.get("sequential")
    return body is None or body.get("input") is not None


__all__ = ["REGISTRY", "check"]


# Loss parameters whose network is fed a latent code, never the data's examples.
FED = {
    "decoder": ("the latent code", "the code's size"),
    "generator": ("the latent noise", "the noise's size"),
}


def _fed_without_input(spec: LocDict) -> tuple[set[str], list[SpecError]]:
    """A decoder or generator without ``input`` would take the data's shape: say what it gets."""
    networks, losses = spec.get("networks"), spec.get("losses")
    if not isinstance(networks, dict) or not isinstance(losses, dict):
        return set(), []
    fed, errors = set(), []
    for loss_name, loss in losses.items():
        for param, what in FED.items():
            name = loss.get(param) if isinstance(loss, dict) else None
            network = networks.get(name) if isinstance(name, str) else None
            if isinstance(network, dict) and not _has_input(network) and name not in fed:
                fed.add(name)
                errors.append(_needs_input(name, param, loss_name, what, network))
    return fed, errors


def _needs_input(
    name: str, param: str, loss: str, what: tuple[str, str], network: LocDict
) -> SpecError:
    return SpecError(
        f"network '{name}' has no input: as the {param} of loss '{loss}' it receives "
        f"{what[0]}, not the data's examples",
        f"networks.{name}",
        network.loc,
        expected=f"input: [{what[1]}]",
    )
