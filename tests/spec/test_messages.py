"""Messages point the right way: planned kinds, fed networks, and English articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnspec.spec.planned import PLANNED
from nnspec.words import a

BASE = """\
nnspec: 2
data: {dataset: digits}
networks:
  enc: {input: [64], layers: [{linear: 16}]}
  dec: {input: [8], layers: [{linear: 64}]}
losses:
  elbo: {type: elbo, encoder: enc, decoder: dec, latent: 8}
schedule:
  - train: {loss: elbo, optimizer: {type: adam}}
    steps: 1
"""
PLANNED_DOC = Path(__file__).resolve().parents[2] / "docs" / "planned.md"


def test_a_planned_network_kind_is_not_a_typo(errors_of, edit, monkeypatch) -> None:
    # docs/planned.md lists no network kind today: plant one to see its message.
    monkeypatch.setitem(PLANNED, ("network", "spiking"), "a spiking network")
    text = edit(BASE, "enc: {input: [64], layers: [{linear: 16}]}", "enc: {spiking: {}}")
    assert errors_of(text) == (
        "spec.yaml:4:9: error: network kind 'spiking' (a spiking network) is planned but not "
        "built yet; see docs/planned.md (at networks.enc)\n"
        "  expected: one of autoencoder_stack, boltzmann_machine, dbm, dbn, graph, gsn, "
        "hopfield, rbm, rbm_stack, sequential"
    )


def test_every_planned_kind_is_in_planned_md_and_not_built() -> None:
    # One test over the table, not one per entry: the table is empty today (every kind
    # planned.md listed is built), and an entry added later must still be documented.
    from nnspec.registry import REGISTRY

    doc = PLANNED_DOC.read_text()
    assert [name for _, name in PLANNED if f"`{name}`" not in doc] == []
    assert [key for key in PLANNED if REGISTRY.get(*key) is not None] == []


def test_a_decoder_without_input_receives_the_latent_code(errors_of, edit) -> None:
    text = edit(BASE, "dec: {input: [8], layers", "dec: {layers")
    assert errors_of(text) == (
        "spec.yaml:5:8: error: network 'dec' has no input: as the decoder of loss 'elbo' it "
        "receives the latent code, not the data's examples (at networks.dec)\n"
        "  expected: input: [the code's size]"
    )


def test_an_optimizer_takes_an(errors_of, edit) -> None:
    text = edit(BASE, "  elbo:", "optimizers: {o: adam}\nlosses:\n  elbo:").replace(
        "losses:\noptimizers", "optimizers"
    )
    assert errors_of(text) == (
        "spec.yaml:6:17: error: expected an optimizer with a 'type' (at optimizers.o)\n"
        "  expected: a mapping such as {type: adadelta, ...}\n"
        "  received: 'adam' (a string)"
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [("optimizer", "an optimizer"), ("init", "an init"), ("loss", "a loss"), ("", "a ")],
)
def test_articles(word, expected) -> None:
    assert a(word) == expected
