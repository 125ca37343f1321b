"""The typed resolved spec: its fields are the grammar's keys, and it holds the plain spec."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from nnspec.spec import grammar, typed
from nnspec.spec.pipeline import resolve

SPECS = sorted(Path("specs").glob("**/*.yaml"))

# A resolved spec has merged its parents; ``tree`` and ``entry`` hold the plain mapping.
NOT_GRAMMAR = {"tree", "entry", "kind", "params"}
DROPPED = {"extends"}


def keys(struct: grammar.Struct) -> set[str]:
    return {p.name for p in struct.fields}


def declared(cls: type) -> set[str]:
    return {f.name for f in fields(cls)} - NOT_GRAMMAR


def section(name: str) -> grammar.Struct:
    return next(p.type for p in grammar.SECTIONS if p.name == name)


@pytest.mark.parametrize(
    ("cls", "struct"),
    [
        (typed.Spec, grammar.Struct(tuple(grammar.SECTIONS))),
        (typed.Data, grammar.DATA),
        (typed.Split, next(p.type for p in grammar.DATA.fields if p.name == "split")),
        (typed.Phase, grammar.Struct(grammar.PHASE_COMMON)),
        (typed.Evaluate, grammar.EVALUATE),
        (typed.Outputs, grammar.OUTPUTS),
        (typed.Samples, grammar.SAMPLES),
        (typed.Checkpoints, grammar.CHECKPOINTS),
        (typed.Run, grammar.RUN),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_fields_are_the_grammar_keys(cls: type, struct: grammar.Struct) -> None:
    assert declared(cls) == keys(struct) - DROPPED


def test_the_sections_are_the_grammars() -> None:
    assert section("evaluate") is grammar.EVALUATE and section("outputs") is grammar.OUTPUTS
    assert section("data") is grammar.DATA and section("run") is grammar.RUN


@pytest.mark.parametrize("path", SPECS, ids=str)
def test_every_bundled_spec_reads_back_whole(path: Path) -> None:
    resolved = resolve(path)
    spec = resolved.typed
    assert spec.plain() == resolved.plain()
    assert {n: loss.plain() for n, loss in spec.losses.items()} == resolved.plain()["losses"]
    assert [p.entry for p in spec.schedule] == resolved.plain()["schedule"]
    assert [t.plain() for t in spec.data.transforms] == resolved.plain()["data"]["transforms"]
    assert spec.networks == {
        name: typed.Application.of(v) for name, v in resolved.plain()["networks"].items()
    }


def test_an_application_is_its_one_kind_and_params() -> None:
    applied = typed.Application.of({"ring": {"modes": 8}})
    assert (applied.kind, applied.params) == ("ring", {"modes": 8})
    assert applied.plain() == {"ring": {"modes": 8}}
    declared_ = typed.Declared.of({"type": "adam", "lr": 0.1})
    assert (declared_.kind, declared_.params) == ("adam", {"lr": 0.1})
    assert declared_.plain() == {"type": "adam", "lr": 0.1}


def test_a_misspelled_section_key_is_an_attribute_error() -> None:
    spec = resolve("specs/xor.yaml").typed
    with pytest.raises(AttributeError):
        spec.outputs.sample  # noqa: B018
