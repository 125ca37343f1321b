"""A plugin that fails to load, or would shadow a kind, stops every command with exit 2.

The message names the entry point and the packages involved; never a traceback or exit 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugins.install import ALLPLUG, GROUPS, install, nnspec

XOR = """\
nnspec: 2
data: {dataset: {xor: {repeat: 16}}, batch_size: 8}
networks: {mlp: {layers: [{linear: 4}, {relu: {}}, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: adam, lr: 0.01}}, steps: 5}]
outputs: {plots: false}
"""
BADPLUG = "plugin 'badplug = badplug.{module}' (nnspec.{group} entry point, package 'badplug')"


def _run(tmp_path: Path, modules: dict[str, str], *args: str, also: Path | None = None):
    site = tmp_path / "site"
    install(site, "badplug", {"declarations": "", "builders": "", **modules}, GROUPS)
    (tmp_path / "spec.yaml").write_text(XOR)
    return nnspec(*args, site=site, cwd=tmp_path, also=also)


def _refused(result, message: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == message + "\n"


@pytest.mark.parametrize("command", [("validate", "spec.yaml"), ("list", "losses"), ("schema",)])
def test_a_plugin_whose_import_raises_is_named(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = _run(tmp_path, {"declarations": "raise RuntimeError('needs libfoo')"}, *command)
    head = BADPLUG.format(module="declarations", group="plugins")
    _refused(result, f"{head} failed to load: RuntimeError: needs libfoo")


def test_a_plugin_whose_torch_side_raises_is_named(tmp_path: Path) -> None:
    result = _run(tmp_path, {"builders": "import no_such_module"}, "run", "spec.yaml", "--out", "r")
    head = BADPLUG.format(module="builders", group="builders")
    _refused(
        result, f"{head} failed to load: ModuleNotFoundError: No module named 'no_such_module'"
    )
    assert not (tmp_path / "r").exists()


def test_a_plugin_cannot_shadow_a_built_in_kind(tmp_path: Path) -> None:
    declares = "from nnspec.registry.core import declare\ndeclare('loss', 'mse', 'mine')\n"
    result = _run(tmp_path, {"declarations": declares}, "validate", "spec.yaml")
    _refused(
        result,
        BADPLUG.format(module="declarations", group="plugins") + " declares loss 'mse', which "
        "package 'nnspec' already declares (in nnspec.registry.losses); a plugin cannot "
        "replace a kind: give it another name",
    )


def test_a_plugin_cannot_shadow_another_plugins_kind(tmp_path: Path) -> None:
    other = tmp_path / "other"
    install(other, "allplug", ALLPLUG, {"nnspec.plugins": "declarations"})
    declares = "from nnspec.registry.core import declare\ndeclare('layer', 'swish', 'mine')\n"
    result = _run(tmp_path, {"declarations": declares}, "validate", "spec.yaml", also=other)
    _refused(  # plugins load by entry-point name: allplug first, so badplug is the one refused
        result,
        BADPLUG.format(module="declarations", group="plugins") + " declares layer 'swish', "
        "which package 'allplug' already declares (in allplug.declarations); a plugin cannot "
        "replace a kind: give it another name",
    )


def test_a_plugin_cannot_replace_a_built_in_implementation(tmp_path: Path) -> None:
    builders = (
        "from nnspec.train.evaluate import metric\n"
        "@metric('accuracy')\ndef accuracy(params, session, split):\n    return {'accuracy': 1.0}\n"
    )
    result = _run(tmp_path, {"builders": builders}, "run", "spec.yaml", "--out", "r")
    _refused(
        result,
        BADPLUG.format(module="builders", group="builders") + " replaces the implementation of "
        "metric 'accuracy' (from nnspec.metrics.impl_basic); a plugin may implement only the "
        "kinds it declares",
    )
