"""Property: any broken copy of a bundled spec gets a located message, never a traceback.

Each test mutates one bundled spec in one way (a renamed key, a wrong type, a
deleted section, inserted garbage, a removed list item, a string for a number),
writes it next to the bundled files (so ``extends`` still resolves) and runs
``nnspec validate`` in-process. Runs are derandomised so CI is repeatable; set
``NNSPEC_FUZZ=<examples per test>`` to explore with fresh random examples.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from nnspec.cli import main
from nnspec.spec.load.yaml_file import load_file
from nnspec.spec.located import plain

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
BUNDLED = sorted(SPECS.glob("*.yaml")) + sorted((SPECS / "optimizers").glob("*.yaml"))
TREES = {path: plain(load_file(path)) for path in BUNDLED}
STANDALONE = [path for path, tree in TREES.items() if "extends" not in tree]
NAME_MAPS = ("vars", "networks", "losses", "optimizers")  # keys there are the user's names
REQUIRED = ("data", "networks", "losses", "schedule")
LOCATED = re.compile(r"^(\S+:\d+:\d+|<command line>|<default>): error: ")
FUZZ = int(os.environ.get("NNSPEC_FUZZ", "0"))
SETTINGS = settings(max_examples=FUZZ or 25, deadline=None, derandomize=not FUZZ, database=None)
Path_ = tuple[Any, ...]


class Quoted(str):
    """A string written double-quoted, so ``1e-3`` or ``no`` stays a string."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)


def dump(tree: dict) -> str:
    # Short lines and < 100 of them: rich turns ':100:' into an emoji (a bug tested in
    # tests/cli/test_cli.py), which would hide the location this property checks.
    return yaml.dump(tree, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=80)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, specs_dir: Path) -> Path:
    return Path(shutil.copytree(specs_dir, tmp_path_factory.mktemp("fuzz") / "specs"))


def validate(workdir: Path, source: Path, text: str | bytes) -> Result:
    target = workdir / source.relative_to(SPECS).with_name("_mutant.yaml")
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["validate", str(target)])


def assert_reported(result: Result, may_pass: bool = False) -> None:
    """Exit 1 or 2 (0 too where the mutation may keep the spec valid), located, no trace."""
    assert "Traceback" not in result.output and "internal error" not in result.output, (
        result.output[-2000:]
    )
    assert result.exit_code in ((0, 1, 2) if may_pass else (1, 2)), result.output[-2000:]
    if result.exit_code == 1:
        assert LOCATED.match(result.stdout), result.stdout[:500]
    if result.exit_code == 2:
        assert result.stderr.strip()


def nodes(tree: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (path, value) below the root, skipping the free-form ``vars``."""
    if path[:1] == ("vars",):
        return
    if path:
        yield path, tree
    if isinstance(tree, (dict, list)):
        for key, value in tree.items() if isinstance(tree, dict) else enumerate(tree):
            yield from nodes(value, (*path, key))


def parent_of(tree: Any, path: Path_) -> Any:
    for key in path[:-1]:
        tree = tree[key]
    return tree


def sites(source: Path, keep: Callable[[Path_, Any], bool]) -> list[Path_]:
    return [path for path, value in nodes(TREES[source]) if keep(path, value)]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


@st.composite
def site(draw: st.DrawFn, keep: Callable[[Path_, Any], bool], specs: list[Path] = BUNDLED):
    """A bundled spec with a copy of its tree and one path in it that ``keep`` accepts."""
    source = draw(st.sampled_from([s for s in specs if sites(s, keep)]))
    return source, copy.deepcopy(TREES[source]), draw(st.sampled_from(sites(source, keep)))


def renamable(path: Path_, _value: Any) -> bool:
    is_name = len(path) == 2 and path[0] in NAME_MAPS
    return isinstance(path[-1], str) and not is_name


@SETTINGS
@given(site(renamable), st.text(string.ascii_lowercase, max_size=4))
def test_renamed_keys(workdir, picked, suffix: str) -> None:
    source, tree, path = picked
    parent = parent_of(tree, path)
    parent[path[-1] + "zq" + suffix] = parent.pop(path[-1])
    assert_reported(validate(workdir, source, dump(tree)))


YAML_11_BOOLS = ("yes", "no", "on", "off", "y", "n")
PLAIN = st.one_of(st.integers(-5, 5), st.text(string.ascii_letters, max_size=5), st.none())


@st.composite
def wrong_value(draw: st.DrawFn, original: Any) -> Any:
    """A value of another type than ``original``, never valid where it stood."""
    choices = [st.builds(lambda v: {"zq": v}, PLAIN)]
    if isinstance(original, bool):
        choices.append(st.sampled_from(YAML_11_BOOLS).map(Quoted))
    elif not (isinstance(original, str) and "$" in original):
        choices.append(st.booleans())
        if isinstance(original, str):
            choices.append(st.integers(-3, 300))
    return draw(st.one_of(choices))


@SETTINGS
@given(site(lambda _p, v: is_scalar(v) and v is not None), st.data())
def test_wrong_types(workdir, picked, data: st.DataObject) -> None:
    source, tree, path = picked
    original = parent_of(tree, path)[path[-1]]
    parent_of(tree, path)[path[-1]] = data.draw(wrong_value(original))
    assert_reported(validate(workdir, source, dump(tree)))


@SETTINGS
@given(st.sampled_from(STANDALONE), st.sampled_from(REQUIRED))
def test_deleted_sections(workdir, source: Path, section: str) -> None:
    tree = copy.deepcopy(TREES[source])
    tree.pop(section, None)
    assert_reported(validate(workdir, source, dump(tree)))


GARBAGE_LINES = (
    "\tzq: 1",
    "}{",
    "zq: [1, 2",
    "*undefined_zq",
    "zq: !!python/object/apply:os.system [ls]",
    "? [zq]\n: 1",
    "zq: !!binary aGVsbG8=",
)
GARBAGE_BYTES = (b"\x00", b"\xff", b"\xc3\x28", b"\xed\xa0\x80")


@SETTINGS
@given(st.sampled_from(BUNDLED), st.data())
def test_inserted_garbage(workdir, source: Path, data: st.DataObject) -> None:
    lines = dump(TREES[source]).splitlines(keepends=True)
    at = data.draw(st.integers(0, len(lines)))
    kind = data.draw(st.sampled_from(["line", "bytes", "duplicate"]))
    if kind == "line":
        text = "".join([*lines[:at], data.draw(st.sampled_from(GARBAGE_LINES)) + "\n", *lines[at:]])
        assert_reported(validate(workdir, source, text))
    elif kind == "bytes":
        raw = "".join(lines).encode()
        cut = data.draw(st.integers(0, len(raw)))
        garbage = data.draw(st.sampled_from(GARBAGE_BYTES))
        assert_reported(validate(workdir, source, raw[:cut] + garbage + raw[cut:]))
    else:
        first = next(line for line in lines if re.match(r"^[a-z]", line))
        assert_reported(validate(workdir, source, "".join(lines) + first))


@SETTINGS
@given(site(lambda _p, v: isinstance(v, list) and len(v) > 0), st.data())
def test_removed_list_items(workdir, picked, data: st.DataObject) -> None:
    source, tree, path = picked
    items = parent_of(tree, path)[path[-1]]
    del items[data.draw(st.integers(0, len(items) - 1))]
    assert_reported(validate(workdir, source, dump(tree)), may_pass=True)


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="$"), max_size=12)


@SETTINGS
@given(site(lambda _p, v: is_number(v)), TEXT)
def test_strings_in_place_of_numbers(workdir, picked, text: str) -> None:
    source, tree, path = picked
    parent_of(tree, path)[path[-1]] = Quoted(text)
    assert_reported(validate(workdir, source, dump(tree)))
