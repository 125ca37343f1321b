"""The CLI contract: exit codes, output formats and content of validate, show, schema and list."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from nnspec.cli import LIST_CATEGORIES
from nnspec.cli.render_list import CATEGORY_OF
from nnspec.registry import REGISTRY
from nnspec.spec.load.yaml_file import load_text
from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve
from tests.train.tiny_cases import XOR

GAN = (Path(__file__).resolve().parents[1] / "fixtures" / "gan.yaml").read_text()
BROKEN = GAN.replace("relu, {linear: 1}]", "rleu, {linear: 1}]").replace("steps: 100", "steps: 0")
BROKEN_TEXT = (
    "bad.yaml:9:28: error: unknown layer 'rleu' (at networks.D.layers[1]); did you mean 'relu'?\n"
    "bad.yaml:19:12: error: 0 is out of range (at schedule[0].steps)\n"
    "  expected: an integer >= 1\n"
    "  received: 0 (an integer)\n"
)


@pytest.fixture
def specs(write_spec):
    return write_spec(GAN, "good.yaml"), write_spec(BROKEN, "bad.yaml")


def test_validate_a_valid_spec(cli, specs) -> None:
    result = cli("validate", specs[0])
    assert (result.exit_code, result.stdout) == (0, "good.yaml: ok\n")


def test_validate_an_invalid_spec(cli, specs) -> None:
    result = cli("validate", specs[1])
    assert (result.exit_code, result.stdout) == (1, BROKEN_TEXT)


def test_validate_several_files_reports_each_in_order(cli, specs, write_spec) -> None:
    other = write_spec(GAN, "other.yaml")
    result = cli("validate", specs[0], specs[1], other)
    assert result.exit_code == 1
    assert result.stdout == "good.yaml: ok\n" + BROKEN_TEXT + "other.yaml: ok\n"
    assert cli("validate", specs[0], other).exit_code == 0


def test_validate_json(cli, specs) -> None:
    result = cli("validate", "--format", "json", *specs)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    good, bad = report["specs"]
    assert good == {"spec": "good.yaml", "valid": True, "errors": []}
    assert bad["valid"] is False
    assert bad["errors"][0] == {
        "file": "bad.yaml",
        "line": 9,
        "column": 28,
        "path": "networks.D.layers[1]",
        "message": "unknown layer 'rleu'",
        "expected": None,
        "received": None,
        "hint": "did you mean 'relu'?",
    }
    assert [e["line"] for e in bad["errors"]] == [9, 19]


def test_validate_json_of_valid_specs(cli, specs) -> None:
    result = cli("validate", "--format", "json", specs[0])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["valid"] is True


def test_validate_github_annotations(cli, specs) -> None:
    result = cli("validate", "--format", "github", *specs)
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=bad.yaml,line=9,col=28,title=nnspec::unknown layer 'rleu' "
        "(at networks.D.layers[1]); did you mean 'relu'?\n"
        "::error file=bad.yaml,line=19,col=12,title=nnspec::0 is out of range "
        "(at schedule[0].steps)%0A  expected: an integer >= 1%0A  received: 0 (an integer)\n"
    )


def test_validate_github_annotations_of_valid_specs_print_nothing(cli, specs) -> None:
    result = cli("validate", "--format", "github", specs[0])
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Missing argument 'SPECS...'"),
        (("--format", "xml", "good.yaml"), "'xml' is not one of 'text', 'json', 'github'"),
        (("missing.yaml",), "no such spec file: missing.yaml"),
        (("good.yaml", "missing.yaml"), "no such spec file: missing.yaml"),
        (("good.yaml", "--set", "seed"), "--set expects PATH=VALUE, got 'seed'"),
        (("--bogus", "good.yaml"), "No such option '--bogus'"),
    ],
)
def test_validate_usage_errors_exit_2(cli, specs, args, message) -> None:
    result = cli("validate", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_error_on_line_100_keeps_its_location(errors_of) -> None:
    # rich once turned ":100:" into an emoji: "spec.yaml💯7: error: ...".
    assert errors_of("#\n" * 99 + "seed: -1\n" + GAN) == (
        "spec.yaml:100:7: error: -1 is out of range (at seed)\n"
        "  expected: an integer >= 0 and <= 4294967295\n"
        "  received: -1 (an integer)"
    )


def test_show_prints_shapes_and_parameter_counts(cli, specs) -> None:
    result = cli("show", specs[0])
    assert result.exit_code == 0
    out = result.stdout
    assert "G (sequential) input (8) → output (64), 2,400 parameters" in out
    assert "D (sequential) input (64) → output (1), 2,113 parameters" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    cells = [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]
    assert cells[:3] == [
        ["0", "linear", "out=32, bias=True", "(32)", "288"],
        ["1", "relu", "", "(32)", "0"],
        ["2", "linear", "out=64, bias=True", "(64)", "2,112"],
    ]
    assert cells[3:] == [
        ["0", "linear", "out=32, bias=True", "(32)", "2,080"],
        ["1", "relu", "", "(32)", "0"],
        ["2", "linear", "out=1, bias=True", "(1)", "33"],
    ]


def test_show_with_set(cli, specs) -> None:
    result = cli("show", specs[0], "--set", "vars.latent=4")
    assert "G (sequential) input (4) → output (64), 2,272 parameters" in result.stdout


def test_show_an_invalid_spec_gives_the_validate_message(cli, specs) -> None:
    result = cli("show", specs[1])
    assert (result.exit_code, result.stderr) == (1, BROKEN_TEXT)


def test_show_a_missing_file(cli, specs) -> None:
    result = cli("show", "missing.yaml")
    assert (result.exit_code, result.stderr) == (2, "no such spec file: missing.yaml\n")


def test_show_resolved_is_the_resolved_spec(cli, specs) -> None:
    result = cli("show", "--resolved", specs[0])
    assert result.exit_code == 0
    assert "$" not in result.stdout
    shown = plain(load_text(result.stdout, "resolved.yaml"))
    assert shown == resolve(specs[0]).plain()
    assert shown["name"] == "good"
    assert shown["networks"]["G"]["sequential"]["input"] == [8]
    assert shown["run"]["device"] == "auto"


def test_show_resolved_output_re_resolves_to_itself(cli, specs, write_spec) -> None:
    shown = cli("show", "--resolved", specs[0]).stdout
    again = write_spec(shown, "again.yaml")
    assert cli("validate", again).exit_code == 0
    assert cli("show", "--resolved", again).stdout == shown
    assert "extends" not in shown


def test_run_refuses_an_invalid_spec_with_the_same_message(cli, specs) -> None:
    result = cli("run", specs[1], "--out", "out")
    assert (result.exit_code, result.stderr) == (1, BROKEN_TEXT)


def test_an_internal_bug_exits_3_with_a_request_to_report(cli, specs, monkeypatch) -> None:
    import nnspec.spec.pipeline

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(nnspec.spec.pipeline, "resolve", broken)
    result = cli("validate", specs[0])
    assert result.exit_code == 3
    assert result.stderr.startswith("internal error: this is a bug in nnspec, not in your spec")
    assert "RuntimeError: boom" in result.stderr


def test_an_interrupt_exits_130_with_one_line_not_aborted(cli, specs, monkeypatch) -> None:
    import nnspec.spec.pipeline

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(nnspec.spec.pipeline, "resolve", interrupted)
    result = cli("validate", specs[0])
    assert (result.exit_code, result.stderr) == (130, "interrupted\n")


@pytest.fixture
def xor(write_spec) -> Path:
    return write_spec(XOR, "xor.yaml")


def test_run_with_an_empty_out_is_a_usage_error(cli, xor) -> None:
    result = cli("run", xor, "--out", "")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--out': must name a directory, not be empty\n"
    )


def test_overwrite_before_the_spec_says_how_to_write_it(cli, xor) -> None:
    result = cli("run", "--overwrite", xor)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--overwrite': 'xor.yaml' is not move or delete "
        "(write --overwrite after the spec, or --overwrite=move)\n"
    )


def test_overwrite_of_a_user_directory_is_refused_and_changes_nothing(cli, xor) -> None:
    Path("thesis/sub").mkdir(parents=True)
    Path("thesis/thesis.tex").write_bytes(b"\\documentclass{article}\n")
    Path("thesis/sub/data.csv").write_bytes(b"1,2\n")
    result = cli("run", xor, "--out", "thesis", "--overwrite")
    assert (result.exit_code, result.stderr) == (
        1,
        "refusing to overwrite thesis: it is not an nnspec run directory (it has no "
        ".nnspec-run file), so nothing in it was changed; choose another --out\n",
    )
    assert Path("thesis/thesis.tex").read_bytes() == b"\\documentclass{article}\n"
    assert Path("thesis/sub/data.csv").read_bytes() == b"1,2\n"
    assert sorted(p.name for p in Path("thesis").rglob("*")) == ["data.csv", "sub", "thesis.tex"]


def test_overwrite_moves_a_run_aside_and_delete_deletes_it(cli, xor) -> None:
    assert cli("run", xor, "--out", "run").exit_code == 0
    assert cli("run", xor, "--out", "run", "--overwrite").exit_code == 0
    assert cli("run", xor, "--out", "run", "--overwrite=delete").exit_code == 0
    assert sorted(p.name for p in Path().iterdir()) == ["run", "run.old-1", "xor.yaml"]


def test_an_odd_out_target_exits_1_with_the_reason(cli, xor) -> None:
    result = cli("run", xor, "--out", "/dev/null")
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot use /dev/null as the run directory: it is not a directory\n",
    )


def test_resume_without_a_checkpoint_exits_1_and_says_so(cli, xor) -> None:
    Path("run").mkdir()
    result = cli("run", xor, "--resume", "run")
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot resume run: it has no checkpoint (checkpoints/last.pt), so there is nothing "
        "to continue; start the run again with --out run --overwrite\n",
    )


def test_schema_exits_0(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "nnspec experiment spec"


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("nnspec, version ")


@cache
def listing(category: str) -> str:
    from click.testing import CliRunner

    from nnspec.cli import main

    result = CliRunner().invoke(main, ["list", category])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("category", "name"),
    [(c, n) for c in LIST_CATEGORIES for n in REGISTRY.names(CATEGORY_OF[c], with_aliases=True)],
)
def test_list_shows_every_registered_name(category: str, name: str) -> None:
    out = listing(category)
    assert out.startswith(category + "\n")
    assert name in out


def test_list_without_a_category_shows_the_main_ones(cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    titles = [line for line in result.stdout.splitlines() if line in LIST_CATEGORIES]
    assert titles == ["layers", "losses", "optimizers", "datasets", "metrics", "phases"]


def test_list_an_unknown_category(cli) -> None:
    result = cli("list", "nonsense")
    assert result.exit_code == 2
    assert "'nonsense' is not one of 'layers'" in result.stderr


def with_seed(value: str) -> str:
    return GAN.replace("nnspec: 2\n", f"nnspec: 2\nseed: {value}\n")


SEED_ERROR = (
    "spec.yaml:2:7: error: expected an integer >= 0 and <= 4294967295 (at seed)\n"
    "  expected: an integer >= 0 and <= 4294967295\n"
)


def test_received_strings_are_printed_escaped(errors_of) -> None:
    # Raw, the escape code reached the terminal and the newline broke the line format.
    assert errors_of(with_seed('"\\e[2J\\nx"')) == (
        SEED_ERROR + "  received: '\\x1b[2J\\nx' (a string)"
    )


def test_long_received_strings_are_clipped(errors_of) -> None:
    assert (
        errors_of(with_seed("ab" * 40))
        == SEED_ERROR + "  received: '" + "ab" * 30 + "…' (a string)"
    )


# Names a user wrote are quoted with control characters escaped, like received values.
RAW_NAMES = {
    "unknown section": 'nnspec: 2\n"\\e[31mX\\nY": 1\n',
    "extends path": 'nnspec: 2\nextends: "\\e[31mX\\nY"\n',
    "expression": 'nnspec: 2\nname: "$(\\e[31mX\\nY)"\n',
    "unknown layer": 'nnspec: 2\nnetworks: {m: {layers: ["\\e[31mX\\nY"]}}\n',
    "unknown loss kind": 'nnspec: 2\nlosses: {x: {type: "\\e[31mX\\nY"}}\n',
}


@pytest.mark.parametrize("text", RAW_NAMES.values(), ids=RAW_NAMES.keys())
def test_names_in_messages_are_printed_escaped(errors_of, text: str) -> None:
    out = errors_of(text)
    assert "\x1b" not in out
    assert all(line.startswith(("spec.yaml:", "  ")) for line in out.splitlines())


def test_github_annotations_escape_percent_and_newlines(write_spec, cli) -> None:
    result = cli("validate", "--format", "github", write_spec(with_seed("'a%0Ab'")))
    assert result.stdout == (
        "::error file=spec.yaml,line=2,col=7,title=nnspec::"
        "expected an integer >= 0 and <= 4294967295 (at seed)"
        "%0A  expected: an integer >= 0 and <= 4294967295%0A  received: 'a%250Ab' (a string)\n"
    )


def test_github_annotations_escape_the_file_name(write_spec, cli) -> None:
    path = write_spec(with_seed("-1"), "odd,na:me.yaml")
    result = cli("validate", "--format", "github", path)
    assert result.stdout == (
        "::error file=odd%2Cna%3Ame.yaml,line=2,col=7,title=nnspec::-1 is out of range (at seed)"
        "%0A  expected: an integer >= 0 and <= 4294967295%0A  received: -1 (an integer)\n"
    )


def test_no_plots_draws_no_pictures(cli, xor) -> None:
    drawn = ("--set", "outputs.plots=true")  # the XOR spec says false
    assert cli("run", xor, "--out", "plain", *drawn, "--no-plots").exit_code == 0
    assert cli("run", xor, "--out", "drawn", *drawn).exit_code == 0
    assert not list(Path("plain").rglob("*.png"))
    assert list(Path("drawn").rglob("*.png"))
