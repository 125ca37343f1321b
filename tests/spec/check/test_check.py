"""Static checks across sections: references, loss terms, phase lengths and optimizers."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.spec.pipeline import resolve

GAN = (Path(__file__).resolve().parents[2] / "fixtures" / "gan.yaml").read_text()

SUPERVISED = """\
nnspec: 2
data: {dataset: digits}
networks:
  mlp: {layers: [{linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    epochs: 1
"""


def test_the_base_specs_are_valid(write_spec) -> None:
    assert set(resolve(write_spec(GAN)).shapes) == {"G", "D"}
    assert set(resolve(write_spec(SUPERVISED, "s.yaml")).shapes) == {"mlp"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("generator: G,", "generator: GG,", "spec.yaml:11:35: error: unknown network 'GG' "
         "(at losses.gan.generator); did you mean 'G'?\n  expected: one of the networks: G, D"),
        ("params: [D]", "params: [DD]", "spec.yaml:13:32: error: unknown network 'DD' "
         "(at optimizers.opt_d.params[0]); did you mean 'D'?\n"
         "  expected: one of the networks: G, D"),
        ("optimizer: opt_g}", "optimizer: opt_gg}", "spec.yaml:18:42: error: unknown optimizer "
         "'opt_gg' (at schedule[0].alternate.cycle[1].optimizer); did you mean 'opt_g'?\n"
         "  expected: one of the optimizers: opt_d, opt_g"),
        ("loss: gan.generator,", "loss: gan.generatr,", "spec.yaml:18:16: error: unknown loss "
         "term 'gan.generatr' (at schedule[0].alternate.cycle[1].loss); did you mean "
         "'gan.generator'?\n  expected: one of: gan.discriminator, gan.generator"),
        ("loss: gan.generator,", "loss: gna.generator,", "spec.yaml:18:16: error: unknown loss "
         "term 'gna.generator' (at schedule[0].alternate.cycle[1].loss); did you mean "
         "'gan.generator'?\n  expected: one of: gan.discriminator, gan.generator"),
    ],
)  # fmt: skip
def test_dangling_references_suggest_the_closest(errors_of, edit, old, new, expected) -> None:
    assert errors_of(edit(GAN, old, new)) == expected


def test_a_dangling_loss_without_terms(errors_of, edit) -> None:
    assert errors_of(edit(SUPERVISED, "loss: xent,", "loss: xnet,")) == (
        "spec.yaml:8:19: error: unknown loss term 'xnet' (at schedule[0].train.loss); "
        "did you mean 'xent'?\n"
        "  expected: one of: xent"
    )


def test_a_dangling_reference_outside_the_schedule(errors_of, edit) -> None:
    text = edit(GAN, "schedule:", "outputs: {samples: {network: g}}\nschedule:")
    assert errors_of(text) == (
        "spec.yaml:15:30: error: unknown network 'g' (at outputs.samples.network)\n"
        "  expected: one of the networks: G, D"
    )


def test_a_loss_with_terms_named_without_its_term(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "loss: gan.generator,", "loss: gan,")) == (
        "spec.yaml:18:16: error: loss 'gan' has several terms; name the one to minimise "
        "(at schedule[0].alternate.cycle[1].loss)\n"
        "  expected: gan.discriminator or gan.generator\n"
        "  received: 'gan'"
    )


def test_a_phase_without_steps_or_epochs(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "    steps: 100\n", "")) == (
        "spec.yaml:16:5: error: a 'alternate' phase needs its length: steps or epochs "
        "(at schedule[0])\n"
        "  expected: exactly one of steps, epochs\n"
        "  received: neither"
    )


def test_a_phase_with_both_steps_and_epochs(errors_of, edit) -> None:
    assert errors_of(edit(SUPERVISED, "    epochs: 1\n", "    epochs: 1\n    steps: 5\n")) == (
        "spec.yaml:8:5: error: a 'train' phase needs its length: steps or epochs "
        "(at schedule[0])\n"
        "  expected: exactly one of steps, epochs\n"
        "  received: steps, epochs"
    )


def test_an_optimizer_that_does_not_cover_its_loss_term(errors_of, edit) -> None:
    assert errors_of(edit(GAN, "optimizer: opt_g}", "optimizer: opt_d}")) == (
        "spec.yaml:18:42: error: optimizer 'opt_d' updates D, none of which loss term "
        "'gan.generator' trains (at schedule[0].alternate.cycle[1])\n"
        "  expected: an optimizer over G"
    )


def test_a_named_optimizer_must_say_what_it_updates(errors_of, edit) -> None:
    # One error only: no follow-on "optimizer 'opt_d' updates , none of which ..." line.
    assert errors_of(edit(GAN, "opt_d: {type: adam, params: [D]}", "opt_d: {type: adam}")) == (
        "spec.yaml:13:10: error: optimizer 'opt_d' must say which networks it updates "
        "(at optimizers.opt_d)\n"
        "  expected: params: [a network name, ...]"
    )


def test_a_store_phase_needs_a_hopfield_network_and_no_length(errors_of, edit) -> None:
    text = edit(GAN, "  - alternate:", "  - store: {network: G}\n    steps: 3\n  - alternate:")
    assert errors_of(text) == (
        "spec.yaml:16:22: error: a 'store' phase needs a hopfield network "
        "(at schedule[0].store.network)\n"
        "  expected: hopfield\n"
        "  received: 'G', a sequential network\n"
        "spec.yaml:17:12: error: a 'store' phase sets its own length; remove 'steps' "
        "(at schedule[0].steps)"
    )


def test_a_layerwise_phase_needs_a_stack(errors_of, edit) -> None:
    phase = (
        "  - layerwise: {stack: G, loss: gan, optimizer: {type: sgd, lr: 0.1}, "
        "epochs: 1}\n  - alternate:"
    )
    assert errors_of(edit(GAN, "  - alternate:", phase)) == (
        "spec.yaml:16:24: error: a 'layerwise' phase needs an autoencoder_stack or dbm or dbn or "
        "rbm_stack network (at schedule[0].layerwise.stack)\n"
        "  expected: autoencoder_stack or dbm or dbn or rbm_stack\n"
        "  received: 'G', a sequential network"
    )


SUM = """\
nnspec: 2
data: {dataset: digits}
networks:
  mlp: {layers: [{linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
  total: {type: sum, terms: [{loss: xent}, {loss: total}]}
optimizers:
  opt: {type: adam, params: [mlp]}
schedule:
  - train: {loss: total, optimizer: OPT}
    epochs: 1
"""


SELF_SUM = (
    "spec.yaml:7:29: error: loss 'total' includes itself (at losses.total.terms); "
    "a sum must add other losses"
)


@pytest.mark.parametrize("optimizer", ["{type: adam}", "opt"], ids=["inline", "named"])
def test_a_sum_loss_cannot_contain_itself(errors_of, optimizer: str) -> None:
    # With a named optimizer this once recursed without end (exit 3).
    assert errors_of(SUM.replace("OPT", optimizer)) == SELF_SUM


def test_sums_that_contain_each_other_are_both_reported(errors_of, edit) -> None:
    text = edit(
        SUM, "{loss: total}]}", "{loss: other}]}\n  other: {type: sum, terms: [{loss: total}]}"
    )
    assert errors_of(text.replace("OPT", "opt")) == (
        SELF_SUM + "\n"
        "spec.yaml:8:29: error: loss 'other' includes itself (at losses.other.terms); "
        "a sum must add other losses"
    )


def test_a_sum_of_sums_without_a_cycle_is_valid(write_spec, edit) -> None:
    text = edit(
        SUM, "{loss: total}]}", "{loss: other}]}\n  other: {type: sum, terms: [{loss: xent}]}"
    )
    assert set(resolve(write_spec(text.replace("OPT", "opt"))).shapes) == {"mlp"}


WITH_TEST_SPLIT = SUPERVISED.replace(
    "data: {dataset: digits}", "data: {dataset: digits, split: {test: 0.2}}"
)
CROSS_SECTION_MISTAKES = {
    "an inline optimizer over networks its loss does not train": (
        SUPERVISED.replace(
            "  mlp: {layers: [{linear: 10}]}",
            "  mlp: {layers: [{linear: 10}]}\n  other: {input: [3], layers: [{linear: 2}]}",
        ).replace("{type: adam}", "{type: adam, params: [other]}"),
        "spec.yaml:9:36: error: the inline optimizer updates other, none of which loss term "
        "'xent' trains (at schedule[0].train)\n"
        "  expected: an optimizer over mlp",
    ),
    "validation and test splits that leave no training data": (
        SUPERVISED.replace(
            "data: {dataset: digits}", "data: {dataset: digits, split: {val: 0.6, test: 0.6}}"
        ),
        "spec.yaml:2:32: error: the val and test fractions leave no training data (at data.split)\n"
        "  expected: val + test below 1\n"
        "  received: 0.6 + 0.6",
    ),
    "evaluating on a split the data does not have": (
        SUPERVISED + "evaluate: {splits: [val], metrics: [accuracy]}\n",
        "spec.yaml:10:20: error: there is no 'val' split to evaluate on (at evaluate.splits[0]); "
        "add data.split.val or data.val\n"
        "  expected: one of train",
    ),
    "the default test split, which the data does not have": (
        SUPERVISED + "evaluate: {metrics: [accuracy]}\n",
        "spec.yaml:10:21: error: there is no 'test' split to evaluate on (at evaluate.splits[0]); "
        "add data.split.test or data.test\n"
        "  expected: one of train",
    ),
    "watching a misspelled metric": (
        WITH_TEST_SPLIT + "evaluate: {metrics: [accuracy]}\n"
        "outputs: {checkpoints: {watch: test/acuracy}}\n",
        "spec.yaml:11:32: error: checkpoints watch 'test/acuracy', which the evaluation never "
        "reports (at outputs.checkpoints.watch); did you mean 'test/accuracy'?\n"
        "  expected: one of test/accuracy",
    ),
    "watching a metric without evaluating any": (
        WITH_TEST_SPLIT + "outputs: {checkpoints: {watch: test/accuracy}}\n",
        "spec.yaml:10:32: error: checkpoints watch 'test/accuracy', which the evaluation never "
        "reports (at outputs.checkpoints.watch)\n"
        "  expected: a metric in evaluate",
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), CROSS_SECTION_MISTAKES.values(), ids=CROSS_SECTION_MISTAKES.keys()
)
def test_mistakes_across_sections_fail_before_training(errors_of, text: str, expected: str) -> None:
    assert errors_of(text) == expected


TWO_LOSSES = WITH_TEST_SPLIT.replace(
    "  xent: {type: cross_entropy, model: mlp}\n",
    "  xent: {type: cross_entropy, model: mlp}\n"
    "  smooth: {type: cross_entropy, model: mlp, label_smoothing: 0.1}\n",
)
LOSS_WATCH = "evaluate: {metrics: [loss]}\noutputs: {checkpoints: {watch: WATCH}}\n"


@pytest.mark.parametrize(
    ("spec", "watch"),
    [(WITH_TEST_SPLIT, "test/loss"), (TWO_LOSSES, "test/xent")],
    ids=["one loss as test/loss", "several losses by name"],
)
def test_watching_what_the_loss_metric_reports_is_valid(write_spec, spec, watch) -> None:
    path = write_spec(spec + LOSS_WATCH.replace("WATCH", watch))
    assert resolve(path).tree["outputs"]["checkpoints"]["watch"] == watch


@pytest.mark.parametrize(
    ("spec", "watch"),
    [(WITH_TEST_SPLIT, "test/xent"), (TWO_LOSSES, "test/loss")],
    ids=["one loss by name", "several losses as test/loss"],
)
def test_watching_what_the_loss_metric_never_reports(write_spec, cli, spec, watch) -> None:
    result = cli("validate", write_spec(spec + LOSS_WATCH.replace("WATCH", watch)))
    assert result.exit_code == 1


def test_naming_a_missing_split_without_metrics_is_allowed(write_spec, cli) -> None:
    # No metric reads a split, so nothing can fail; and a resolved spec (a run's
    # spec.yaml) writes the default [test] out, which must stay valid without a test split.
    result = cli("validate", write_spec(SUPERVISED + "evaluate: {splits: [val]}\n"))
    assert result.exit_code == 0
