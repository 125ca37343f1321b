"""Every registered metric, on a spec that offers it nothing, is refused by validate, located.

The bare spec has unlabelled data without known modes, one plain network and a loss
that offers no role; a metric that declares any need (``MetricInfo``) cannot be met
there, whether it names its network (or loss) or leaves the default.
"""

from __future__ import annotations

import pytest

from nnspec.registry import REGISTRY
from nnspec.registry.params import Ref

BARE = """\
nnspec: 2
data: {dataset: {bars_and_stripes: {side: 4}}, split: {test: 0.25}}
networks:
  N: {layers: [{linear: 16}]}
losses:
  cost: {type: weight_cost, networks: N}
schedule:
  - train: {loss: cost, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
evaluate: {metrics: [%s]}
"""
NAMES = {"network": "N", "loss": "cost"}
METRICS = [kind.name for kind in REGISTRY.kinds("metric")]


def needs(info) -> bool:
    flags = ("needs_labels", "needs_sampleable", "needs_classifier", "needs_conditional")
    return any(getattr(info, f) for f in flags) or bool(
        info.role or info.needs_modes or info.network_has
    )


def entry(kind, named: bool) -> str:
    """The metric with its required references, and with its network or loss named."""
    params = {
        p.name: NAMES.get(p.type.target, "N")
        for p in kind.params
        if isinstance(p.type, Ref) and (p.required or (named and p.name in NAMES))
    }
    inner = ", ".join(f"{k}: {v}" for k, v in params.items())
    return f"{{{kind.name}: {{{inner}}}}}"


@pytest.mark.parametrize("named", [False, True], ids=["default", "named"])
@pytest.mark.parametrize("name", METRICS)
def test_a_metric_whose_needs_are_unmet_is_a_located_error(write_spec, cli, name, named):
    kind = REGISTRY.get("metric", name)
    result = cli("validate", write_spec(BARE % entry(kind, named)))
    if not needs(kind.info):
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("spec.yaml:10:"), first
    assert f"metric '{name}'" in first and "(at evaluate.metrics[0]" in first, first


def test_the_bare_spec_is_valid(write_spec, cli):
    result = cli("validate", write_spec(BARE % "loss"))
    assert result.exit_code == 0, result.output


DBN = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  dbn: {dbn: {visible: 64, hidden: [16, 16]%s}}
losses:
  cd: {type: cd, model: dbn}
schedule:
  - layerwise: {stack: dbn, loss: cd, optimizer: {type: sgd, lr: 0.1}, epochs: 1}
evaluate: {metrics: [label_accuracy]}
"""


@pytest.mark.parametrize(
    ("labels", "where", "received"),
    [
        (", labels: 0", "spec.yaml:4:54: error: ", "labels: 0\n"),
        ("", "spec.yaml:4:14: error: ", "labels: 0 (the default)\n"),
    ],
    ids=["written", "default"],
)
def test_a_metric_needing_a_setting_of_its_network_is_located_there(
    write_spec, cli, labels, where, received
):
    # MetricInfo.network_needs: label_accuracy classifies by a dbn's label units
    result = cli("validate", write_spec(DBN % labels))
    path = "networks.dbn.dbn" + (".labels" if labels else "")
    assert result.stdout == (
        f"{where}metric 'label_accuracy' needs 'labels' above 0 on network 'dbn' (at {path})\n"
        "  expected: labels: above 0\n"
        f"  received: {received}"
    )
    assert cli("validate", write_spec(DBN % ", labels: 10")).exit_code == 0
