"""The other entry points: parse_math, split_relations, derivative_target, equations,
derivations, the CLI helper and the isolated worker."""

from __future__ import annotations

import json

import pytest

import grader.maths as maths
from grader.maths import (
    MathError,
    Parsed,
    Symbol,
    SymbolTable,
    check_derivation,
    compare,
    compare_command,
    compare_equations,
    compare_isolated,
    derivative_target,
    diagnose,
    parse_math,
    split_relations,
)
from tests.maths.conftest import NET, OLS

SEED_LINES = [
    (
        r"(i) \frac{\partial L}{\partial b_2} = \frac{\partial L}{\partial z_2} \cdot "
        r"\frac{\partial z_2}{\partial b_2} = (a_2 - y)(1)",
        [
            r"\frac{\partial L}{\partial b_2}",
            r"\frac{\partial L}{\partial z_2} \cdot \frac{\partial z_2}{\partial b_2}",
            "(a_2 - y)(1)",
        ],
    ),
    (r"\Rightarrow (a_2 - y)(w_2)(a_1)(1 - a_1)(x)", ["(a_2 - y)(w_2)(a_1)(1 - a_1)(x)"]),
    (r"= \boxed{X^T X \beta - X^T y}", [r"X^T X \beta - X^T y"]),
    (r"\therefore \beta = (X^T X)^{-1} X^T y", [r"\beta", r"(X^T X)^{-1} X^T y"]),
    (
        r"J(\beta) = \frac{1}{2} (y - X\beta)^T (y - X\beta) \quad (\text{if } A \text{ sym})",
        [r"J(\beta)", r"\frac{1}{2} (y - X\beta)^T (y - X\beta)"],
    ),
    (
        r"\theta := \theta - \alpha \frac{\partial L}{\partial \theta}",
        [r"\theta", r"\theta - \alpha \frac{\partial L}{\partial \theta}"],
    ),
    (r"\sigma(z) = \frac{1}{1+e^{-z}}.", [r"\sigma(z)", r"\frac{1}{1+e^{-z}}"]),
    ("forget gate 0 \\rightarrow erase", ["forget gate 0", "erase"]),
    (r"a \iff b \implies c", ["a", "b", "c"]),
    ("f(x = 1) = 2", ["f(x = 1)", "2"]),
]


@pytest.mark.parametrize(("text", "sides"), SEED_LINES)
def test_split_relations(text: str, sides: list[str]) -> None:
    assert split_relations(text) == sides


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (r"\frac{\partial L}{\partial w_2}", ("L", "w_2")),
        ("dL/dw2", ("L", "w_2")),
        ("∂L/∂w₂", ("L", "w_2")),
        (r"\frac{dL}{dw_1}", ("L", "w_1")),
        (r"\dfrac{\partial L}{\partial b_1}", ("L", "b_1")),
        (r"(a_2 - y) a_1", None),
        (r"\frac{\partial L}{\partial q}", None),
        ("L", None),
    ],
)
def test_derivative_target_net(text: str, target: tuple[str, str] | None) -> None:
    assert derivative_target(text, NET) == target


def test_derivative_target_nabla() -> None:
    assert derivative_target(r"\nabla_{\beta} J(\beta)", OLS) == ("J", "beta")
    assert derivative_target(r"\nabla_\beta J", OLS) == ("J", "beta")
    assert derivative_target(r"\frac{\partial J}{\partial \hat{\beta}}", OLS) == ("J", "beta")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a_2 - q", "unknown symbol q"),
        ("а_1", "did you mean a (Cyrillic а)"),
        (r"\input{x}", "unsupported command \\input"),
        ("(" * 61 + "x" + ")" * 61, "expression too deeply nested (limit 60)"),
        ("x" * 2001, "too long"),
        ("w_3", "did you mean"),
        ("x!", "factorial"),
        ("1e999999*x", "scientific notation"),
        ("12345678901234567", "limit 15"),
        (r"\sum_{i} x", "not supported"),
    ],
)
def test_parse_errors_are_specific(text: str, fragment: str) -> None:
    result = parse_math(text, NET)
    assert isinstance(result, MathError)
    assert fragment in result.message


def test_parse_error_position_points_into_the_text() -> None:
    result = parse_math("(a_2 - y) + q", NET)
    assert isinstance(result, MathError)
    assert result.position == 12


def test_parsed_shape_and_derivative_flag() -> None:
    parsed = parse_math(r"X^T X \beta - X^T y", OLS)
    assert isinstance(parsed, Parsed)
    assert parsed.shape == ("p", "1")
    chain = parse_math(r"\frac{\partial L}{\partial z_2} \frac{\partial z_2}{\partial w_2}", NET)
    assert isinstance(chain, Parsed)
    assert chain.has_derivative


def test_unevaluated_chain_is_flagged() -> None:
    verdict = compare(
        r"\frac{\partial L}{\partial z_2} \frac{\partial z_2}{\partial w_2}", "(a_2 - y) a_1", NET
    )
    assert verdict.status == "equivalent"
    assert verdict.has_unevaluated_derivative


def test_sigma_is_opaque_without_definitions() -> None:
    table = SymbolTable(symbols=(Symbol("z"),))
    assert compare(r"\sigma(z)", r"\frac{1}{1+e^{-z}}", table, use_definitions=False).status == (
        "not_equivalent"
    )
    assert compare(r"\sigma(z)", r"\frac{1}{1+e^{-z}}", table).status == "equivalent"


def test_mistake_descriptions_name_the_factor() -> None:
    mistake = diagnose("(a_2 - y) w_2 a_1 (1 - a_1)", "(a_2 - y) w_2 a_1 (1 - a_1) x", NET)
    assert mistake is not None
    assert mistake.description == "the factor x (∂z₁/∂w₁) is missing"
    assert mistake.one_factor
    sign = diagnose(r"X^T y - X^T X \beta", r"X^T X \beta - X^T y", OLS)
    assert sign is not None
    assert sign.name == "sign_flipped"
    assert "Xᵀy − XᵀXβ" in sign.description
    assert not sign.one_factor
    assert diagnose("(a_2 - y) a_1", "(a_2 - y) a_1", NET) is None


def test_dimension_message_is_worded() -> None:
    verdict = compare(r"X^T y X \beta", r"X^T X \beta - X^T y", OLS)
    assert verdict.message == "Xᵀy is p×1 but is multiplied by X (n×p): inner dimensions 1 ≠ n"


def test_witness_and_bound() -> None:
    wrong = compare("(a_2 - y) a_2", "(a_2 - y) a_1", NET)
    assert wrong.proof == "witness"
    assert wrong.witness is not None
    assert "a_1" in wrong.witness
    right = compare(r"\|y - X\beta\|^2", r"y^T y - 2 y^T X \beta + \beta^T X^T X \beta", OLS)
    assert right.proof == "probabilistic"
    assert right.false_pass_bound is not None
    assert right.false_pass_bound < 1e-10


@pytest.mark.parametrize(
    ("student", "status"),
    [
        (r"X^T X \beta = X^T y", "equivalent"),
        (r"X^T y = X^T X \beta", "equivalent"),
        (r"X^T X \beta - X^T y = 0", "equivalent"),
        (r"\hat{\beta} = (X^TX)^{-1}X^Ty", "equivalent"),
        (r"\beta = X^T y", "not_equivalent"),
        (r"X \beta = y", "not_equivalent"),
        ("0 = 0", "not_equivalent"),
        (r"X^T X \beta = y", "dimension_error"),
        (r"X^T X \beta", "invalid"),
    ],
)
def test_compare_equations(student: str, status: str) -> None:
    verdict = compare_equations(student, r"\beta = (X^T X)^{-1} X^T y", OLS, unknown="beta")
    assert verdict.status == status, verdict.message


def test_derivation_chain_for_dl_dw1_is_valid() -> None:
    report = check_derivation(
        [
            r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial z_2} \cdot "
            r"\frac{\partial z_2}{\partial a_1} \cdot \frac{\partial a_1}{\partial z_1} \cdot "
            r"\frac{\partial z_1}{\partial w_1}",
            r"\Rightarrow (a_2 - y)(w_2)(a_1)(1 - a_1)(x)",
        ],
        "(a_2 - y) w_2 a_1 (1 - a_1) x",
        NET,
    )
    assert [s.status for s in report.steps] == ["start", "ok", "ok"]
    assert report.first_wrong_line is None
    assert report.final_correct


def test_derivation_finds_the_first_wrong_line_and_carries_forward() -> None:
    report = check_derivation(
        [
            r"J(\beta) = \frac{1}{2} (y - X\beta)^T (y - X\beta)",
            r"= \frac{1}{2} (y^T y + 2\beta^T X^T y + \beta^T X^T X \beta)",
            r"= \frac{1}{2}y^T y + \beta^T X^T y + \frac{1}{2}\beta^T X^T X \beta",
            r"= \nabla(y^T y)",
        ],
        r"\frac{1}{2} (y^T y - 2\beta^T X^T y + \beta^T X^T X \beta)",
        OLS,
    )
    statuses = [s.status for s in report.steps]
    assert statuses == ["start", "ok", "wrong", "carried", "unreadable"]
    assert report.first_wrong_line == 2
    assert report.first_wrong_reason is not None
    assert "flipped" in report.first_wrong_reason
    assert report.needs_review
    assert not report.final_correct


def test_compare_command_text_and_json() -> None:
    code, text = compare_command(
        "X^T X b - X^T y", "-X^T(y - X b)", "X:5x3 y:5x1 b:3x1", None, False
    )
    assert code == 0
    assert text.startswith("equivalent")
    code, text = compare_command("X^T y X b", "X^T X b", "X:5x3 y:5x1 b:3x1", None, True)
    assert code == 1
    assert json.loads(text)["status"] == "dimension_error"
    code, text = compare_command("a", "b", "X:5", None, False)
    assert code == 2
    code, text = compare_command(
        "(a2-y)*a1", "dL/dw2", "x y w1 b1 w2 b2", {"z1": "w1 x + b1", "a1": "sigma(z1)",
        "z2": "w2 a1 + b2", "a2": "sigma(z2)", "L": "-(y log(a2) + (1-y) log(1-a2))"}, False
    )  # fmt: skip
    assert code == 0, text


def test_isolated_worker_matches_in_process() -> None:
    verdict = compare_isolated("(a_2 - y) w_2 x", "(a_2 - y) w_2 a_1 (1 - a_1) x", NET)
    assert verdict == compare("(a_2 - y) w_2 x", "(a_2 - y) w_2 a_1 (1 - a_1) x", NET)


def test_isolated_worker_times_out_as_needs_review(monkeypatch: pytest.MonkeyPatch) -> None:
    import grader.maths.worker as worker

    def slow(*_args: object, **_kwargs: object) -> object:
        while True:
            pass

    monkeypatch.setattr(worker, "compare", slow)
    verdict = compare_isolated("x", "x", NET, timeout=0.5)
    assert verdict.status == "needs_review"


def test_public_names() -> None:
    assert set(maths.__all__) >= {
        "Symbol", "SymbolTable", "Verdict", "Mistake", "MathError", "Parsed", "parse_math",
        "split_relations", "derivative_target", "compare", "compare_equations", "diagnose",
        "check_derivation", "compare_command",
    }  # fmt: skip
