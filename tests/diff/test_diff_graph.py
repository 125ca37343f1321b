"""``nnspec diff`` of graph networks: nodes aligned by name, edges added and removed, and
the shape and parameter effect on every node downstream."""

from __future__ import annotations

from pathlib import Path

from tests.spec.check.test_graph_parts import SHARED

A = SHARED.replace("    steps: 2", "    shared: [A.trunk]\n    steps: 2")


def _diff(cli, tmp_path: Path, old: str, new: str, *options: str):
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(A.replace(old, new))
    return cli("diff", tmp_path / "a.yaml", tmp_path / "b.yaml", *options)


def test_a_wider_trunk_reaches_every_node_downstream(cli, tmp_path: Path) -> None:
    result = _diff(cli, tmp_path, "[{linear: 16}, relu]", "[{linear: 32}, relu]")
    effect = result.stdout.split("\neffect\n")[1]
    assert effect.splitlines()[:8] == [
        "  networks.A: parameters 1,210 → 2,410 (+1,200)",
        "    ~ node trunk: output (16) → (32); parameters 1,040 → 2,080",
        "    ~ node head: parameters 170 → 330",
        "  networks.B: parameters 170 → 330 (+160)",
        "    ~ node trunk: output (16) → (32); parameters 1,040 → 2,080",
        "    ~ node head: parameters 170 → 330",
        "  losses: a (network A); b (network B)",
        "  phases: schedule[0] alternate (loss a, loss b)",
    ]


def test_a_new_source_is_an_added_edge(cli, tmp_path: Path) -> None:
    new = "head: {from: [x, trunk], merge: concat, layers: [{linear: 10}]}"
    result = _diff(
        cli,
        tmp_path,
        "head: {from: trunk, layers: [{linear: 10}]}\n      outputs: head\n  B",
        new + "\n      outputs: head\n  B",
        "--format",
        "json",
    )
    import json

    (net,) = [n for n in json.loads(result.stdout)["effects"]["networks"] if n["name"] == "A"]
    assert net["edges"] == [{"change": "+", "from": "x", "to": "head"}]
    assert net["nodes"] == [
        {
            "name": "head",
            "params": {"a": 170, "b": 810, "delta": 640},
            "output": {"a": [10], "b": [10]},
        }
    ]
