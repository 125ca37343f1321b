"""No kind name is written where code decides by kind, outside the kind's own modules.

See ``kind_literals`` for what counts as deciding by kind and which modules a kind
owns. A kind name that is also a parameter name or a choice value of some declared
parameter (``loss``, ``normal``, ``mse``) cannot be told apart from that use by
syntax, and neither can a name a metric reports (``accuracy``); they are not searched
for. ``ALSO_MEANS`` lists the few other names that are
also words of nnspec's own formats.
"""

from __future__ import annotations

from nnspec.implementations import implementation_module
from nnspec.registry import REGISTRY
from nnspec.registry.core import CATEGORIES
from nnspec.registry.params import Choice, ListOf, Struct

from .kind_literals import stray_literals

ALSO_MEANS = {
    "step": "the step field of every metrics record and checkpoint",
    "train": "the train split",
    "sequential": "the layer-list form of a network, read by the grammar, the schema and diff",
}
INDEX = "nnspec.implementations"  # gathers every category's table, by name


def _words(ptype, out: set[str]) -> None:
    if isinstance(ptype, Choice):
        out.update(map(str, ptype.options))
    elif isinstance(ptype, ListOf):
        _words(ptype.item, out)
    elif isinstance(ptype, Struct):
        for field in ptype.fields:
            out.add(field.name)
            _words(field.type, out)


def ambiguous() -> set[str]:
    """Parameter names and choice values of every declared kind, and the metrics' reports."""
    out = set(ALSO_MEANS)
    for kind in REGISTRY.kinds("metric"):
        out.update(kind.info.reports)
    for category in CATEGORIES:
        for kind in REGISTRY.kinds(category):
            for param in kind.params:
                out.add(param.name)
                _words(param.type, out)
    return out


def owners() -> dict[str, set[str]]:
    """Kind name -> the modules that declare or implement a kind of that name."""
    skip = ambiguous()
    out: dict[str, set[str]] = {}
    for category in CATEGORIES:
        for kind in REGISTRY.kinds(category):
            modules = {kind.module, implementation_module(category, kind.name), INDEX}
            for name in (kind.name, *kind.aliases):
                if name not in skip:
                    out.setdefault(name, set()).update(m for m in modules if m)
    return out


def test_no_kind_name_decides_outside_its_own_modules() -> None:
    stray = stray_literals(owners())
    assert not stray, "kind names outside their declaration and implementation:\n" + "\n".join(
        stray
    )


def test_the_search_finds_a_kind_switch(tmp_path) -> None:
    import ast

    from .kind_literals import deciding_literals

    tree = ast.parse('RULES = {"minimax": 1}\nif kind in ("rbm", "rbm_stack"): pass\nf("cd")')
    assert [n.value for n in deciding_literals(tree)] == ["minimax", "rbm", "rbm_stack"]
