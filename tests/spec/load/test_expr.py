"""The safe evaluator of ``$(...)``: arithmetic is allowed, anything that could run code is not."""

from __future__ import annotations

import pytest

from nnspec.spec.load.expr import ExprError, evaluate

VARS = {"latent": 8, "width": 128, "lr": 0.5}


def lookup(name: str) -> object:
    return VARS[name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("latent", 8),
        ("2 * latent", 16),
        ("latent + width // 3", 50),
        ("(latent + 2) * 3", 30),
        ("width / latent", 16.0),
        ("width % 10", 8),
        ("2 ** 10", 1024),
        ("-latent", -8),
        ("+lr", 0.5),
        ("min(latent, width, 3)", 3),
        ("max(latent, width)", 128),
        ("int(lr * 9)", 4),
        ("round(lr * 9)", 4),
        ("abs(-latent)", 8),
        (" latent ", 8),
    ],
)
def test_arithmetic(text: str, expected: object) -> None:
    value = evaluate(text, lookup)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "unknown function '__import__'; allowed: min, max, int, round, abs"),
        ("__import__('os').system('true')", "'__import__('os').system('true')' is not allowed"),
        ("latent.real", "'latent.real' is not allowed in an expression"),
        ("open('/etc/passwd')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("(lambda: 1)()", "is not allowed in an expression"),
        ("[x for x in ()]", "is not allowed in an expression"),
        ("'a' * 3", "''a'' is not allowed in an expression"),
        ("latent if 1 else 2", "is not allowed in an expression"),
        ("latent < 3", "is not allowed in an expression"),
        ("VARS['latent']", "is not allowed in an expression"),
        ("max(latent, key=abs)", "is not allowed in an expression"),
        ("latent; 1", "is not a valid expression"),
        ("import os", "is not a valid expression"),
        ("2 ** 65", "'2 ** 65' is too large"),
        ("2 ** 60 * 2 ** 60", "'2 ** 60 * 2 ** 60' is too large (more than 1e18)"),
        ("1e19", "'1e19' is too large (more than 1e18)"),
        ("latent / 0", "division by zero in 'latent / 0'"),
        ("latent % 0", "division by zero"),
        ("0 ** -1", "division by zero"),
        ("nope + 1", "unknown var 'nope'"),
        ("max(latent, True)", "arithmetic needs numbers, got True"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        evaluate(text, lookup)
    assert message in str(info.value)


def test_an_unknown_var_names_itself_for_did_you_mean() -> None:
    with pytest.raises(ExprError) as info:
        evaluate("latnet * 2", lookup)
    assert info.value.name == "latnet"


def test_nothing_is_evaluated_by_python(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("eval was called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert evaluate("2 * latent + 1", lookup) == 17


# Each of these once escaped as a non-ExprError exception, which the CLI turned into
# exit 3 with a traceback.
ARITHMETIC_ERRORS = {
    "float overflow": ("(10.0 ** 64) ** 64", "'(10.0 ** 64) ** 64' is too large"),
    "min() of nothing": (
        "min()",
        "'min()' cannot be computed (min expected at least 1 argument, got 0)",
    ),
    "int of infinity": (
        "int(1e400)",
        "'int(1e400)' cannot be computed (cannot convert float infinity to integer)",
    ),
    "round with three arguments": (
        "round(1, 2, 3)",
        "'round(1, 2, 3)' cannot be computed (round() takes at most 2 arguments (3 given))",
    ),
    "3000 unary minuses": ("-" * 3000 + "1", "an expression of 3001 characters is too long"),
}


@pytest.mark.parametrize(
    ("text", "message"), ARITHMETIC_ERRORS.values(), ids=ARITHMETIC_ERRORS.keys()
)
def test_bad_arithmetic_is_an_expr_error(text: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        evaluate(text, lookup)
    assert str(info.value) == message


def test_the_largest_allowed_values() -> None:
    assert evaluate("10 ** 18", lookup) == 10**18
    assert evaluate("-" * 199 + "1", lookup) == -1  # 200 characters, nested 199 deep


def test_a_huge_integer_in_a_spec_is_a_located_error(errors_of) -> None:
    # The result would have >4300 digits, which str() refuses (once a ValueError, exit 3).
    text = "nnspec: 2\nname: run-$(((10 ** 64) ** 64) * ((10 ** 64) ** 4))\n"
    assert errors_of(text) == (
        "spec.yaml:2:7: error: cannot substitute '$(((10 ** 64) ** 64) * ((10 ** 64) ** 4))': "
        "'(10 ** 64) ** 64' is too large (at name)"
    )
