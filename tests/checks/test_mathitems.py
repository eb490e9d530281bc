"""Math rubric items through the real path: which expression answers, what mistake is named."""

import pytest

from grader.checks.mathitems import candidates, segments
from grader.checks.written import grade_written
from grader.spec import WrittenPart
from grader.submission.sheet import Block


def part(exam, part_id: str) -> WrittenPart:
    found = next(p for pr in exam.problems for p in pr.parts if p.id == part_id)
    assert isinstance(found, WrittenPart)
    return found


def grade(exam, part_id: str, *lines: str):
    table = exam.tables["Q" + part_id[0]]
    blocks = [Block(n, line, line) for n, line in enumerate(lines, start=1)]
    p = part(exam, part_id)
    result = grade_written(p, blocks, table=table, title=p.question)
    return result, {i.id: i for i in result.items}


def test_math_is_found_in_plain_lines_without_dollars():
    block = Block(1, "", "Set it to zero: X'X b = X'y, the normal equations.")
    assert segments(block) == ["X'X b = X'y"]


def test_a_line_opening_with_equals_continues_the_chain_before_it():
    blocks = [
        Block(1, "", r"$$\nabla_\beta J = \frac{1}{2} \nabla(y^T y)$$"),
        Block(2, "", r"$$= X^T X \beta - X^T y$$"),
    ]
    last = list(candidates(blocks))[-1]
    assert last.chain[0] == r"\nabla_\beta J"
    assert last.index == 2


@pytest.mark.parametrize(
    "answer",
    [
        r"$$\nabla_\beta J = X^T X \beta - X^T y$$",
        r"$$\nabla J = -X^T(y - X\beta)$$",
        "grad J = X'X b - X'y",
        r"$$\frac{\partial J}{\partial \beta} = X^T(X\beta - y)$$",
    ],
)
def test_any_equivalent_gradient_earns_both_points(exam, answer):
    _, items = grade(exam, "1.b", answer)
    assert items["gradient"].points == 2, items["gradient"].reason


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        (r"$$\nabla J = X^T y - X^T X \beta$$", "sign is flipped"),
        (r"$$\nabla_\beta J = X X^T \beta - X^T y$$", ""),
        (r"$$\nabla_\beta J = X^T y X \beta$$", "1 ≠"),
    ],
)
def test_wrong_gradients_earn_nothing_and_are_named(exam, answer, named):
    _, items = grade(exam, "1.b", answer)
    assert items["gradient"].points == 0
    assert items["gradient"].status in {"failed", "invalid"}
    assert named in items["gradient"].reason


def test_a_later_wrong_step_keeps_the_credit_but_is_flagged(exam):
    result, items = grade(
        exam, "1.b", r"$$\nabla_\beta J = -X^T(y - X\beta) = -X^T y - X^T X \beta$$"
    )
    assert items["gradient"].points == 2
    assert "goes wrong at step 3" in items["gradient"].detail
    assert result.needs_review


def test_the_estimator_needs_the_inverse_of_xtx_not_of_x(exam):
    _, items = grade(exam, "1.b", r"$$\beta = X^{-1} y$$")
    assert items["estimator"].points == 0
    assert "not square" in items["estimator"].reason


def test_the_norm_is_not_the_expansion(exam):
    _, items = grade(exam, "1.b", r"$$J = \frac{1}{2}\|y - X\beta\|^2$$")
    assert items["expansion"].points == 0


@pytest.mark.parametrize(
    ("answer", "points", "words"),
    [
        (r"$$\frac{\partial L}{\partial w_1} = (a_2 - y) w_2 a_1 (1 - a_1) x$$", 2, "correct"),
        (
            r"$$\frac{\partial L}{\partial w_1} = (a_2-y) w_2 \sigma(z_1)(1-\sigma(z_1)) x$$",
            2,
            "correct",
        ),
        (r"$$\frac{\partial L}{\partial w_1} = (a_2 - y) w_2 x$$", 1, "missing"),
        (r"$$\frac{\partial L}{\partial w_1} = (a_2 - y) w_1 a_1 (1 - a_1) x$$", 1, "w₁"),
        (r"$$\frac{\partial L}{\partial w_1} = (a_2 - y) w_2 a_1 (1 + a_1) x$$", 1, "sign"),
        (
            r"$$\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial z_2}"
            r"\frac{\partial z_2}{\partial a_1}\frac{\partial a_1}{\partial z_1}"
            r"\frac{\partial z_1}{\partial w_1}$$",
            1,
            "not worked out",
        ),
        (r"$$\frac{\partial L}{\partial w_1}$$", 0, "not found"),
    ],
)
def test_2b_iii_partial_credit_follows_the_paper(exam, answer, points, words):
    _, items = grade(exam, "2.b.iii", answer)
    assert items["value"].points == points, items["value"].reason
    assert words in items["value"].reason


def test_sigma_prime_must_be_stated_for_sigma_prime(exam):
    _, items = grade(exam, "2.a", r"$$\sigma(z) = \frac{1}{1+e^{-z}}$$")
    assert items["sigmoid"].points == 1
    assert items["derivative"].points == 0
    assert items["derivative"].reason == "not found in the answer"  # nothing misleading named
    _, items = grade(exam, "2.a", r"$$\sigma'(z) = \frac{e^{-z}}{(1+e^{-z})^2}$$")
    assert items["derivative"].points == 1
