"""``nnspec diff`` on the command line: exact text, formats and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from nnspec.cli import main
from nnspec.cli.render_diff import text
from nnspec.diff.core import diff_files

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
nnspec: 2
name: toy
seed: 0
vars: {width: 16}
data:
  dataset: {ring: {modes: 8, size: 1000}}
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
"""
REFORMATTED = """\
# the same spec: comments, key order and flow style differ
name: toy
nnspec: 2
vars:
  width: 16
data: {dataset: {ring: {size: 1000, modes: 8}}}
networks:
  D: {layers: [{linear: $width}, relu, {linear: 1}]}
  G:
    layers:
      - linear: $width
      - relu
      - linear: 2
    input: [2]
losses:
  gan: {type: minimax, discriminator: D, generator: G, noise: {normal: 2}}
optimizers:
  opt_d: {type: adam, params: [D], lr: 0.001}
  opt_g: {params: [G], type: adam, lr: 1.0e-3}
schedule:
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {loss: gan.generator, optimizer: opt_g}
    phase: adversarial
    steps: 100
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a.yaml (BASE), so labels and locations are short."""
    monkeypatch.chdir(tmp_path)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "a.yaml").write_text(BASE)
    return tmp_path


def variant(folder: Path, name: str, old: str, new: str) -> str:
    assert old in BASE
    (folder / name).write_text(BASE.replace(old, new))
    return name


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def test_identical_after_resolution_is_one_line_and_exit_0(here: Path) -> None:
    (here / "b.yaml").write_text(REFORMATTED)
    result = invoke("a.yaml", "b.yaml")
    assert result.exit_code == 0
    assert result.stdout == "a.yaml and b.yaml are identical after resolution\n"


def test_an_inserted_layer(here: Path) -> None:
    b = variant(here, "b.yaml", "relu, {linear: 2}]", "relu, {linear: 8}, {linear: 2}]")
    result = invoke("a.yaml", b)
    assert result.exit_code == 1
    assert result.stdout == (
        "a.yaml → b.yaml: 1 change (1 added)\n"
        "\n"
        "  + networks.G.layers[2]: {linear: {out: 8, bias: true}}\n"
        "      B b.yaml:10 (written)\n"
        "\n"
        "effect\n"
        "  networks.G: parameters 82 → 202 (+120)\n"
        "    + layers[2] linear: output (8); parameters 136\n"
        "    ~ layers[2→3] linear: parameters 34 → 18\n"
        "  losses: gan (network G)\n"
        "  phases: schedule[0] adversarial (loss gan)\n"
    )


def test_a_renamed_network(here: Path) -> None:
    renamed = BASE.replace("  D:\n", "  critic:\n").replace(
        "discriminator: D", "discriminator: critic"
    )
    (here / "b.yaml").write_text(renamed.replace("params: [D]", "params: [critic]"))
    result = invoke("a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "a.yaml → b.yaml: 1 change (1 renamed)\n"
        "\n"
        "  > networks.D → networks.critic (renamed)\n"
        "      A a.yaml:11 (written)   B b.yaml:11 (written)\n"
        "      references follow: losses.gan.discriminator, optimizers.opt_d.params[0]\n"
    )


def test_a_change_through_a_var(here: Path) -> None:
    b = variant(here, "b.yaml", "width: 16", "width: 8")
    result = invoke("a.yaml", b, "--only", "networks.D")
    assert result.exit_code == 1
    assert result.stdout == (
        "a.yaml → b.yaml: 1 change (1 changed) under networks.D\n"
        "\n"
        "  ~ networks.D.layers[0].linear.out: 16 → 8\n"
        "      A a.yaml:12 (var)   B b.yaml:12 (var)\n"
        "\n"
        "effect\n"
        "  networks.D: parameters 65 → 33 (-32)\n"
        "    ~ layers[0] linear: output (16) → (8); parameters 48 → 24\n"
        "    ~ layers[1] relu: output (16) → (8)\n"
        "    ~ layers[2] linear: parameters 17 → 9\n"
        "  losses: gan (network D)\n"
        "  phases: schedule[0] adversarial (loss gan)\n"
    )


def test_only_a_part_that_did_not_change_is_identical(here: Path) -> None:
    b = variant(here, "b.yaml", "steps: 100", "steps: 50")
    result = invoke("a.yaml", b, "--only", "optimizers")
    assert (result.exit_code, result.stdout) == (
        0,
        "a.yaml and b.yaml are identical after resolution under optimizers\n",
    )


def test_a_default_and_a_value_written_over_it(here: Path) -> None:
    b = variant(here, "b.yaml", "steps: 100", "steps: 100\n    epochs: null\nrun: {device: cpu}")
    result = invoke("a.yaml", b)
    assert result.stdout == (
        "a.yaml → b.yaml: 1 change (1 changed)\n"
        "\n"
        "  ~ run.device: auto → cpu\n"
        "      A default   B b.yaml:25 (written)\n"
    )


def test_an_added_network_and_a_removed_phase(here: Path) -> None:
    polish = (
        "    steps: 100\n  - phase: polish\n    train: {loss: gan.generator, optimizer: opt_g}\n"
    )
    (here / "a.yaml").write_text(BASE.replace("    steps: 100\n", polish + "    steps: 10\n"))
    b = variant(here, "b.yaml", "  D:\n", "  E: {input: [2], layers: [{linear: 3}]}\n  D:\n")
    result = invoke("a.yaml", b)
    assert result.stdout == (
        "a.yaml → b.yaml: 2 changes (1 added, 1 removed)\n"
        "\n"
        "  + networks.E: {input: [2], layers: [{linear: {out: 3, bias: true}}], init: null}\n"
        "      B b.yaml:11 (written)\n"
        "  - schedule[1]: {train: {loss: gan.generator, optimizer: opt_g}, phase: polish, "
        "steps: 10, epochs: null, accumulate: 1, freeze: [], sha…\n"
        "      A a.yaml:24 (written)\n"
        "\n"
        "effect\n"
        "  networks.E: added: 9 parameters, output (3)\n"
        "  phases: schedule[1] polish (removed)\n"
    )


def test_an_invalid_side_prints_what_validate_prints_and_exits_2(here: Path) -> None:
    b = variant(here, "b.yaml", "relu, {linear: 1}]", "relu, {lnear: 1}]")
    result = invoke("a.yaml", b)
    validated = CliRunner().invoke(main, ["validate", b])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == validated.stdout
    assert result.stderr.startswith("b.yaml:12:39: error: unknown layer 'lnear'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a.yaml",), "diff compares two sides, A and B; got 1"),
        (("a.yaml", "missing.yaml"), "no such spec file: missing.yaml"),
        (("a.yaml", "a.yaml", "--format", "html"), "Invalid value for '--format'"),
        (("--git-driver", "a.yaml", "a.yaml"), "--git-driver takes git's 7 arguments; got 2"),
    ],
)
def test_usage_errors_exit_2(here: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_markdown_is_a_table(here: Path) -> None:
    b = variant(here, "b.yaml", "[G], lr: 1.0e-3", "[G], lr: 2.0e-4")
    result = invoke("a.yaml", b, "--format", "markdown")
    assert result.exit_code == 1
    assert result.stdout == (
        "#### nnspec diff `a.yaml` → `b.yaml`\n"
        "\n"
        "1 change (1 changed)\n"
        "\n"
        "|  | path | A | B | A at | B at |\n"
        "|---|---|---|---|---|---|\n"
        "| changed | `optimizers.opt_g.lr` | `0.001` | `0.0002` "
        "| `a.yaml:17` written | `b.yaml:17` written |\n"
        "\n"
        "Affected phases: schedule[0] adversarial (optimizer opt_g)\n"
    )


def test_json_is_the_versioned_document(here: Path) -> None:
    b = variant(here, "b.yaml", "[G], lr: 1.0e-3", "[G], lr: 2.0e-4")
    result = invoke("a.yaml", b, "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and doc["version"] == 2 and doc["identical"] is False
    assert doc["changes"][0]["b"] == {"file": "b.yaml", "line": 17, "column": 40, "origin": "file"}
    same = json.loads(invoke("a.yaml", "a.yaml", "--format", "json").stdout)
    assert same["identical"] is True and same["changes"] == []


def test_run_directories_show_metrics_with_deltas(here: Path) -> None:
    for name, accuracy in (("run_a", 0.875), ("run_b", 0.9375)):
        (here / name).mkdir()
        (here / name / "spec.yaml").write_text(BASE)
        summary = {"status": "completed", "metrics": {"test/accuracy": accuracy}, "steps": 100}
        (here / name / "summary.json").write_text(json.dumps(summary))
    result = invoke("run_a", "run_b")
    assert result.exit_code == 0
    assert result.stdout == (
        "run_a and run_b are identical after resolution\n"
        "\n"
        "runs\n"
        "                 A          B          Δ\n"
        "  status         completed  completed\n"
        "  steps          100        100        +0\n"
        "  seconds        -          -\n"
        "  test/accuracy  0.875      0.9375     +0.0625\n"
    )


def test_text_is_coloured_in_a_terminal(here: Path) -> None:
    b = variant(here, "b.yaml", "width: 16", "width: 8")
    out = io.StringIO()
    terminal = Console(file=out, force_terminal=True, color_system="standard")
    for line in text(diff_files("a.yaml", b)):
        terminal.print(line)
    assert "\x1b[33m" in out.getvalue()  # changes in yellow


def test_diff_of_bundled_specs_never_imports_torch() -> None:
    # Its speed is measured in benchmarks/validate_speed.py, never asserted here.
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from nnspec.cli import main\n"
        "args = ['diff', 'specs/gan-ring.yaml', 'specs/wgan-gp-ring.yaml']\n"
        "result = CliRunner().invoke(main, args)\n"
        "print(result.exit_code, 'torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.split() == ["1", "False"], done.stderr
