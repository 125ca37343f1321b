"""``extends``: the merge rules, where inherited values say they come from, and bad parents."""

from __future__ import annotations

from pathlib import Path

from nnspec.spec.load.extends import merge
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

BASE = """\
nnspec: 2
description: the base
vars: {width: 32}
data:
  dataset: digits
  batch_size: 16
networks:
  mlp:
    init: {normal: {std: 1.0, mean: 0.5}}
    layers: [{linear: '$width'}, relu, {linear: 10}]
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: adam, params: [mlp], lr: 1.0e-3, betas: [0.5, 0.999]}
schedule:
  - train: {loss: xent, optimizer: opt}
    epochs: 2
"""


def merged(parent: str, child: str) -> dict:
    return plain(merge(load_text(parent, "p.yaml"), load_text(child, "c.yaml")))


def test_mappings_merge_key_by_key_recursively() -> None:
    out = merged("a: {x: 1, y: {z: 2, w: 3}}\n", "a: {y: {z: 9}, v: 4}\n")
    assert out == {"a": {"x": 1, "y": {"z": 9, "w": 3}, "v": 4}}


def test_lists_and_scalars_replace_the_parents_whole() -> None:
    out = merged("l: [1, 2, 3]\ns: 1\n", "l: [4]\ns: {x: 1}\n")
    assert out == {"l": [4], "s": {"x": 1}}
    assert merged("a: {x: 1}\n", "a: 3\n") == {"a": 3}


def test_null_removes_a_key() -> None:
    assert merged("a: {x: 1, y: 2}\nb: 1\n", "a: {x: null}\nb: null\n") == {"a": {"y": 2}}


def test_a_different_type_replaces_the_entry() -> None:
    out = merged("o: {type: adam, lr: 1, betas: [1, 2]}\n", "o: {type: sgd, lr: 2}\n")
    assert out == {"o": {"type": "sgd", "lr": 2}}


def test_the_same_type_merges() -> None:
    out = merged("o: {type: adam, lr: 1, betas: [1, 2]}\n", "o: {type: adam, lr: 2}\n")
    assert out == {"o": {"type": "adam", "lr": 2, "betas": [1, 2]}}


def in_a_network(init: str) -> str:
    return f"networks: {{mlp: {{init: {init}}}}}\n"


def test_a_different_kind_key_replaces_the_entry() -> None:
    parent, child = in_a_network("{normal: {std: 1.0, mean: 0}}"), in_a_network("{kaiming: {}}")
    assert merged(parent, child) == {"networks": {"mlp": {"init": {"kaiming": {}}}}}


def test_the_same_kind_key_merges() -> None:
    parent, child = (
        in_a_network("{normal: {std: 1.0, mean: 0}}"),
        in_a_network("{normal: {std: 2}}"),
    )
    assert merged(parent, child) == {
        "networks": {"mlp": {"init": {"normal": {"std": 2, "mean": 0}}}}
    }


def test_single_keys_that_are_not_kinds_merge() -> None:
    out = merged("n: {G: {input: [2]}}\n", "n: {D: {input: [3]}}\n")
    assert out == {"n": {"G": {"input": [2]}, "D": {"input": [3]}}}


def test_a_sections_own_names_are_never_taken_for_kinds() -> None:
    # Depth 1 holds user-chosen names: a loss named 'elbo' (also a loss kind) must survive
    # a child adding one named 'sparsity'; likewise networks named after layer kinds.
    assert merged("losses: {elbo: {type: elbo}}\n", "losses: {sparsity: {type: sparsity}}\n") == {
        "losses": {"elbo": {"type": "elbo"}, "sparsity": {"type": "sparsity"}}
    }
    assert merged("networks: {rbm: {x: 1}}\n", "networks: {linear: {y: 2}}\n") == {
        "networks": {"rbm": {"x": 1}, "linear": {"y": 2}}
    }


def test_a_different_dataset_kind_replaces_the_parents() -> None:
    parent = "data: {dataset: {ring: {modes: 8}}}\n"
    assert merged(parent, "data: {dataset: {grid: {}}}\n") == {"data": {"dataset": {"grid": {}}}}


def test_merge_leaves_its_inputs_unchanged() -> None:
    parent, child = load_text("a: {x: 1}\n", "p.yaml"), load_text("a: {x: 2}\n", "c.yaml")
    merge(parent, child)
    assert plain(parent) == {"a": {"x": 1}} and plain(child) == {"a": {"x": 2}}


def test_a_child_overrides_one_value_and_inherits_the_rest(write_spec) -> None:
    write_spec(BASE, "base.yaml")
    child = write_spec(
        "extends: base.yaml\noptimizers:\n  opt: {lr: 0.1}\nvars: {width: 8}\n", "child.yaml"
    )
    tree = resolve(child).tree
    opt = tree["optimizers"]["opt"]
    assert (opt["type"], opt["lr"], opt["betas"]) == ("adam", 0.1, [0.5, 0.999])
    assert tree["networks"]["mlp"]["sequential"]["layers"][0]["linear"]["out"] == 8
    assert tree["description"] == "the base"
    assert tree["name"] == "child"


def test_a_name_is_never_inherited(write_spec) -> None:
    write_spec("name: parent\n" + BASE, "base.yaml")
    child = write_spec("extends: base.yaml\n", "child.yaml")
    assert resolve(child).tree["name"] == "child"
    assert "extends" not in resolve(child).tree


def test_later_parents_override_earlier_ones(write_spec) -> None:
    write_spec(BASE, "base.yaml")
    write_spec("data: {batch_size: 4}\n", "small.yaml")
    write_spec("data: {batch_size: 8}\ndescription: medium\n", "medium.yaml")
    child = write_spec("extends: [base.yaml, small.yaml, medium.yaml]\n", "child.yaml")
    tree = resolve(child).tree
    assert tree["data"]["batch_size"] == 8
    assert tree["description"] == "medium"


def test_parents_are_found_relative_to_the_child(write_spec) -> None:
    Path(".git").mkdir()  # in a repository, a spec may extend any spec of it
    write_spec(BASE, "lib/base.yaml")
    child = write_spec("extends: ../lib/base.yaml\n", "exp/child.yaml")
    assert resolve(child).tree["data"]["batch_size"] == 16


def test_origins_say_where_each_value_came_from(write_spec) -> None:
    write_spec(BASE, "base.yaml")
    child = write_spec("extends: base.yaml\ndescription: mine\n", "child.yaml")
    tree = resolve(child, ["data.shuffle=false"]).tree
    data = tree["data"]
    assert tree.where("description").origin == "file"
    assert tree.where("description").file == "child.yaml"
    assert data.where("batch_size").origin == "extends"
    assert (data.where("batch_size").file, data.where("batch_size").line) == ("base.yaml", 6)
    assert data.where("shuffle").origin == "cli"
    assert data.where("drop_last").origin == "default"
    first = tree["networks"]["mlp"]["sequential"]["layers"][0]["linear"]
    assert first.where("out").origin == "var"


def test_a_missing_parent(errors_of) -> None:
    assert errors_of("nnspec: 2\nextends: nothere.yaml\n") == (
        "spec.yaml:2:10: error: the spec 'nothere.yaml' named by extends does not exist "
        "(at extends)\n"
        "  expected: a file relative to ./"
    )


def test_a_missing_parent_in_a_list_is_located_at_its_item(write_spec, errors_of) -> None:
    write_spec(BASE, "base.yaml")
    assert errors_of("extends: [base.yaml, gone.yaml]\n") == (
        "spec.yaml:1:22: error: the spec 'gone.yaml' named by extends does not exist "
        "(at extends)\n"
        "  expected: a file relative to ./"
    )


def test_extends_must_name_files(errors_of) -> None:
    assert errors_of("nnspec: 2\nextends: 3\n") == (
        "spec.yaml:2:10: error: 'extends' names spec files (at extends)\n"
        "  expected: a file path or a list of them\n"
        "  received: 3 (an integer)"
    )


def test_extends_cycles_are_reported_where_they_close(write_spec, cli) -> None:
    write_spec("extends: b.yaml\nseed: 1\n", "a.yaml")
    write_spec("seed: 2\nextends: a.yaml\n", "b.yaml")
    result = cli("validate", "a.yaml")
    assert (result.exit_code, result.stdout) == (
        1,
        "b.yaml:2:10: error: 'extends' forms a cycle: a.yaml -> b.yaml -> a.yaml (at extends)\n",
    )


def test_a_cycle_is_located_at_its_list_item(write_spec, cli) -> None:
    write_spec("seed: 3\n", "ok.yaml")
    write_spec("extends: [d.yaml, ok.yaml]\n", "c.yaml")
    write_spec("seed: 1\nextends:\n  - ok.yaml\n  - c.yaml\n", "d.yaml")
    result = cli("validate", "c.yaml")
    assert result.stdout == (
        "d.yaml:4:5: error: 'extends' forms a cycle: c.yaml -> d.yaml -> c.yaml (at extends)\n"
    )


def test_a_spec_that_extends_itself(errors_of) -> None:
    assert errors_of("extends: spec.yaml\n") == (
        "spec.yaml:1:10: error: 'extends' forms a cycle: spec.yaml -> spec.yaml (at extends)"
    )


def test_a_diamond_is_not_a_cycle(write_spec) -> None:
    write_spec(BASE, "base.yaml")
    write_spec("extends: base.yaml\nseed: 1\n", "left.yaml")
    write_spec("extends: base.yaml\ndata: {batch_size: 4}\n", "right.yaml")
    tree = resolve(write_spec("extends: [left.yaml, right.yaml]\n", "top.yaml")).tree
    assert (tree["seed"], tree["data"]["batch_size"]) == (1, 4)


def test_a_child_adding_a_loss_keeps_the_parents(write_spec) -> None:
    write_spec(BASE.replace("xent:", "elbo:").replace("loss: xent", "loss: elbo"), "base.yaml")
    # Both names are also loss kinds: the merge must not take them for a kind swap.
    child = "extends: base.yaml\nlosses:\n  nll: {type: cross_entropy, model: mlp}\n"
    losses = resolve(write_spec(child, "child.yaml")).tree["losses"]
    assert list(losses) == ["elbo", "nll"]
