"""The diff's JSON document, markdown and shared renderings, on bundled specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.diff.core import diff_files, diff_specs
from nnspec.diff.format import clip, flow, place
from nnspec.diff.json import document
from nnspec.diff.markdown import code, markdown
from nnspec.diff.sides import open_side
from nnspec.errors import DEFAULT_LOCATION, Location
from nnspec.spec.dump import dump_yaml
from nnspec.spec.pipeline import resolve

SPECS = Path(__file__).resolve().parents[2] / "specs"
BUNDLED = sorted(p.relative_to(SPECS).as_posix() for p in SPECS.rglob("*.yaml"))


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SPECS.parent)


def test_gan_ring_to_wgan_gp_ring(in_repo: None) -> None:
    result = diff_files("specs/gan-ring.yaml", "specs/wgan-gp-ring.yaml")
    assert [(c.op, c.path) for c in result.changes] == [
        ("changed", "name"),  # a name is not inherited: the child's is its file name
        ("changed", "description"),
        ("removed", "losses.gan"),
        ("added", "losses.wgan"),
        ("changed", "optimizers.opt_d.betas"),
        ("changed", "optimizers.opt_g.betas"),
        ("changed", "schedule[0].alternate.cycle[0].loss"),
        ("changed", "schedule[0].alternate.cycle[0].repeat"),
        ("changed", "schedule[0].alternate.cycle[1].loss"),
    ]
    betas = result.changes[4]
    assert (betas.a.file, betas.b.file, betas.b.line) == (
        "specs/gan-ring.yaml",
        "specs/wgan-gp-ring.yaml",
        16,
    )
    assert result.effects.networks == []
    assert [(x.name, x.because) for x in result.effects.losses] == [
        ("gan", ["removed"]),
        ("wgan", ["added"]),
    ]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_spec_is_identical_to_its_run_spec(name: str, tmp_path: Path) -> None:
    """What a run writes as spec.yaml resolves back to the same spec."""
    (tmp_path / "spec.yaml").write_text(dump_yaml(resolve(SPECS / name).plain()), encoding="utf-8")
    run = open_side(str(tmp_path))
    result = diff_specs(resolve(SPECS / name), run.spec)
    assert result.identical, [c.path for c in result.changes]


def test_the_json_document_has_every_key_always(in_repo: None) -> None:
    doc = document(diff_files("specs/gan-ring.yaml", "specs/wgan-clip-ring.yaml"))
    assert list(doc) == [
        "version",
        "a",
        "b",
        "only",
        "identical",
        "summary",
        "changes",
        "effects",
        "runs",
        "children",
    ]
    assert doc["version"] == 2 and list(doc["summary"]) == [
        "added",
        "removed",
        "changed",
        "renamed",
    ]
    for change in doc["changes"]:
        assert list(change) == [
            "op",
            "path",
            "old_path",
            "old",
            "new",
            "a",
            "b",
            "references",
            "defaults",
        ]
        for side in ("a", "b"):
            assert change[side] is None or list(change[side]) == [
                "file",
                "line",
                "column",
                "origin",
            ]
    assert list(doc["effects"]) == ["networks", "losses", "phases"]


def test_json_network_effects_carry_both_sides_and_a_delta(tmp_path: Path) -> None:
    text = (SPECS / "gan-ring.yaml").read_text()
    (tmp_path / "wide.yaml").write_text(text.replace("width: 128", "width: 64"))
    doc = document(diff_files(SPECS / "gan-ring.yaml", tmp_path / "wide.yaml"))
    generator = doc["effects"]["networks"][0]
    assert generator["name"] == "G" and generator["old_name"] == "G"
    assert generator["params"] == {"a": 17154, "b": 4482, "delta": -12672}
    assert generator["output"] == {"a": [2], "b": [2]}
    assert generator["layers"][0] == {
        "kind": "linear",
        "a_index": 0,
        "b_index": 0,
        "params": {"a": 384, "b": 192, "delta": -192},
        "output": {"a": [128], "b": [64]},
    }


def test_markdown_of_identical_specs(in_repo: None) -> None:
    result = diff_files("specs/gan-ring.yaml", "specs/gan-ring.yaml", only="networks")
    assert markdown(result) == (
        "#### nnspec diff `specs/gan-ring.yaml` → `specs/gan-ring.yaml`\n"
        "\n"
        "Identical after resolution under `networks`."
    )


def test_markdown_cells_are_escaped_and_clipped() -> None:
    assert code("a|b") == "`a\\|b`"
    assert code("x" * 100) == "`" + "x" * 59 + "…`"
    assert code("a`b") == "`` a`b ``"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"linear": {"out": 8, "bias": True}}, "{linear: {out: 8, bias: true}}"),
        ([0.5, 0.999], "[0.5, 0.999]"),
        (None, "null"),
        (1e-08, "1e-08"),
        ("gan.generator", "gan.generator"),
        ("true", '"true"'),
        ("a small GAN", '"a small GAN"'),
        ("1e3", '"1e3"'),
    ],
)
def test_flow_writes_values_as_yaml_reads_them(value: object, text: str) -> None:
    assert flow(value) == text


def test_place_says_where_and_how() -> None:
    assert place(Location("a.yaml", 3, 5)) == "a.yaml:3 (written)"
    assert place(Location("p.yaml", 7, 1, "extends")) == "p.yaml:7 (extends)"
    assert place(Location("a.yaml", 9, 2, "var")) == "a.yaml:9 (var)"
    assert place(DEFAULT_LOCATION) == "default"
    assert clip("abcdef", 4) == "abc…"
