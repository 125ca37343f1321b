"""``spec.diff``: semantic changes between resolved specs, renames and effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.diff.core import SpecDiff, diff_files, within
from nnspec.diff.words import defaults_text

BASE = """\
nnspec: 2
name: toy
description: a small GAN
seed: 0
vars: {width: 16}
data:
  dataset: {ring: {modes: 8, size: 1000}}
  batch_size: 64
networks:
  G:
    input: [2]
    layers: [{linear: $width}, relu, {linear: 2}]
  D:
    layers: [{linear: $width}, relu, {linear: 1}]
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 2}}
optimizers:
  opt_d: {type: adam, params: [D], lr: 1.0e-3}
  opt_g: {type: adam, params: [G], lr: 1.0e-3}
schedule:
  - phase: adversarial
    alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {loss: gan.generator, optimizer: opt_g}
    steps: 100
evaluate: {every: 50, metrics: [{ring_modes: {network: G}}]}
outputs: {log_every: 10}
run: {device: cpu}
"""

# The same spec after resolution: comments, key order, flow/block style,
# shorthand vs full forms, a var written out, 1.0e-3 as 0.001.
REWRITTEN = """\
# toy GAN, reformatted
run:
  device: cpu
name: toy
nnspec: 2
seed: 0
description: "a small GAN"
vars:
  width: 16
data:
  batch_size: 64
  dataset:
    ring: {size: 1000, modes: 8}
networks:
  D:
    layers:
      - linear: {out: 16, bias: true}   # $width, written out
      - relu: {}
      - linear: 1
  G:
    layers: [{linear: $width}, relu, {linear: 2}]
    input: 2
losses:
  gan: {discriminator: D, type: minimax, noise: {normal: {size: 2}}, generator: G}
optimizers:
  opt_g: {params: G, lr: 0.001, type: adam}
  opt_d: {type: adam, params: [D], lr: 1.0e-3}
schedule:
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {optimizer: opt_g, loss: gan.generator}
    steps: 100
    phase: adversarial
evaluate:
  metrics: [{ring_modes: {network: G}}]
  every: 50
outputs: {log_every: 10}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(tmp_path: Path, *pairs: tuple[str, str], name: str = "b.yaml") -> SpecDiff:
    """The diff from BASE to BASE with each ``(old, new)`` text replaced once."""
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return diff_files(write(tmp_path, "a.yaml", BASE), write(tmp_path, name, text))


def summary(result: SpecDiff) -> list[tuple]:
    return [(c.op, c.path, c.old, c.new) for c in result.changes]


def test_identical_after_resolution(tmp_path: Path) -> None:
    result = diff_files(write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", REWRITTEN))
    assert result.identical and result.changes == []


def test_names_taken_from_file_names_are_not_a_difference(tmp_path: Path) -> None:
    text = BASE.replace("name: toy\n", "")
    result = diff_files(write(tmp_path, "one.yaml", text), write(tmp_path, "two.yaml", text))
    assert result.identical


def test_a_value_change_names_path_values_and_both_lines(tmp_path: Path) -> None:
    result = edited(
        tmp_path,
        (
            "opt_d: {type: adam, params: [D], lr: 1.0e-3}",
            "opt_d: {type: adam, params: [D], lr: 2.0e-4}",
        ),
    )
    (change,) = result.changes
    assert (change.op, change.path, change.old, change.new) == (
        "changed",
        "optimizers.opt_d.lr",
        0.001,
        0.0002,
    )
    assert (change.a.line, change.a.origin) == (18, "file")
    assert (change.b.line, change.b.origin) == (18, "file")
    assert change.a.file.endswith("a.yaml") and change.b.file.endswith("b.yaml")


def test_a_change_only_through_a_var(tmp_path: Path) -> None:
    result = edited(tmp_path, ("vars: {width: 16}", "vars: {width: 32}"))
    assert summary(result) == [
        ("changed", "vars.width", 16, 32),
        ("changed", "networks.G.layers[0].linear.out", 16, 32),
        ("changed", "networks.D.layers[0].linear.out", 16, 32),
    ]
    assert [c.b.origin for c in result.changes] == ["file", "var", "var"]
    assert result.changes[1].b.line == 12


def test_a_change_only_through_extends(tmp_path: Path) -> None:
    write(tmp_path, "parent-a.yaml", BASE)
    write(tmp_path, "parent-b.yaml", BASE.replace("batch_size: 64", "batch_size: 32"))
    child = "extends: {parent}\nseed: 3\n"
    a = write(tmp_path, "a.yaml", child.format(parent="parent-a.yaml"))
    b = write(tmp_path, "b.yaml", child.format(parent="parent-b.yaml"))
    (change,) = diff_files(a, b).changes
    assert (change.path, change.old, change.new) == ("data.batch_size", 64, 32)
    assert change.a.origin == change.b.origin == "extends"
    assert change.b.file.endswith("parent-b.yaml") and change.b.line == 8


def test_a_default_that_becomes_written_shows_both_origins(tmp_path: Path) -> None:
    result = edited(
        tmp_path, ("outputs: {log_every: 10}", "outputs: {log_every: 10, plots: false}")
    )
    (change,) = result.changes
    assert (change.path, change.old, change.new) == ("outputs.plots", True, False)
    assert (change.a.origin, change.b.origin) == ("default", "file")


def test_an_inserted_layer_is_one_insertion(tmp_path: Path) -> None:
    result = edited(
        tmp_path,
        (
            "[{linear: $width}, relu, {linear: 2}]",
            "[{linear: $width}, relu, {linear: 8}, {linear: 2}]",
        ),
    )
    assert summary(result) == [
        ("added", "networks.G.layers[2]", None, {"linear": {"out": 8, "bias": True}})
    ]
    (net,) = result.effects.networks
    assert (net.name, net.a_params, net.b_params) == ("G", 82, 48 + 136 + 18)
    assert [(x.kind, x.a_index, x.b_index) for x in net.layers] == [
        ("linear", None, 2),
        ("linear", 2, 3),
    ]
    assert (net.layers[1].a_params, net.layers[1].b_params) == (34, 18)


def test_a_changed_layer_among_equal_ones_is_paired_by_kind(tmp_path: Path) -> None:
    result = edited(
        tmp_path,
        ("[{linear: $width}, relu, {linear: 2}]", "[{linear: 24}, relu, {linear: 2}]"),
    )
    assert summary(result) == [("changed", "networks.G.layers[0].linear.out", 16, 24)]


def test_a_named_layer_keeps_its_identity_when_moved_past_an_insertion(tmp_path: Path) -> None:
    named = "[{linear: $width, name: hidden}, relu, {linear: 2, name: out}]"
    base = BASE.replace("[{linear: $width}, relu, {linear: 2}]", named)
    moved = base.replace(
        named, "[{dropout: 0.1}, {linear: 4, name: hidden}, relu, {linear: 2, name: out}]"
    )
    result = diff_files(write(tmp_path, "a.yaml", base), write(tmp_path, "b.yaml", moved))
    assert [(c.op, c.path, c.old_path) for c in result.changes] == [
        ("added", "networks.G.layers[0]", None),
        ("changed", "networks.G.layers[1].linear.out", "networks.G.layers[0].linear.out"),
    ]


def test_a_renamed_network_is_one_change_with_its_references(tmp_path: Path) -> None:
    text = BASE.replace("  D:\n", "  critic:\n").replace(
        "discriminator: D", "discriminator: critic"
    )
    text = text.replace("params: [D]", "params: [critic]")
    result = diff_files(write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", text))
    (change,) = result.changes
    assert (change.op, change.old_path, change.path) == ("renamed", "networks.D", "networks.critic")
    assert change.references == ["losses.gan.discriminator", "optimizers.opt_d.params[0]"]
    assert result.effects.networks == [] and result.effects.phases == []


def test_renamed_loss_and_optimizer_follow_into_the_schedule(tmp_path: Path) -> None:
    text = BASE.replace("  gan: {", "  adv: {").replace("loss: gan.", "loss: adv.")
    text = text.replace("opt_g", "opt_gen")
    result = diff_files(write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", text))
    assert [(c.op, c.old_path, c.path, c.references) for c in result.changes] == [
        (
            "renamed",
            "losses.gan",
            "losses.adv",
            ["schedule[0].alternate.cycle[0].loss", "schedule[0].alternate.cycle[1].loss"],
        ),
        (
            "renamed",
            "optimizers.opt_g",
            "optimizers.opt_gen",
            ["schedule[0].alternate.cycle[1].optimizer"],
        ),
    ]


def test_a_renamed_and_changed_network_is_removed_and_added(tmp_path: Path) -> None:
    text = BASE.replace(
        "  D:\n    layers: [{linear: $width}", "  critic:\n    layers: [{linear: 8}"
    )
    text = text.replace("discriminator: D", "discriminator: critic").replace("[D]", "[critic]")
    result = diff_files(write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", text))
    ops = [(c.op, c.path) for c in result.changes]
    assert ("removed", "networks.D") in ops and ("added", "networks.critic") in ops
    assert {n.name for n in result.effects.networks} == {"D", "critic"}


SECTION_EDITS = [
    ("name: toy", "name: toy2", "name"),
    ("description: a small GAN", "description: a GAN", "description"),
    ("seed: 0", "seed: 7", "seed"),
    ("vars: {width: 16}", "vars: {width: 16, unused: 1}", "vars.unused"),
    ("batch_size: 64", "batch_size: 32", "data.batch_size"),
    ("input: [2]", "input: [2]\n    init: {normal: {std: 0.02}}", "networks.G.init"),
    ("noise: {normal: 2}", "noise: {uniform: 2}", "losses.gan.noise"),
    (
        "opt_g: {type: adam, params: [G], lr: 1.0e-3}",
        "opt_g: {type: sgd, params: [G], lr: 1.0e-3}",
        "optimizers.opt_g.type",
    ),
    ("steps: 100", "steps: 200", "schedule[0].steps"),
    ("every: 50", "every: 25", "evaluate.every"),
    ("log_every: 10", "log_every: 5", "outputs.log_every"),
    ("device: cpu", "device: auto", "run.device"),
]


@pytest.mark.parametrize(("old", "new", "path"), SECTION_EDITS, ids=[e[2] for e in SECTION_EDITS])
def test_a_change_in_every_section(tmp_path: Path, old: str, new: str, path: str) -> None:
    result = edited(tmp_path, (old, new))
    assert path in [c.path for c in result.changes]
    assert {c.section for c in result.changes} == {path.split(".")[0].split("[")[0]}


def test_effects_name_affected_losses_and_phases(tmp_path: Path) -> None:
    result = edited(tmp_path, ("{linear: 1}]", "{linear: {out: 1, bias: false}}]"))
    (net,) = result.effects.networks
    assert (net.name, net.a_params, net.b_params, net.b_output) == ("D", 65, 64, (1,))
    assert [(x.name, x.because) for x in result.effects.losses] == [("gan", ["network D"])]
    (phase,) = result.effects.phases
    assert (phase.name, phase.label, phase.because) == ("schedule[0]", "adversarial", ["loss gan"])


def test_a_changed_optimizer_affects_the_phase_that_steps_it(tmp_path: Path) -> None:
    result = edited(tmp_path, ("params: [G], lr: 1.0e-3", "params: [G], lr: 5.0e-4"))
    assert result.effects.networks == [] and result.effects.losses == []
    assert [x.because for x in result.effects.phases] == [["optimizer opt_g"]]


CLASSIFIER = """\
nnspec: 2
data: {dataset: xor}
networks:
  mlp: {layers: [flatten, {linear: 4}, relu, {linear: 2}]}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}, steps: 10}]
"""


def test_a_data_change_reports_the_networks_it_reshapes(tmp_path: Path) -> None:
    one_hot = CLASSIFIER.replace(
        "{dataset: xor}", "{dataset: xor, transforms: [{one_hot_inputs: 3}]}"
    )
    a, b = write(tmp_path, "a.yaml", CLASSIFIER), write(tmp_path, "b.yaml", one_hot)
    result = diff_files(a, b)
    assert summary(result) == [
        ("added", "data.transforms[0]", None, {"one_hot_inputs": {"classes": 3}})
    ]
    (net,) = result.effects.networks
    assert (net.name, net.a_params, net.b_params) == ("mlp", 22, 38)
    assert [(x.kind, x.a_shape, x.b_shape, x.a_params, x.b_params) for x in net.layers] == [
        ("flatten", (2,), (6,), 0, 0),
        ("linear", (4,), (4,), 12, 28),
    ]
    assert [x.because for x in result.effects.phases] == [["loss xent"]]
    assert diff_files(a, b, only="losses").effects.networks == []


def test_only_keeps_changes_under_a_path(tmp_path: Path) -> None:
    pairs = (("vars: {width: 16}", "vars: {width: 32}"), ("steps: 100", "steps: 200"))
    result = edited(tmp_path, *pairs)
    a, b = result.a_label, result.b_label
    only = diff_files(a, b, only="networks.G")
    assert [c.path for c in only.changes] == ["networks.G.layers[0].linear.out"]
    assert [n.name for n in only.effects.networks] == ["G"]
    assert diff_files(a, b, only="optimizers").identical
    assert [c.path for c in diff_files(a, b, only="schedule").changes] == ["schedule[0].steps"]


def test_only_keeps_a_change_above_the_filter(tmp_path: Path) -> None:
    text = BASE.replace(
        "optimizers:\n", "optimizers:\n  opt_x: {type: sgd, params: [G], lr: 0.1}\n"
    )
    result = diff_files(
        write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", text), only="optimizers.opt_x.lr"
    )
    assert [(c.op, c.path) for c in result.changes] == [("added", "optimizers.opt_x")]


def test_within_matches_whole_segments_only() -> None:
    assert within("networks.G.layers[0]", "networks.G")
    assert within("networks.G", "networks.G")
    assert not within("networks.Gen", "networks.G")
    assert within("schedule[0].steps", "schedule")


SWAPS = [
    (
        (
            "opt_g: {type: adam, params: [G], lr: 1.0e-3}",
            "opt_g: {type: rmsprop, params: [G], lr: 1.0e-3, eps: 1.0e-6}",
        ),
        [
            ("changed", "optimizers.opt_g.type", "adam", "rmsprop"),
            ("changed", "optimizers.opt_g.eps", 1e-08, 1e-06),
        ],
        "removed betas: [0.9, 0.999], amsgrad: false; "
        "added alpha: 0.99, momentum: 0.0, centered: false",
    ),
    (
        ("{type: adam, params: [D], lr: 1.0e-3}", "{type: adamw, params: [D], lr: 1.0e-3}"),
        [("changed", "optimizers.opt_d.type", "adam", "adamw")],
        "changed weight_decay: 0.0 → 0.01",
    ),
    (
        ("{ring: {modes: 8, size: 1000}}", "{grid: {size: 1000, std: 0.1}}"),
        [("changed", "data.dataset", {"ring": None}, {"grid": None})],
        "removed radius: 2.0; changed std: 0.02 → 0.1; added side: 5, spacing: 2.0",
    ),
]


@pytest.mark.parametrize(("edit", "changes", "folded"), SWAPS, ids=["rmsprop", "adamw", "dataset"])
def test_a_swap_of_kind_folds_the_defaults_that_differ(
    tmp_path: Path, edit: tuple[str, str], changes: list[tuple], folded: str
) -> None:
    result = edited(tmp_path, edit)
    kinds = [(c.op, c.path, _kind(c.old), _kind(c.new)) for c in result.changes]
    assert kinds == [(op, path, _kind(old), _kind(new)) for op, path, old, new in changes]
    assert defaults_text(result.changes[0]) == folded
    assert all(
        d.a is None or d.a.origin == "default" or d.b.origin == "default"
        for d in result.changes[0].defaults
    )


def _kind(value: object) -> object:
    return list(value) if isinstance(value, dict) else value
