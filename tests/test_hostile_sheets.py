"""Hostile written answers: each gets a clear verdict on its part, fast, and never stops grading."""

import os

import pytest

from grader.grading import grade_path

BOMBS = [
    r"$$\nabla_\beta J = 10^{10^{10}}$$",
    r"$$\nabla_\beta J = (X^T X \beta + 1)^{100000}$$",
    r"$$\nabla_\beta J = 1e999999 X^T y$$",
    "$$\\nabla_\\beta J = " + "(" * 500 + "X" + ")" * 500 + "$$",
    r"$$\nabla_\beta J = \input{/etc/passwd}$$",
    r"$$\nabla_\beta J = __import__('os').system('touch /tmp/pwned')$$",
    r"$$\nabla_\beta J = ().__class__.__base__.__subclasses__()$$",
    "$$\\nabla_\\beta J = " + "x+" * 100_000 + "x$$",
    r"$$\nabla_\beta J = (10^6)!$$",
    "$$\\nabla_\\beta J = X^T X \u03b2 \u2212 X^T \u0443$$",  # Cyrillic у for y
]


@pytest.mark.parametrize("bomb", BOMBS, ids=range(len(BOMBS)))
def test_math_bombs_cost_only_their_item(tmp_path, exam, sandbox, bomb):
    sheet = tmp_path / "eve.md"
    normal = "$$X^T X \\beta = X^T y$$"
    sheet.write_text(f"Q1\n(b)\n{bomb}\n{normal}\n\nQ3\n(b) vanishing gradients", "utf-8")
    result = grade_path(exam, sheet, sandbox)
    parts = {p.part: p for p in result.parts}
    gradient = next(i for i in parts["1.b"].items if i.id == "gradient")
    assert gradient.points == 0
    assert next(i for i in parts["1.b"].items if i.id == "normal_equations").points == 1
    assert parts["3.b"].points == 2
    assert "could not read" in gradient.reason or "not found" in gradient.reason
    assert not os.path.exists("/tmp/pwned")


def test_an_unreadable_expression_is_explained_not_silently_missed(tmp_path, exam, sandbox):
    sheet = tmp_path / "eve.md"
    sheet.write_text("Q1\n(b)\n$$\\nabla_\\beta J = X^T X \\beta - X^T \u0443$$\n", "utf-8")
    parts = {p.part: p for p in grade_path(exam, sheet, sandbox).parts}
    gradient = next(i for i in parts["1.b"].items if i.id == "gradient")
    assert gradient.status == "invalid"
    assert "could not read" in gradient.reason
    assert "did you mean" in gradient.reason.lower()
    assert parts["1.b"].needs_review
