"""The seed sheet's prose parts, graded as a careful human grades them."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks.written import grade_written
from grader.results import PartResult
from grader.spec.load import load_problems
from grader.spec.models import WrittenPart
from grader.submission import load_submission
from grader.submission.route import route

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "submissions").rglob("000_a9cbd8169e043954.txt"))  # wherever it is kept


@pytest.fixture(scope="module")
def seed_results() -> dict[str, PartResult]:
    sub = load_submission(SEED, questions=frozenset("1234"))
    out = {}
    for problem in load_problems():
        if not problem.id.startswith("Q"):
            continue
        routed = route(problem, sub.sheet, lambda text: None)
        for part in problem.parts:
            if isinstance(part, WrittenPart):
                out[part.id] = grade_written(
                    part, routed.get(part.id, []), table=None, title=part.question
                )
    return out


@pytest.mark.parametrize(
    ("part", "points"),
    [
        ("1.a", 3),
        ("1.c", 1),
        ("2.c", 1.5),
        ("3.a", 2),
        ("3.b", 2),
        ("3.c", 2),
        ("3.d", 1),
        ("3.e", 2),
        ("4.a", 3),
        ("4.b", 5),
    ],
)
def test_seed_part_points(seed_results: dict[str, PartResult], part: str, points: float) -> None:
    assert seed_results[part].points == points


def status(result: PartResult, item: str) -> str:
    return next(i.status for i in result.items if i.id == item)


def test_seed_cubic_in_n_voids_the_cost_item(seed_results: dict[str, PartResult]) -> None:
    result = seed_results["1.c"]
    assert status(result, "cost") == "voided"
    assert status(result, "iterative") == "found"


def test_seed_trade_off_named_without_consequences_earns_half(
    seed_results: dict[str, PartResult],
) -> None:
    result = seed_results["2.c"]
    assert status(result, "step_size") == "partial"
    assert any("step_size" in r for r in result.review)


def test_seed_learning_rate_blamed_costs_one(seed_results: dict[str, PartResult]) -> None:
    result = seed_results["3.d"]
    # "multiply gradients by a no. (η) < 1": the shrinking product is there, but the factor
    # named is the learning rate, not the recurrent weight times the activation derivative
    assert [i.id for i in result.items if i.status == "found"] == ["shrink", "additive"]
    assert status(result, "learning_rate_blamed") == "deducted"


def test_seed_gates_without_sigmoid(seed_results: dict[str, PartResult]) -> None:
    result = seed_results["4.b"]
    assert status(result, "sigmoid_gates") == "missing"
    assert status(result, "forget_zero") == "found"


def test_seed_lstm_gates_without_control(seed_results: dict[str, PartResult]) -> None:
    assert status(seed_results["3.c"], "control") == "missing"
