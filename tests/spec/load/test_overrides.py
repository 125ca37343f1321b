"""``--set PATH=VALUE``: typed values, created paths, located mistakes and usage errors."""

from __future__ import annotations

import pytest

from nnspec.errors import UsageError
from nnspec.spec.load.overrides import parse_override
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
data:
  dataset: digits
networks:
  mlp:
    layers: [{linear: 32}, relu, {linear: 10}]
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: adam, params: [mlp], lr: 1.0e-3}
schedule:
  - train: {loss: xent, optimizer: opt}
    epochs: 2
"""


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("optimizers.opt.lr=1e-3", ["optimizers", "opt", "lr"], 0.001),
        ("a=no", ["a"], "no"),
        ("a=0x10", ["a"], 16),
        ("a='1'", ["a"], "1"),
        ("a=[1, 2]", ["a"], [1, 2]),
        ("a={b: 1}", ["a"], {"b": 1}),
        ("schedule[0].epochs=3", ["schedule", 0, "epochs"], 3),
        ("a.b=x=y", ["a", "b"], "x=y"),
        ("a=", ["a"], None),
    ],
)
def test_values_are_read_as_yaml(text: str, path: list, value: object) -> None:
    got_path, got = parse_override(text)
    assert got_path == path
    assert got == value
    assert type(plain(got)) is type(value)


def test_a_typed_value_reaches_the_resolved_spec(write_spec) -> None:
    tree = resolve(write_spec(SPEC), ["optimizers.opt.lr=1e-2"]).tree
    assert tree["optimizers"]["opt"]["lr"] == 0.01
    assert tree["optimizers"]["opt"].where("lr").origin == "cli"


def test_set_creates_missing_mappings(write_spec) -> None:
    tree = resolve(write_spec(SPEC), ["run.device=cpu", "outputs.checkpoints.every=5"]).tree
    assert tree["run"]["device"] == "cpu"
    assert tree["outputs"]["checkpoints"]["every"] == 5


def test_set_replaces_a_list_item(write_spec) -> None:
    tree = resolve(write_spec(SPEC), ["networks.mlp.layers[0].linear=64"]).tree
    first = tree["networks"]["mlp"]["sequential"]["layers"][0]
    assert first == {"linear": {"out": 64, "bias": True}}


def test_later_sets_win(write_spec) -> None:
    tree = resolve(write_spec(SPEC), ["seed=1", "seed=2"]).tree
    assert tree["seed"] == 2


def test_a_wrong_type_is_located_at_the_command_line(errors_of) -> None:
    assert errors_of(SPEC, "--set", "data.batch_size=many") == (
        "<command line>: error: expected an integer >= 1 and <= 1000000 (at data.batch_size)\n"
        "  expected: an integer >= 1 and <= 1000000\n"
        "  received: 'many' (a string)"
    )


def test_an_unknown_key_from_the_command_line(errors_of) -> None:
    assert errors_of(SPEC, "--set", "run.devise=cpu") == (
        "<command line>: error: unknown key 'devise' (at run); did you mean 'device'?"
    )


def test_a_dangling_name_from_the_command_line(errors_of) -> None:
    assert errors_of(SPEC, "--set", "losses.xent.model=mpl") == (
        "<command line>: error: unknown network 'mpl' (at losses.xent.model); did you mean "
        "'mlp'?\n"
        "  expected: one of the networks: mlp"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("data.batch_size", "--set expects PATH=VALUE, got 'data.batch_size'"),
        ("=3", "--set has a malformed path: ''"),
        ("data..batch_size=3", "--set has a malformed path: 'data..batch_size'"),
        (".seed=3", "--set has a malformed path: '.seed'"),
        ("seed.=3", "--set has a malformed path: 'seed.'"),
        ("schedule[0]epochs=3", "--set has a malformed path: 'schedule[0]epochs'"),
        ("schedule[x].epochs=3", "--set has a malformed path: 'schedule[x].epochs'"),
        ("schedule.[0]=3", "--set has a malformed path: 'schedule.[0]'"),
        ("schedule[5].epochs=3", "--set schedule[5].epochs: that path does not exist in the spec"),
        ("data.batch_size[0]=3", "--set data.batch_size[0]: that path does not exist in the spec"),
        ("seed=[1", "--set seed: the value is not valid YAML (invalid YAML: expected ',' or ']', "
         "but got '<stream end>')"),
        ("seed=!!python/object/apply:os.system [ls]", "--set seed: the value is not valid YAML "
         "(the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; specs hold "
         "plain data only)"),
    ],
)  # fmt: skip
def test_a_malformed_set_is_a_usage_error(write_spec, cli, option: str, message: str) -> None:
    result = cli("validate", write_spec(SPEC), "--set", option)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_parse_override_raises_usage_errors() -> None:
    with pytest.raises(UsageError):
        parse_override("no-equals-sign")


def test_consecutive_indices_are_a_path() -> None:
    assert parse_override("a[0][1].b=2") == (["a", 0, 1, "b"], 2)
