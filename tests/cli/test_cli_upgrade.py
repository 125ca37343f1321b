"""``nnspec upgrade``: printing, rewriting in place, and its exit codes 0 / 1 / 2."""

from __future__ import annotations

from pathlib import Path

import pytest

OLD = "# a spec\nnnspec: 1\nvars: {n: 3}\ndata: {dataset: digits}\nx: [${n}]   # kept\n"
NEW = "# a spec\nnnspec: 2\nvars: {n: 3}\ndata: {dataset: digits}\nx: [$n]   # kept\n"
CURRENT = "nnspec: 2\nx: [$n]\n"
V1_GAN = (
    Path(__file__).resolve().parents[1]
    / "spec"
    / "load"
    / "upgrade_corpus"
    / "v1"
    / "gan-ring.yaml"
)


def test_one_spec_is_printed_and_its_file_left_alone(cli, write_spec) -> None:
    path = write_spec(OLD, "old.yaml")
    result = cli("upgrade", path)
    assert (result.exit_code, result.stdout) == (0, NEW)
    assert result.stderr == "old.yaml: upgraded to version 2\n"
    assert path.read_text() == OLD


def test_in_place_rewrites_each_file(cli, write_spec) -> None:
    paths = [
        write_spec(OLD, "a.yaml"),
        write_spec(OLD, "sub/b.yaml"),
        write_spec(CURRENT, "c.yaml"),
    ]
    result = cli("upgrade", *paths, "--in-place")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "a.yaml: upgraded to version 2\n"
        "sub/b.yaml: upgraded to version 2\n"
        "c.yaml: already version 2\n"
    )
    assert [p.read_text() for p in paths] == [NEW, NEW, CURRENT]
    assert sorted(p.name for p in Path().rglob("*")) == ["a.yaml", "b.yaml", "c.yaml", "sub"]


def test_the_upgraded_spec_validates(cli, write_spec) -> None:
    path = write_spec(V1_GAN.read_text(), "gan-ring.yaml")
    assert cli("validate", path).exit_code == 1
    assert cli("upgrade", path, "--in-place").exit_code == 0
    assert cli("validate", path).stdout == "gan-ring.yaml: ok\n"


def test_a_version_two_spec_is_printed_unchanged(cli, write_spec) -> None:
    result = cli("upgrade", write_spec(CURRENT, "new.yaml"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        CURRENT,
        "new.yaml: already version 2\n",
    )


def test_several_specs_need_in_place(cli, write_spec) -> None:
    a, b = write_spec(OLD, "a.yaml"), write_spec(OLD, "b.yaml")
    result = cli("upgrade", a, b)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "upgrade prints one spec; give --in-place to rewrite 2 specs in place\n"
    assert a.read_text() == b.read_text() == OLD


def test_a_spec_that_cannot_be_upgraded_exits_1_and_the_others_are_upgraded(
    cli, write_spec
) -> None:
    bad = write_spec("nnspec: 3\nx: 1\n", "bad.yaml")
    good = write_spec(OLD, "good.yaml")
    result = cli("upgrade", bad, good, "--in-place")
    assert result.exit_code == 1
    assert result.stderr == (
        "bad.yaml:1:9: error: nnspec upgrade rewrites version 1 to version 2 (at nnspec)\n"
        "  expected: nnspec: 1\n"
        "  received: 3 (an integer)\n"
        "good.yaml: upgraded to version 2\n"
    )
    assert (bad.read_text(), good.read_text()) == ("nnspec: 3\nx: 1\n", NEW)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.yaml",), "no such spec file: missing.yaml\n"),
        ((), "Error: Missing argument 'SPECS...'."),
    ],
)
def test_usage_errors_exit_2(cli, write_spec, args: tuple[str, ...], message: str) -> None:
    write_spec(OLD, "old.yaml")
    result = cli("upgrade", *args)
    assert result.exit_code == 2
    assert message in result.stderr
